#pragma once
/// \file h5_read.hpp
/// Reading back what RunOutput wrote: one double dataset of an HDF5 file, read by
/// rank 0 and broadcast to every rank of comm.
#include "core/base.hpp"

#include <string>
#include <vector>

namespace petnet {

/// data: the values (row-major), dims: the shape. One clear error if the file or the
/// dataset is missing.
PetscErrorCode ReadDataset(MPI_Comm comm, const std::string &file, const std::string &path,
                           std::vector<double> *data, std::vector<unsigned long long> *dims);

} // namespace petnet
