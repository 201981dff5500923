#pragma once
/// \file h5_blocks.hpp
/// Filling datasets that are distributed over the ranks: each rank holds a contiguous
/// run of a dataset's elements (in row-major order) and writes it into a file that
/// rank 0 has created (io/h5_write.hpp) — through MPI-IO when the HDF5 library is
/// parallel, else by a gather to rank 0.
#include <mpi.h>

#include <string>
#include <vector>

namespace petnet {

/// This rank's part of a distributed dataset: the elements [offset, offset + data->size())
/// in row-major order. The ranks' parts may have any sizes (zero included) and together
/// cover the dataset once.
struct H5Block {
  std::string                path; ///< an existing dataset of the file
  const std::vector<double> *data;
  unsigned long long         offset;
};

/// True when this HDF5 library can write one file from many processes (MPI-IO).
bool H5IsParallel();

/// Collective on comm: writes every rank's block (the same paths, in the same order, on
/// every rank) into the datasets of `file`, which exist with their full shapes. With
/// `parallel` every rank writes its own part by MPI-IO, one collective transfer per
/// dataset; otherwise rank 0 gathers the parts and writes them. Returns the same on every
/// rank: true if every rank succeeded. On failure the file is left for the caller.
bool WriteH5Blocks(MPI_Comm comm, const std::string &file, const std::vector<H5Block> &blocks,
                   bool parallel);

} // namespace petnet
