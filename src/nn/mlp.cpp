#include "nn/mlp.hpp"
#include "core/jets.hpp"
#include "core/random.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <sstream>

namespace petnet {

PetscErrorCode CheckPeriods(MPI_Comm comm, int d, const std::vector<double> &period) {
  PetscFunctionBeginUser;
  PetscCheck(period.empty() || static_cast<int>(period.size()) == d, comm, PETSC_ERR_ARG_SIZ,
             "-nn_period needs one entry per input coordinate (%d), got %zu", d, period.size());
  for (size_t k = 0; k < period.size(); ++k)
    PetscCheck(std::isfinite(period[k]) && period[k] >= 0, comm, PETSC_ERR_ARG_OUTOFRANGE,
               "-nn_period entry %zu must be 0 (not periodic) or a period > 0, got %g", k + 1,
               period[k]);
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode MLPLayout::Create(MPI_Comm comm, int d, const std::vector<int> &hidden,
                                 MLPLayout *layout, const std::vector<double> &period) {
  PetscFunctionBeginUser;
  PetscCheck(d >= 1, comm, PETSC_ERR_ARG_OUTOFRANGE, "network input dimension must be >= 1, got %d",
             d);
  PetscCheck(!hidden.empty(), comm, PETSC_ERR_ARG_OUTOFRANGE,
             "network needs at least one hidden layer");
  PetscCheck(hidden.size() < static_cast<size_t>(kMaxLayers), comm, PETSC_ERR_ARG_OUTOFRANGE,
             "network has %zu hidden layers, at most %d are supported", hidden.size(),
             kMaxLayers - 1);
  for (int w : hidden)
    PetscCheck(w >= 1 && w <= kMaxWidth, comm, PETSC_ERR_ARG_OUTOFRANGE,
               "hidden layer width must be in [1, %d], got %d", kMaxWidth, w);
  PetscCheck(d <= kMaxDim || period.empty(), comm, PETSC_ERR_ARG_OUTOFRANGE,
             "a periodic network supports at most %d input coordinates, got %d", kMaxDim, d);
  PetscCall(CheckPeriods(comm, d, period));
  MLPLayout m;
  m.d_ = d;
  if (std::any_of(period.begin(), period.end(), [](double p) { return p > 0; })) m.period_ = period;
  m.sizes_.push_back(d + m.NumPeriodic());
  m.sizes_.insert(m.sizes_.end(), hidden.begin(), hidden.end());
  m.sizes_.push_back(1);
  long long off = 0;
  for (size_t l = 0; l + 1 < m.sizes_.size(); ++l) {
    m.w_off_.push_back(static_cast<PetscInt>(off));
    off += static_cast<long long>(m.sizes_[l + 1]) * (m.sizes_[l] + 1);
    PetscCheck(off <= PETSC_MAX_INT, comm, PETSC_ERR_ARG_OUTOFRANGE,
               "network has more than %d parameters", static_cast<int>(PETSC_MAX_INT));
  }
  m.n_params_ = off;
  *layout     = m;
  PetscFunctionReturn(PETSC_SUCCESS);
}

int MLPLayout::MaxWidth() const { return *std::max_element(sizes_.begin(), sizes_.end()); }

std::vector<double> MLPLayout::Periods() const {
  return period_.empty() ? std::vector<double>(d_, 0.0) : period_;
}

int MLPLayout::NumPeriodic() const {
  return static_cast<int>(
      std::count_if(period_.begin(), period_.end(), [](double p) { return p > 0; }));
}

std::string MLPLayout::Describe() const {
  std::ostringstream s;
  for (size_t l = 0; l < sizes_.size(); ++l) s << (l ? "-" : "") << sizes_[l];
  s << " (p = " << n_params_ << ")";
  if (NumPeriodic() > 0) {
    s.precision(10);
    s << ", period";
    for (int k = 0; k < d_; ++k) s << (k ? "," : " ") << period_[k];
  }
  if (NumReflections() > 1) {
    s << ", parity";
    for (int k = 0; k < InputDim(); ++k) s << (k ? "," : " ") << ParityName(parity_[k]);
  }
  return s.str();
}

PetscErrorCode MLPLayout::SetParity(MPI_Comm comm, const std::vector<Parity> &parity) {
  PetscFunctionBeginUser;
  PetscCheck(static_cast<int>(parity.size()) == InputDim(), comm, PETSC_ERR_ARG_SIZ,
             "network parity needs one entry per input coordinate (%d), got %zu", InputDim(),
             parity.size());
  parity_ = parity;
  PetscFunctionReturn(PETSC_SUCCESS);
}

int MLPLayout::NumReflections() const {
  int n = 1;
  for (Parity p : parity_)
    if (p != Parity::None) n *= 2;
  return n;
}

void XavierNormalInit(const MLPLayout &layout, std::uint64_t seed, double *theta) {
  Rng rng(seed);
  for (int l = 0; l < layout.NumLayers(); ++l) {
    const int    fan_in = layout.Size(l), fan_out = layout.Size(l + 1);
    const double std = std::sqrt(2.0 / (fan_in + fan_out));
    double      *W   = theta + layout.WeightOffset(l);
    for (int k = 0; k < fan_in * fan_out; ++k) W[k] = std * rng.Normal();
    // With zero biases the tanh MLP is odd in x as a whole; its reflection average is then
    // identically 0 for an even number of odd (or of even) coordinates, a saddle no
    // Gauss–Newton step leaves reliably. A network with a parity starts from biases
    // uniform in ±1/√fan_in instead.
    const double bscale =
        layout.NumReflections() > 1 ? 1.0 / std::sqrt(static_cast<double>(fan_in)) : 0.0;
    double *b = theta + layout.BiasOffset(l);
    for (int k = 0; k < fan_out; ++k) b[k] = bscale ? rng.Uniform(-bscale, bscale) : 0.0;
  }
}

PetscErrorCode ParseWidths(MPI_Comm comm, const char *text, std::vector<int> *widths) {
  PetscFunctionBeginUser;
  widths->clear();
  std::string       s(text), tok;
  std::stringstream ss(s);
  while (std::getline(ss, tok, ',')) {
    char *end = nullptr;
    long  w   = std::strtol(tok.c_str(), &end, 10);
    PetscCheck(!tok.empty() && end && *end == '\0', comm, PETSC_ERR_ARG_WRONG,
               "hidden widths must be a comma-separated list of integers, got '%s'", text);
    PetscCheck(w >= 1, comm, PETSC_ERR_ARG_OUTOFRANGE,
               "hidden layer width must be >= 1, got %ld in '%s'", w, text);
    PetscCheck(w <= kMaxWidth, comm, PETSC_ERR_ARG_OUTOFRANGE,
               "hidden layer width must be <= %d, got %ld in '%s'", kMaxWidth, w, text);
    widths->push_back(static_cast<int>(w));
  }
  PetscCheck(widths->size() < static_cast<size_t>(kMaxLayers), comm, PETSC_ERR_ARG_OUTOFRANGE,
             "at most %d hidden layers are supported, got %zu in '%s'", kMaxLayers - 1,
             widths->size(), text);
  PetscCheck(!widths->empty(), comm, PETSC_ERR_ARG_WRONG, "empty list of hidden widths");
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace petnet
