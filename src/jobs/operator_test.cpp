#include "jobs/operator_test.hpp"

#include "core/resources.hpp"
#include "io/h5_read.hpp"

#include <algorithm>
#include <cmath>

namespace petnet {

namespace {

/// Zero crossing from + to − nearest the middle (the shock), linear interpolation; −1 if none.
double ShockLocation(const std::vector<double> &x, const double *u, PetscInt m) {
  double best = -1, mid = 0.5 * (x.front() + x.back());
  for (PetscInt q = 0; q + 1 < m; ++q)
    if (u[q] > 0 && u[q + 1] <= 0) {
      const double xs = x[q] + (x[q + 1] - x[q]) * u[q] / (u[q] - u[q + 1]);
      if (best < 0 || std::fabs(xs - mid) < std::fabs(best - mid)) best = xs;
    }
  return best;
}

} // namespace

PetscErrorCode OperatorTestSet::Read(MPI_Comm comm, const std::string &name, int dim, PetscInt m,
                                     int ref_dim) {
  std::vector<unsigned long long> du, dr;
  PetscFunctionBeginUser;
  PetscCall(ReadDataset(comm, name, "tests/u0", &u0, &du));
  PetscCall(ReadDataset(comm, name, "tests/reference", &reference, &dr));
  bool grid = du.size() == static_cast<size_t>(dim) + 1 && du[0] >= 1;
  for (int k = 1; grid && k <= dim; ++k) grid = du[k] == static_cast<unsigned long long>(m);
  std::string shape;
  for (unsigned long long v : du) shape += (shape.empty() ? "" : " x ") + std::to_string(v);
  PetscCheck(grid, comm, PETSC_ERR_FILE_UNEXPECTED,
             "-op_test_file %s: tests/u0 has shape %s, expected n x %s with -op_m %" PetscInt_FMT,
             name.c_str(), shape.c_str(), dim == 1 ? "m" : "m x m", m);
  std::vector<unsigned long long> want = du; // the references' shape
  for (int k = dim; k < ref_dim; ++k) want.push_back(static_cast<unsigned long long>(m));
  PetscCheck(dr == want, comm, PETSC_ERR_FILE_UNEXPECTED,
             "-op_test_file %s: tests/reference and tests/u0 differ in shape", name.c_str());
  PetscCheck(du[0] <= static_cast<unsigned long long>(PETSC_MAX_INT), comm,
             PETSC_ERR_FILE_UNEXPECTED, "-op_test_file %s: too many test inputs", name.c_str());
  file = name;
  n    = static_cast<PetscInt>(du[0]);
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OperatorTest::Run(MPI_Comm comm, OperatorProblem &pde, OperatorReference &reference,
                                 const std::vector<double> &g1, OperatorResidual &f,
                                 const InputProvider &inputs, const std::vector<double> &theta,
                                 PetscInt n_train, PetscInt n_test, PetscInt m,
                                 const OperatorTestSet &given) {
  const PetscInt      P = f.Points(), S = f.Layout().Sensors();
  const int           d = pde.Dim();
  PetscInt            tfirst;
  std::vector<double> atp(P), uref;
  PetscFunctionBeginUser;
  OwnedBlock(comm, n_test, &tfirst, &tcount_);
  tfirst_ = tfirst;
  S_      = S;
  l2re_.assign(tcount_, 0.0);
  sens_.assign(tcount_ * S, 0.0);
  const bool file = !given.file.empty(); // the user's inputs and references
  if (file) sens_.assign(given.u0.begin() + tfirst * S, given.u0.begin() + (tfirst + tcount_) * S);
  else
    for (PetscInt t = 0; t < tcount_; ++t) inputs(n_train + tfirst + t, &sens_[t * S], atp.data());
  PetscCall(f.Evaluate(theta.data(), sens_, &upred_));
  double sums[3] = {0, 0, 0}; // Σ L2RE, max L2RE, Σ shock²
  grid_err       = 0;
  nonfinite      = 0;
  uniqueness     = -1;
  if (!file && pde.UniqueSteadyState())
    PetscCall(reference.Solve(std::vector<double>(P, 0.0), &u_unique_, &grid_err));
  ref_sum_.assign(u_unique_.empty() ? P : 0, 0.0); // references of this rank's inputs
  double xs_ref = -1;
  if (d == 1 && !u_unique_.empty()) xs_ref = ShockLocation(g1, u_unique_.data(), m);
  for (PetscInt t = 0; t < tcount_; ++t) {
    const double *ur = u_unique_.data();
    if (u_unique_.empty()) {
      double ge = 0;
      if (file)
        uref.assign(&given.reference[(tfirst + t) * P], &given.reference[(tfirst + t) * P] + P);
      else
        PetscCall(reference.Solve(std::vector<double>(&sens_[t * S], &sens_[t * S] + S), &uref,
                                  t == 0 ? &ge : nullptr));
      grid_err = std::fmax(grid_err, ge);
      if (!file && tfirst + t < kUniquenessInputs) {
        double diff;
        PetscCall(reference.StartsDifference(std::vector<double>(&sens_[t * P], &sens_[t * P] + P),
                                             uref, &diff));
        uniqueness = std::fmax(uniqueness, diff);
      }
      ur = uref.data();
      ref_all_.insert(ref_all_.end(), uref.begin(), uref.end());
      for (PetscInt q = 0; q < P; ++q) ref_sum_[q] += uref[q];
    }
    double num = 0, den = 0;
    for (PetscInt q = 0; q < P; ++q) {
      num += (upred_[t * P + q] - ur[q]) * (upred_[t * P + q] - ur[q]);
      den += ur[q] * ur[q];
    }
    const double e = std::sqrt(num / den);
    l2re_[t]       = e;
    if (!std::isfinite(e)) ++nonfinite;
    sums[0] += e;
    sums[1] = std::fmax(sums[1], e);
    if (d == 1) {
      const double xs = ShockLocation(g1, &upred_[t * P], m),
                   xr = u_unique_.empty() ? ShockLocation(g1, ur, m) : xs_ref;
      const double dx = xs < 0 ? 1.0 : xs - xr; // no shock found: count a full-domain miss
      sums[2] += dx * dx;
    }
  }
  PetscCall(Reduce(comm, sums, n_test, P));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode OperatorTest::Reduce(MPI_Comm comm, const double sums[3], PetscInt n_test,
                                    PetscInt P) {
  double tot[3];
  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Allreduce(sums, tot, 1, MPI_DOUBLE, MPI_SUM, comm));
  PetscCallMPI(MPI_Allreduce(&sums[1], &tot[1], 1, MPI_DOUBLE, MPI_MAX, comm));
  PetscCallMPI(MPI_Allreduce(&sums[2], &tot[2], 1, MPI_DOUBLE, MPI_SUM, comm));
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &grid_err, 1, MPI_DOUBLE, MPI_MAX, comm));
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &nonfinite, 1, MPIU_INT, MPI_SUM, comm));
  l2re_mean = tot[0] / n_test, l2re_max = tot[1], shock_mse = tot[2] / n_test;
  if (nonfinite > 0) l2re_mean = l2re_max = NAN; // fmax skips NaN: say so instead
  if (!std::isfinite(shock_mse)) shock_mse = NAN;
  // u₀-dependent references: how far they spread, max_t ‖u_ref(t) − mean_t u_ref‖∞.
  // And in relative L2, max_t ‖u_ref(t) − ū‖ / ‖ū‖ with ū = mean_t u_ref.
  ref_spread = ref_spread_l2 = 0;
  if (u_unique_.empty()) {
    PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, ref_sum_.data(), static_cast<int>(P), MPI_DOUBLE,
                               MPI_SUM, comm));
    for (size_t k = 0; k < ref_all_.size(); ++k)
      ref_spread = std::fmax(ref_spread, std::fabs(ref_all_[k] - ref_sum_[k % P] / n_test));
    PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &ref_spread, 1, MPI_DOUBLE, MPI_MAX, comm));
    double mean2 = 0, dev2 = 0; // ‖ū‖², then the largest ‖u_ref − ū‖² of this rank
    for (PetscInt q = 0; q < P; ++q) mean2 += (ref_sum_[q] / n_test) * (ref_sum_[q] / n_test);
    for (size_t t = 0; t * P < ref_all_.size(); ++t) {
      double e = 0;
      for (PetscInt q = 0; q < P; ++q) {
        const double dq = ref_all_[t * P + q] - ref_sum_[q] / n_test;
        e += dq * dq;
      }
      dev2 = std::fmax(dev2, e);
    }
    PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &dev2, 1, MPI_DOUBLE, MPI_MAX, comm));
    ref_spread_l2 = std::sqrt(dev2 / mean2);
  }
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &uniqueness, 1, MPI_DOUBLE, MPI_MAX, comm));
  PetscFunctionReturn(PETSC_SUCCESS);
}

