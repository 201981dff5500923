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

/// Creates file exclusively (a stale regular file of ours there is removed first; a
/// symlink or anything else is refused) and writes everything; false on any failure,
/// with the system's errno in *sys_errno (0 if the failure was HDF5's own) and nothing
/// left behind.
bool WriteH5File(const std::string                                      &file,
                 const std::vector<std::pair<std::string, std::string>> &attributes,
                 const std::vector<H5Dataset> &datasets, int *sys_errno = nullptr);

/// mkdir -p of the directory part of path; 0 on success.
int MakeParentDirs(const std::string &path);

} // namespace petnet
