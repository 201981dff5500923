#include "nn/deeponet.hpp"

#include "core/random.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace petnet {

int SubnetLayout::MaxWidth() const { return *std::max_element(sizes.begin(), sizes.end()); }

namespace {
SubnetLayout MakeSubnet(int in, const std::vector<int> &hidden, int out, PetscInt offset) {
  SubnetLayout s;
  s.sizes.push_back(in);
  s.sizes.insert(s.sizes.end(), hidden.begin(), hidden.end());
  s.sizes.push_back(out);
  s.offset   = offset;
  PetscInt o = offset;
  for (int l = 0; l + 1 < static_cast<int>(s.sizes.size()); ++l) {
    s.woff.push_back(o);
    o += static_cast<PetscInt>(s.sizes[l + 1]) * (s.sizes[l] + 1);
  }
  s.n_params = o - offset;
  return s;
}

void InitSubnet(const SubnetLayout &s, Rng &rng, double *theta) {
  for (int l = 0; l < s.NumLayers(); ++l) {
    const int    fan_in = s.sizes[l], fan_out = s.sizes[l + 1];
    const double sd = std::sqrt(2.0 / (fan_in + fan_out));
    for (int k = 0; k < fan_in * fan_out; ++k) theta[s.WeightOffset(l) + k] = sd * rng.Normal();
    for (int k = 0; k < fan_out; ++k) theta[s.BiasOffset(l) + k] = 0.0;
  }
}

std::string Sizes(const SubnetLayout &s) {
  std::ostringstream o;
  for (size_t l = 0; l < s.sizes.size(); ++l) o << (l ? "-" : "") << s.sizes[l];
  return o.str();
}
} // namespace

PetscErrorCode DeepONetLayout::Create(MPI_Comm comm, int m, int d,
                                      const std::vector<int> &branch_hidden,
                                      const std::vector<int> &trunk_hidden, int K,
                                      DeepONetLayout *layout, double trunk_period) {
  PetscFunctionBeginUser;
  PetscCheck(m >= 1, comm, PETSC_ERR_ARG_OUTOFRANGE, "DeepONet needs >= 1 sensor, got %d", m);
  PetscCheck(d >= 1 && d <= 3, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "DeepONet trunk dimension must be 1..3, got %d", d);
  PetscCheck(K >= 1, comm, PETSC_ERR_ARG_OUTOFRANGE, "DeepONet needs >= 1 basis function, got %d",
             K);
  PetscCheck(!branch_hidden.empty() && !trunk_hidden.empty(), comm, PETSC_ERR_ARG_OUTOFRANGE,
             "DeepONet branch and trunk need at least one hidden layer each");
  PetscCheck(branch_hidden.size() + 1 <= 12 && trunk_hidden.size() + 1 <= 12, comm,
             PETSC_ERR_ARG_OUTOFRANGE, "DeepONet sub-networks support at most 11 hidden layers");
  for (int w : branch_hidden)
    PetscCheck(w >= 1, comm, PETSC_ERR_ARG_OUTOFRANGE, "hidden width must be >= 1, got %d", w);
  for (int w : trunk_hidden)
    PetscCheck(w >= 1, comm, PETSC_ERR_ARG_OUTOFRANGE, "hidden width must be >= 1, got %d", w);
  PetscCheck(trunk_period >= 0 && std::isfinite(trunk_period), comm, PETSC_ERR_ARG_OUTOFRANGE,
             "DeepONet trunk period must be >= 0, got %g", trunk_period);
  DeepONetLayout L;
  const bool     periodic = trunk_period > 0;
  L.branch_               = MakeSubnet(m, branch_hidden, K, 0);
  L.trunk_                = MakeSubnet(periodic ? d + 1 : d, trunk_hidden, K, L.branch_.n_params);
  L.trunk_.period         = trunk_period;
  L.n_params_             = L.branch_.n_params + L.trunk_.n_params + 1;
  *layout                 = L;
  PetscFunctionReturn(PETSC_SUCCESS);
}

std::string DeepONetLayout::Describe() const {
  std::ostringstream o;
  o << "branch " << Sizes(branch_) << ", trunk ";
  if (trunk_.period > 0) o << "periodic(" << trunk_.period << ") ";
  o << Sizes(trunk_) << " (p = " << n_params_ << ")";
  return o.str();
}

void XavierNormalInit(const DeepONetLayout &layout, std::uint64_t seed, double *theta) {
  Rng rng(seed);
  InitSubnet(layout.Branch(), rng, theta);
  InitSubnet(layout.Trunk(), rng, theta);
  theta[layout.BiasOffset()] = 0.0;
}

} // namespace petnet