void OperatorTest::ReferenceMetrics(Json &metrics) const {
  if (!UniqueReference()) {
    metrics["ref_spread"]    = ref_spread;
    metrics["ref_spread_l2"] = ref_spread_l2;
  }
  if (uniqueness >= 0) metrics["reference_uniqueness"] = uniqueness;
}

PetscErrorCode OperatorTest::AddDatasets(MPI_Comm comm, int dim, PetscInt m, PetscInt P,
                                         PetscInt n_out, RunOutput &out) const {
  const unsigned long long        mm = static_cast<unsigned long long>(m);
  std::vector<unsigned long long> shape =
      dim == 1 ? std::vector<unsigned long long>{mm} : std::vector<unsigned long long>{mm, mm};
  const char    *axes   = dim == 1 ? "x" : (S_ == P ? "y, x" : "t, x");
  PetscInt       n_test = 0;
  const PetscInt rows   = std::max<PetscInt>(0, std::min(tcount_, n_out - tfirst_));
  const auto     first  = [&](const std::vector<double> &v, PetscInt n, PetscInt per = 0) {
    return std::vector<double>(v.begin(), v.begin() + n * (per ? per : P));
  };

  // the inputs' shape: as the outputs', or m sensors in x (a space-time problem)
  std::vector<unsigned long long> in_shape = S_ == P ? shape : std::vector<unsigned long long>{mm};
  std::vector<double>             refs     = ref_all_;
  PetscFunctionBeginUser;
  if (!u_unique_.empty()) // one reference for all: repeated for this rank's rows
    for (PetscInt t = 0; t < tcount_; ++t)
      refs.insert(refs.end(), u_unique_.begin(), u_unique_.end());
  PetscCallMPI(MPI_Allreduce(&tcount_, &n_test, 1, MPIU_INT, MPI_SUM, comm));
  // Each rank writes its own test inputs' rows (RunOutput::AddDistributedDataset).
  out.AddDistributedDataset("tests/l2re", {"input", "the relative L2 error of each test input"},
                            l2re_, {static_cast<unsigned long long>(n_test)},
                            static_cast<unsigned long long>(tfirst_));
  if (n_out == 0) PetscFunctionReturn(PETSC_SUCCESS);
  if (Rank(comm) == 0 && tcount_ > 0) {
    out.AddDataset("test0/u0", {S_ == P ? axes : "x", "the first test input function on the grid"},
                   first(sens_, 1, S_), in_shape);
    out.AddDataset("test0/u", {axes, "the DeepONet's prediction for it"}, first(upred_, 1), shape);
    out.AddDataset("test0/reference", {axes, "the reference solution for it"}, first(refs, 1),
                   shape);
    std::vector<double> err0 = first(upred_, 1);
    for (PetscInt q = 0; q < P; ++q) err0[q] -= refs[q];
    out.AddDataset("test0/error", {axes, "test0/u - test0/reference"}, err0, shape);
  }
  std::vector<double> err = first(upred_, rows);
  for (size_t k = 0; k < err.size(); ++k) err[k] -= refs[k];
  shape.insert(shape.begin(), static_cast<unsigned long long>(n_out));
  const std::string        in  = std::string("input, ") + axes;
  const unsigned long long off = static_cast<unsigned long long>(std::min(tfirst_, n_out) * P);
  in_shape.insert(in_shape.begin(), static_cast<unsigned long long>(n_out));
  out.AddDistributedDataset(
      "tests/u0", {S_ == P ? in : std::string("input, x"), "the test input functions on the grid"},
      first(sens_, rows, S_), in_shape,
      static_cast<unsigned long long>(std::min(tfirst_, n_out) * S_));
  out.AddDistributedDataset("tests/u", {in, "the DeepONet's predictions"}, first(upred_, rows),
                            shape, off);
  out.AddDistributedDataset("tests/reference", {in, "the reference solutions"}, first(refs, rows),
                            shape, off);
  out.AddDistributedDataset("tests/error", {in, "tests/u - tests/reference"}, std::move(err), shape,
                            off);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/// Work and time of the training (the scale figures): linearizations (Gauss–Newton,
/// predictor and corrector least-squares setups), J·v and Jᵀ·w products (one each per
/// LSQR iteration, plus one or two per solve: LSQR's start Jᵀb, the model decrease
/// J x), seconds per linearization and per Jᵀ·w product ("per LSQR iteration"), the
/// allreduce's share (it includes waiting for the slowest rank), the training's CPU seconds
/// per Jᵀ·w product (a rank's work, robust to cores shared with other jobs; MPI's busy
/// waiting counts as work), and the peak resident memory per rank so far. Times are the
/// slowest rank's.
PetscErrorCode ScaleMetrics(MPI_Comm comm, const OperatorCounters &c, double t_train,
                            double cpu_train, Json &metrics) {
  double t[5] = {c.jv_s, c.jtw_s, c.allreduce_s, t_train, cpu_train}, tmax[5], rss_max, rss_sum;
  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Allreduce(t, tmax, 5, MPI_DOUBLE, MPI_MAX, comm));
  PetscCall(PeakResidentBytes(comm, &rss_max, &rss_sum));
  const double its               = static_cast<double>(c.jtw > 0 ? c.jtw : 1),
               lin               = static_cast<double>(c.linearizations > 0 ? c.linearizations : 1);
  metrics["linearizations"]      = c.linearizations;
  metrics["jtw_products"]        = c.jtw;
  metrics["jv_products"]         = c.jv;
  metrics["s_per_linearization"] = tmax[3] / lin;
  metrics["s_per_lsqr_it"]       = tmax[3] / its;
  metrics["cpu_s_per_lsqr_it"]   = tmax[4] / its;
  metrics["products_s_per_lsqr_it"]   = (tmax[0] + tmax[1]) / its;
  metrics["allreduce_s_per_lsqr_it"]  = tmax[2] / its;
  metrics["peak_rss_bytes_max_rank"]  = rss_max;
  metrics["peak_rss_bytes_all_ranks"] = rss_sum;
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace petnet
