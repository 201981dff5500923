#pragma once
/// \file h5_write.hpp
/// Writing an HDF5 file of double datasets and string attributes on the root group
/// (one process; used by RunOutput for results and by Checkpoint for restart files).
#include <string>
#include <utility>
#include <vector>

namespace petnet {

struct H5Dataset {
  std::string                     path; ///< may contain groups ("path/eps"); created as needed
  const std::vector<double>      *data;
  std::vector<unsigned long long> dims; ///< row-major shape; empty: 1-D of data->size()
};

/// Creates (truncates) file and writes everything; false on any HDF5 failure.
bool WriteH5File(const std::string                                      &file,
                 const std::vector<std::pair<std::string, std::string>> &attributes,
                 const std::vector<H5Dataset>                           &datasets);

/// mkdir -p of the directory part of path; 0 on success.
int MakeParentDirs(const std::string &path);

} // namespace petnet
