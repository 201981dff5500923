#pragma once
/// \file h5_read.hpp
/// Reading back what RunOutput wrote: one double dataset of an HDF5 file, read by
/// rank 0 and broadcast to every rank of comm.
#include "core/base.hpp"

#include <hdf5.h>

#include <string>
#include <vector>

namespace petnet {

/// data: the values (row-major), dims: the shape. One clear error if the file is not a
/// readable regular file, or the dataset is missing or larger than the file can hold.
PetscErrorCode ReadDataset(MPI_Comm comm, const std::string &file, const std::string &path,
                           std::vector<double> *data, std::vector<unsigned long long> *dims);

/// Where an output records the periods of its network's inputs (written only for a
/// network with a periodic coordinate).
constexpr const char *kPeriodDataset = "nn/period";

/// A network's parameters from an earlier run's output (dataset "theta" of `file`, e.g.
/// -nn_init_file): replaces *theta, whose size is the network's (`network` names it in the
/// error when the file holds a different number). With `period` (the network's, one per
/// coordinate) the file's kPeriodDataset (absent: nothing periodic) must hold the same.
PetscErrorCode ReadParameters(MPI_Comm comm, const char *option, const std::string &file,
                              const std::string &network, std::vector<double> *theta,
                              const std::vector<double> &period = {});

/// One process: dataset `path` of the open file f (file_bytes long on disk) into data
/// and dims, its size checked against the file before anything is allocated. Returns
/// "" or why it could not be read.
std::string ReadDoubles(hid_t f, const std::string &path, unsigned long long file_bytes,
                        std::vector<double> *data, std::vector<unsigned long long> *dims);

} // namespace petnet
