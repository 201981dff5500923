#pragma once
/// \file h5_write.hpp
/// Writing an HDF5 file of double datasets, with string or number attributes on the
/// root group, on other groups and on the datasets (one process; used by RunOutput for
/// results and by Checkpoint for restart files).
#include <string>
#include <utility>
#include <vector>

namespace petnet {

/// A scalar attribute: a string, or a double when `numeric`.
struct H5Attribute {
  std::string        name, text;
  double             number  = 0;
  bool               numeric = false;
  static H5Attribute Text(std::string name, std::string text) {
    return {std::move(name), std::move(text), 0.0, false};
  }
  static H5Attribute Number(std::string name, double value) {
    return {std::move(name), "", value, true};
  }
};

struct H5Dataset {
  std::string                path;      ///< may contain groups ("path/eps"); created as needed
  const std::vector<double> *data;      ///< empty with a non-empty shape: created, not written
                                        ///< (its space allocated; io/h5_blocks.hpp fills it)
  std::vector<unsigned long long> dims; ///< row-major shape; empty: 1-D of data->size()
  std::vector<H5Attribute>        attributes = {};
};

/// A group and its attributes ("/" is the root group; others are created as needed).
struct H5Group {
  std::string              path;
  std::vector<H5Attribute> attributes;
};

/// Creates file exclusively (a stale regular file of ours there is removed first; a
/// symlink or anything else is refused) and writes the groups, then the datasets; false
/// on any failure, with the system's errno in *sys_errno (0 if the failure was HDF5's
/// own) and nothing left behind.
bool WriteH5Groups(const std::string &file, const std::vector<H5Group> &groups,
                   const std::vector<H5Dataset> &datasets, int *sys_errno = nullptr);
/// The same with string attributes on the root group only.
bool WriteH5File(const std::string                                      &file,
                 const std::vector<std::pair<std::string, std::string>> &attributes,
                 const std::vector<H5Dataset> &datasets, int *sys_errno = nullptr);

/// mkdir -p of the directory part of path; 0 on success.
int MakeParentDirs(const std::string &path);

} // namespace petnet
