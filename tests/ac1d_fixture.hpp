#pragma once
// A small 1D Allen–Cahn PINN (2 x 10 tanh MLP, n_res interior points, 2 boundary rows) for
// solver tests.
#include "pde/allen_cahn.hpp"
#include "residuals/pinn_residual.hpp"

#include <vector>

namespace petnet_test {
using namespace petnet;

struct AC1D {
  AllenCahn1D         problem;
  MLPLayout           layout;
  PointSet            interior, boundary;
  PinnResidual        f;
  std::vector<double> theta;
  AC1D(MPI_Comm comm, PetscInt n_res) {
    MLPLayout::Create(comm, 1, {10, 10}, &layout);
    SamplingOptions o;
    o.n_res                = n_res;
    double              lo = 0, hi = 1;
    std::vector<double> ip, bp;
    InteriorPoints(comm, 1, &lo, &hi, o, 0, &ip);
    BoundaryPoints(comm, 1, &lo, &hi, 2, &bp);
    PointSet::Create(comm, 1, ip, &interior);
    PointSet::Create(comm, 1, bp, &boundary, true);
    f.Setup(comm, &problem, layout, interior, boundary, 1.0);
    theta.resize(layout.NumParams());
    XavierNormalInit(layout, 3, theta.data());
  }
};

} // namespace petnet_test
