#include "sampling/point_set.hpp"
#include "core/random.hpp"

#include <petscis.h>

#include <cmath>
#include <map>

namespace petnet {

PetscErrorCode PointSet::Create(MPI_Comm comm, int d, std::vector<double> global, PointSet *set,
                                bool on_last_rank, const std::vector<double> &mult) {
  PetscLayout layout;
  PetscFunctionBeginUser;
  PointSet s;
  s.d_        = d;
  s.n_global_ = static_cast<PetscInt>(global.size() / d);
  PetscCall(PetscLayoutCreate(comm, &layout));
  if (on_last_rank)
    PetscCall(PetscLayoutSetLocalSize(layout, Rank(comm) == Size(comm) - 1 ? s.n_global_ : 0));
  else PetscCall(PetscLayoutSetSize(layout, s.n_global_));
  PetscCall(PetscLayoutSetBlockSize(layout, 1));
  PetscCall(PetscLayoutSetUp(layout));
  PetscCall(PetscLayoutGetLocalSize(layout, &s.n_local_));
  PetscCall(PetscLayoutGetRange(layout, &s.start_, nullptr));
  PetscCall(PetscLayoutDestroy(&layout));
  s.local_.assign(global.begin() + s.start_ * d, global.begin() + (s.start_ + s.n_local_) * d);
  PetscCheck(mult.empty() || static_cast<PetscInt>(mult.size()) == s.n_global_, comm,
             PETSC_ERR_ARG_SIZ, "%zu multiplicities for %" PetscInt_FMT " points", mult.size(),
             s.n_global_);
  s.total_mult_ = static_cast<double>(s.n_global_);
  if (!mult.empty()) {
    s.mult_.assign(mult.begin() + s.start_, mult.begin() + s.start_ + s.n_local_);
    s.total_mult_ = 0;
    for (double m : mult) s.total_mult_ += m;
  }
  *set = std::move(s);
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscInt DefaultResPoints(int dim, const std::string &type) {
  return dim > 1 && type == "grid" ? 196 : 200;
}

PetscErrorCode SamplingOptions::SetFromOptions(MPI_Comm comm, int dim) {
  char      buf[64];
  PetscBool set;
  PetscFunctionBeginUser;
  PetscCall(PetscStrncpy(buf, type.c_str(), sizeof buf));
  PetscOptionsBegin(comm, nullptr, "Collocation points", "Sampling");
  PetscCall(PetscOptionsString("-sample_type", "Interior points: grid or random", "Sampling", buf,
                               buf, sizeof buf, &set));
  if (n_res == 0) n_res = DefaultResPoints(dim, buf);
  PetscCall(PetscOptionsInt("-sample_n_res",
                            "Number of interior collocation points (default 200; a 2D grid: "
                            "14^2 = 196, it needs a square)",
                            "Sampling", n_res, &n_res, nullptr));
  if (dim > 1) {
    PetscCall(PetscOptionsInt("-sample_n_bc", "Number of boundary points (-1: 4 sqrt(n_res) - 2)",
                              "Sampling", n_bc, &n_bc, nullptr));
    PetscCall(PetscOptionsInt("-sample_nx",
                              "2D grid: points along the first coordinate, n_res/nx along the "
                              "second (0: a square grid)",
                              "Sampling", nx, &nx, nullptr));
  }
  PetscCall(PetscOptionsBool(
      "-sample_fold",
      "Fold mirror-image points onto one (needs a network parity the problem shares; "
      "default: whenever it does)",
      "Sampling", fold, &fold, &fold_set));
  PetscOptionsEnd();
  type = buf;
  PetscCheck(n_res >= 1, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-sample_n_res must be >= 1, got %" PetscInt_FMT, n_res);
  PetscCheck(type == "grid" || type == "random", comm, PETSC_ERR_ARG_WRONG,
             "-sample_type must be grid or random, got %s", buf);
  if (dim == 1) n_bc = 2;
  else {
    if (n_bc < 0)
      n_bc = 4 * static_cast<PetscInt>(std::lround(std::sqrt(static_cast<double>(n_res)))) - 2;
    PetscCheck(n_bc >= 1, comm, PETSC_ERR_ARG_OUTOFRANGE,
               "-sample_n_bc must be >= 1, got %" PetscInt_FMT, n_bc);
    PetscCheck(nx >= 0, comm, PETSC_ERR_ARG_OUTOFRANGE,
               "-sample_nx must be >= 0, got %" PetscInt_FMT, nx);
    PetscCheck(nx == 0 || type == "grid", comm, PETSC_ERR_ARG_WRONG,
               "-sample_nx needs -sample_type grid");
    if (type == "grid" && nx > 0) {
      PetscCheck(n_res % nx == 0, comm, PETSC_ERR_ARG_WRONG,
                 "-sample_nx %" PetscInt_FMT " does not divide -sample_n_res %" PetscInt_FMT, nx,
                 n_res);
    } else if (type == "grid") {
      const PetscInt m = static_cast<PetscInt>(std::lround(std::sqrt(static_cast<double>(n_res))));
      PetscCheck(m * m == n_res, comm, PETSC_ERR_ARG_WRONG,
                 "-sample_type grid in 2D needs -sample_n_res to be a square (or -sample_nx), got "
                 "%" PetscInt_FMT,
                 n_res);
    }
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode InteriorPoints(MPI_Comm comm, int d, const double *lo, const double *hi,
                              const SamplingOptions &o, std::uint64_t seed,
                              std::vector<double> *pts) {
  PetscFunctionBeginUser;
  pts->clear();
  if (o.type == "random") {
    Rng rng(seed ^ 0x5a5a5a5aULL);
    for (PetscInt i = 0; i < o.n_res; ++i)
      for (int k = 0; k < d; ++k) pts->push_back(rng.Uniform(lo[k], hi[k]));
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  PetscCheck(d <= 2, comm, PETSC_ERR_SUP, "grid sampling supports d <= 2");
  const PetscInt m =
      d == 1 ? o.n_res
             : (o.nx > 0
                    ? o.nx
                    : static_cast<PetscInt>(std::lround(std::sqrt(static_cast<double>(o.n_res)))));
  const PetscInt my    = d == 1 ? 1 : o.n_res / m;
  auto           coord = [&](int k, PetscInt i, PetscInt n) {
    return lo[k] + (hi[k] - lo[k]) * (i + 1.0) / (n + 1.0);
  };
  if (d == 1)
    for (PetscInt i = 0; i < m; ++i) pts->push_back(coord(0, i, m));
  else
    for (PetscInt j = 0; j < my; ++j)
      for (PetscInt i = 0; i < m; ++i) {
        pts->push_back(coord(0, i, m));
        pts->push_back(coord(1, j, my));
      }
  PetscFunctionReturn(PETSC_SUCCESS);
}

namespace {
/// Whether boundary point x lies on a face that `faces` keeps (empty: all do).
bool OnKeptFace(int d, const double *lo, const double *hi, const std::vector<bool> &faces,
                const double *x) {
  if (faces.empty()) return true;
  for (int k = 0; k < d; ++k)
    if ((x[k] == lo[k] && faces[2 * k]) || (x[k] == hi[k] && faces[2 * k + 1])) return true;
  return false;
}
} // namespace

PetscErrorCode BoundaryPoints(MPI_Comm comm, int d, const double *lo, const double *hi,
                              PetscInt n_bc, std::vector<double> *pts,
                              const std::vector<bool> &faces) {
  PetscFunctionBeginUser;
  pts->clear();
  PetscCheck(faces.empty() || static_cast<int>(faces.size()) == 2 * d, comm, PETSC_ERR_ARG_SIZ,
             "%zu boundary face flags for dimension %d", faces.size(), d);
  if (d == 1) {
    for (int side = 0; side < 2; ++side)
      if (faces.empty() || faces[side]) pts->push_back(side ? hi[0] : lo[0]);
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  PetscCheck(d == 2, comm, PETSC_ERR_SUP, "boundary sampling supports d <= 2");
  const double wx = hi[0] - lo[0], wy = hi[1] - lo[1], per = 2 * (wx + wy);
  for (PetscInt i = 0; i < n_bc; ++i) {
    double t = per * i / n_bc; // counter-clockwise from (lo, lo)
    double x, y;
    if (t < wx) x = lo[0] + t, y = lo[1];
    else if ((t -= wx) < wy) x = hi[0], y = lo[1] + t;
    else if ((t -= wy) < wx) x = hi[0] - t, y = hi[1];
    else t -= wx, x = lo[0], y = hi[1] - t;
    const double p[2] = {x, y};
    if (!OnKeptFace(d, lo, hi, faces, p)) continue;
    pts->push_back(x);
    pts->push_back(y);
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

void FoldByParity(int d, const std::vector<Parity> &parity, double scale, std::vector<double> *pts,
                  std::vector<double> *mult) {
  const size_t n = pts->size() / d;
  if (mult->empty()) mult->assign(n, 1.0);
  const double                             tol = 1e-12 * scale;
  std::map<std::vector<long long>, size_t> seen; // quantized folded point -> index in the output
  std::vector<double>                      out, mout;
  for (size_t q = 0; q < n; ++q) {
    std::vector<long long> key(d);
    double                 x[3];
    for (int k = 0; k < d; ++k) {
      x[k] = (*pts)[q * d + k];
      if (parity[k] != Parity::None) x[k] = std::fabs(x[k]);
      key[k] = std::llround(x[k] / tol);
    }
    auto it = seen.find(key);
    if (it != seen.end()) { // a mirror image (or a duplicate) of an earlier point
      mout[it->second] += (*mult)[q];
      continue;
    }
    seen.emplace(key, mout.size());
    out.insert(out.end(), x, x + d);
    mout.push_back((*mult)[q]);
  }
  *pts  = std::move(out);
  *mult = std::move(mout);
}

std::vector<double> EvaluationGrid(int d, const double *lo, const double *hi, PetscInt n,
                                   PetscInt ny) {
  std::vector<double> g;
  if (ny <= 0) ny = n;
  auto c = [&](int k, PetscInt i, PetscInt m) {
    return m > 1 ? lo[k] + (hi[k] - lo[k]) * i / (m - 1.0) : lo[k];
  };
  if (d == 1)
    for (PetscInt i = 0; i < n; ++i) g.push_back(c(0, i, n));
  else
    for (PetscInt j = 0; j < ny; ++j)
      for (PetscInt i = 0; i < n; ++i) {
        g.push_back(c(0, i, n));
        g.push_back(c(1, j, ny));
      }
  return g;
}

} // namespace petnet
