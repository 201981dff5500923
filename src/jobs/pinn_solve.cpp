// The MLP job, steps 5–6: the solvers and the report (jobs/pinn_job.hpp).
#include "jobs/pinn_job.hpp"

#include "core/finite.hpp"
#include "core/log.hpp"
#include "io/h5_read.hpp"

#include <cmath>

namespace petnet {

PetscErrorCode PinnEvaluator::operator()(const std::vector<double> &theta, double lambda,
                                         double *values) const {
  std::vector<double> u;
  PetscFunctionBeginUser;
  PetscCall(f->EvaluateU(theta.data(), grid, &u));
  if (reference->Has(lambda)) {
    double num = 0, den = 0;
    for (size_t q = 0; q < u.size(); ++q) {
      const double e = reference->At(&grid[q * d], lambda);
      num += (u[q] - e) * (u[q] - e);
      den += e * e;
    }
    values[kL2re] = std::sqrt(num / den);
  }
  if (d == 1) values[kInterfaceX] = ZeroCrossing(u);
  PetscFunctionReturn(PETSC_SUCCESS);
}

double PinnEvaluator::ZeroCrossing(const std::vector<double> &u) const {
  double best = -1, mid = 0.5 * (grid.front() + grid.back());
  for (size_t q = 0; q + 1 < u.size(); ++q)
    if ((u[q] <= 0 && u[q + 1] > 0) || (u[q] >= 0 && u[q + 1] < 0)) {
      const double x = grid[q] + (grid[q + 1] - grid[q]) * u[q] / (u[q] - u[q + 1]);
      if (best < 0 || std::fabs(x - mid) < std::fabs(best - mid)) best = x;
    }
  return best;
}

namespace {

Json NumberOrNull(double v, bool valid) { return valid ? Json(v) : Json(); }

} // namespace

/// The listed parameter values (e.g. Table 2's eps), last visit of each: JSON and stdout.
PetscErrorCode PinnJob::EmitWaypoints(const std::vector<PathPoint> &hist,
                                      const std::vector<double>    &waypoints) {
  const char *name = pde_->ParameterName();
  Json        wps  = Json::Array();
  PetscFunctionBeginUser;
  for (double w : waypoints) {
    const PathPoint *hit = nullptr;
    for (auto &pt : hist)
      if (std::fabs(pt.lambda - w) <= 1e-12 * std::fmax(1.0, std::fabs(w))) hit = &pt;
    if (!hit) continue;
    Json e            = Json::Object();
    e[name]           = hit->lambda;
    e["loss"]         = hit->loss;
    const double l2re = hit->values[kL2re];
    e["l2re"]         = NumberOrNull(l2re, l2re >= 0);
    wps.Push(e);
    PetscCall(PetscPrintf(comm_, "petnet: waypoint %s = %.6g  loss = %.3e  L2RE = %.3e\n", name,
                          hit->lambda, hit->loss, l2re));
  }
  Summary()["waypoints"] = wps;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/// The path (either strategy): JSON array, HDF5 datasets, and the waypoints' figures.
PetscErrorCode PinnJob::EmitPath(const std::vector<PathPoint> &hist,
                                 const std::vector<double>    &waypoints) {
  const char         *name = pde_->ParameterName();
  Json                path = Json::Array();
  std::vector<double> h_l, h_loss, h_l2, h_x, h_its, h_step;
  PetscFunctionBeginUser;
  for (auto &pt : hist) {
    const double l2re = pt.values[kL2re], xi = pt.values[kInterfaceX];
    Json         e     = Json::Object();
    e[name]            = pt.lambda;
    e["l2re"]          = NumberOrNull(l2re, l2re >= 0);
    e["loss"]          = pt.loss;
    e["interface_x"]   = NumberOrNull(xi, xi >= 0);
    e["corrector_its"] = static_cast<long>(pt.corrector_its);
    e["step"]          = pt.step;
    path.Push(e);
    h_l.push_back(pt.lambda);
    h_loss.push_back(pt.loss);
    h_l2.push_back(l2re);
    h_x.push_back(xi);
    h_its.push_back(static_cast<double>(pt.corrector_its));
    h_step.push_back(pt.step);
  }
  Summary()["path"] = path;
  if (!waypoints.empty()) PetscCall(EmitWaypoints(hist, waypoints));
  const char *pt = "path point";
  solve_sets_.push_back(
      {std::string("path/") + name,
       {pt, std::string("the continuation parameter ") + name + " at each path point"},
       h_l});
  solve_sets_.push_back({"path/loss", {pt, "the PINN loss at each path point"}, h_loss});
  solve_sets_.push_back(
      {"path/l2re", {pt, "relative L2 error against the reference (-1: none there)"}, h_l2});
  solve_sets_.push_back(
      {"path/interface_x", {pt, "1D: the interface u = 0 nearest x = 1/2 (< 0: none)"}, h_x});
  solve_sets_.push_back(
      {"path/corrector_its", {pt, "corrector iterations spent on each path point"}, h_its});
  solve_sets_.push_back(
      {"path/step", {pt, std::string("the step in ") + name + " that reached it"}, h_step});
  PetscFunctionReturn(PETSC_SUCCESS);
}

/// Strategy 1: path tracking (solvers/homotopy/homotopy).
PetscErrorCode PinnJob::SolveHomotopy() {
  Json &metrics = Summary()["metrics"];
  PetscFunctionBeginUser;
  PetscCall(hom_.Solve(f_, theta_, observer_, &ckpt_));
  if (hom_.History().empty()) { // phase I failed: no good point, the path is empty
    final_        = PathPoint();
    final_.lambda = hom_.Lambda0();
    final_.loss   = NAN;
    PetscCall(observer_(theta_, final_.lambda, &final_));
  } else final_ = hom_.History().back();
  PetscCall(EmitPath(hom_.History(), hom_.Waypoints()));
  AddHomotopyMetrics(hom_, &metrics);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/// Strategy 2: one minimisation per path point (solvers/homotopy/homotopy_loss).
PetscErrorCode PinnJob::SolveHomotopyLoss() {
  Json                  &js = Summary();
  std::vector<PathPoint> hist;
  std::vector<double>    l_he, wall;
  PetscFunctionBeginUser;
  PetscCall(hl_.Solve(fhl_, theta_, observer_, &ckpt_));
  std::vector<double> stops{hl_.Lambda0()};
  for (auto &hp : hl_.History()) {
    hist.push_back(hp.base);
    l_he.push_back(hp.loss_he);
    wall.push_back(hp.wall);
  }
  stops.insert(stops.end(), hl_.Path().begin(), hl_.Path().end());
  if (hist.empty()) { // phase I failed: no good point
    final_.lambda = stops.front();
    final_.loss   = NAN;
    PetscCall(observer_(theta_, final_.lambda, &final_));
  } else final_ = hist.back();
  PetscCall(EmitPath(hist, hl_.Path().size() <= 64 ? stops : std::vector<double>()));
  solve_sets_.push_back({"path/alpha_loss_heps",
                         {"path point", "the homotopy loss alpha * L_H(eps) at each path point"},
                         l_he});
  solve_sets_.push_back(
      {"path/wall", {"path point", "wall time since the start of the solve", "s"}, wall});
  js["optimizer"]                        = hl_.Optimizer();
  js["alpha"]                            = hl_.Alpha();
  js["metrics"]["steps"]                 = static_cast<long>(hl_.Path().size());
  js["metrics"]["converged_reason_code"] = static_cast<long>(hl_.Reason());
  PetscFunctionReturn(PETSC_SUCCESS);
}

/// Adam, L-BFGS or Gauss–Newton at the target, then the loss and errors there.
PetscErrorCode PinnJob::SolveBaseline() {
  const double        target = pde_->Target();
  std::vector<double> hist;
  Vec                 r;
  PetscFunctionBeginUser;
  final_.lambda = target;
  PetscCall(PetscLogStagePush(Log::training));
  switch (method_) {
  case PinnMethod::Adam: PetscCall(adam_.Solve(f_, target, theta_, &hist, &ckpt_)); break;
  case PinnMethod::Lbfgs: {
    PetscCall(lbfgs_.Solve(f_, target, theta_, &hist, &ckpt_));
    Json &metrics          = Summary()["metrics"];
    metrics["iterations"]  = static_cast<long>(lbfgs_.Iterations());
    metrics["evaluations"] = static_cast<long>(lbfgs_.Evaluations());
  } break;
  default: {
    PetscCall(GaussNewtonSolve(f_, gn_ls_, gn_, target, theta_, &gn_res_, "GN", &ckpt_));
    hist.push_back(gn_res_.loss);
  }
  }
  PetscCall(PetscLogStagePop());
  PetscCall(f_.CreateRowVec(&r));
  PetscCall(f_.SetPoint(theta_.data(), target));
  PetscCall(f_.Loss(r, &final_.loss));
  PetscCall(VecDestroy(&r));
  PetscCall(observer_(theta_, target, &final_));
  solve_sets_.push_back(
      {"history/loss",
       {"iteration", "the loss after each iteration (Gauss-Newton: the final loss only)"},
       hist});
  Summary()["history"]["loss"] = Json::NumberArray(hist);
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode PinnJob::Solve() {
  PetscFunctionBeginUser;
  switch (method_) {
  case PinnMethod::Homotopy: PetscCall(SolveHomotopy()); break;
  case PinnMethod::HomotopyLoss: PetscCall(SolveHomotopyLoss()); break;
  default: PetscCall(SolveBaseline());
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/// u_θ and the exact solution on the evaluation grid (-reference: the exact one only).
PetscErrorCode PinnJob::Evaluate() {
  const double target = pde_->Target();
  const int    d      = pde_->Dim();
  PetscFunctionBeginUser;
  if (!opt_.reference_only) PetscCall(f_.EvaluateU(theta_.data(), grid_, &u_));
  if (opt_.reference_only || reference_->Has(target))
    for (size_t q = 0; q < grid_.size() / d; ++q)
      exact_.push_back(reference_->At(&grid_[q * d], target));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode PinnJob::Summarize(double wall) {
  PetscFunctionBeginUser;
  if (opt_.reference_only) { // no solve: no figures, but the key every summary has
    Summary()["metrics"] = Json::Object();
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  const char *name    = pde_->ParameterName();
  const bool  one_d   = pde_->Dim() == 1;
  Json       &js      = Summary();
  Json       &metrics = js["metrics"];
  metrics[name]       = final_.lambda;
  metrics["loss"]     = final_.loss;
  const double l2re = final_.values[kL2re], xi = final_.values[kInterfaceX];
  metrics["l2re"] = NumberOrNull(l2re, l2re >= 0);
  if (one_d) metrics["interface_x"] = NumberOrNull(xi, xi >= 0);
  ckpt_.Summarize(js);
  PetscCall(PetscPrintf(comm_, "petnet: final %s = %g  loss = %s", name, final_.lambda,
                        FiniteText(final_.loss).c_str()));
  if (l2re >= 0) PetscCall(PetscPrintf(comm_, "  L2RE = %.3e", l2re));
  if (one_d) PetscCall(PetscPrintf(comm_, "  interface x = %.5f", xi));
  PetscCall(PetscPrintf(comm_, "  wall %.2f s\n", wall));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/// The evaluation grid's shape: n (1D) or ny x n (2D).
std::vector<unsigned long long> PinnJob::GridShape() const {
  const unsigned long long ne = static_cast<unsigned long long>(opt_.n_eval);
  const unsigned long long ny = static_cast<unsigned long long>(opt_.n_eval_y);
  return pde_->Dim() == 1 ? std::vector<unsigned long long>{ne}
                          : std::vector<unsigned long long>{ny, ne};
}

/// The 2D fields for the XDMF sidecar: the evaluation grid's, and the reference on its nodes.
void PinnJob::AddXdmfGrids() {
  double                          lo[3], hi[3], reps;
  std::vector<double>             ru;
  std::vector<unsigned long long> rshape;
  std::string                     what;
  pde_->Bounds(lo, hi);
  const unsigned long long ne = static_cast<unsigned long long>(opt_.n_eval);
  const unsigned long long ny = static_cast<unsigned long long>(opt_.n_eval_y);
  XdmfGrid                 eval{"eval",
                UniformCoordinates(lo[0], hi[0], ne - 1.0, ne),
                UniformCoordinates(lo[1], hi[1], ny - 1.0, ny),
                {}};
  if (!opt_.reference_only) eval.fields.push_back("eval/u");
  if (!exact_.empty()) eval.fields.push_back("eval/exact");
  if (!opt_.reference_only && !exact_.empty() && exact_.size() == u_.size())
    eval.fields.push_back("eval/error");
  if (!eval.fields.empty()) out_.AddXdmfGrid(eval);
  if (reference_->Grid(&ru, &rshape, &what, &reps) && rshape.size() == 2) // nodes span the domain
    out_.AddXdmfGrid({"reference",
                      UniformCoordinates(lo[0], hi[0], rshape[1] - 1.0, rshape[1]),
                      UniformCoordinates(lo[1], hi[1], rshape[0] - 1.0, rshape[0]),
                      {"reference/u"}});
}

PetscErrorCode PinnJob::AddDatasets() {
  PetscFunctionBeginUser;
  const bool                            one_d = pde_->Dim() == 1;
  const char                           *axes  = one_d ? "x" : "y, x";
  const std::vector<unsigned long long> shape = GridShape();
  const unsigned long long              npts  = one_d ? shape[0] : shape[0] * shape[1];
  for (auto &s : solve_sets_) out_.AddDataset(s.path, s.info, std::move(s.data));
  if (!opt_.reference_only)
    out_.AddDataset("theta", {"parameter", "the network's final parameters (nn/mlp.hpp order)"},
                    theta_);
  if (!opt_.reference_only && layout_.NumPeriodic() > 0)
    out_.AddDataset(kPeriodDataset,
                    {"coordinate", "the network's period in each input coordinate (0: not "
                                   "periodic; -nn_period)"},
                    layout_.Periods());
  out_.AddDataset(
      "eval/x",
      {one_d ? "x" : "point, coordinate",
       one_d ? "the evaluation grid" : "the evaluation grid's points (x, y), x fastest"},
      grid_, one_d ? shape : std::vector<unsigned long long>{npts, 2});
  if (!opt_.reference_only)
    out_.AddDataset("eval/u", {axes, "the network's solution on the evaluation grid"}, u_, shape);
  if (!exact_.empty())
    out_.AddDataset("eval/exact", {axes, "the reference solution on the evaluation grid"}, exact_,
                    shape);
  if (!opt_.reference_only && !exact_.empty() && exact_.size() == u_.size()) {
    std::vector<double> err(u_.size());
    for (size_t i = 0; i < err.size(); ++i) err[i] = u_[i] - exact_[i];
    out_.AddDataset("eval/error", {axes, "eval/u - eval/exact"}, err, shape);
  }
  if (!one_d) AddXdmfGrids();
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace petnet
