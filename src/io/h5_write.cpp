#include "io/h5_write.hpp"

#include "io/file_safety.hpp"

#include <hdf5.h>

#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <system_error>

namespace petnet {

int MakeParentDirs(const std::string &path) {
  const std::filesystem::path dir = std::filesystem::path(path).parent_path();
  std::error_code             ec;
  if (dir.empty()) return 0;
  std::filesystem::create_directories(dir, ec);
  if (!ec) return 0;
  errno = ec.value(); // the callers report errno
  return -1;
}

namespace {

/// Writes the scalar attributes on the object `obj`; false on any failure.
bool WriteAttributes(hid_t obj, const std::vector<H5Attribute> &attributes) {
  bool ok = true;
  for (size_t i = 0; i < attributes.size() && ok; ++i) {
    const H5Attribute &a    = attributes[i];
    hid_t              type = a.numeric ? H5Tcopy(H5T_NATIVE_DOUBLE) : H5Tcopy(H5T_C_S1);
    if (!a.numeric) H5Tset_size(type, a.text.size() + 1);
    hid_t space = H5Screate(H5S_SCALAR);
    hid_t at    = H5Acreate2(obj, a.name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT);
    ok          = at >= 0 && H5Awrite(at, type,
                             a.numeric ? static_cast<const void *>(&a.number)
                                                : static_cast<const void *>(a.text.c_str())) >= 0;
    if (at >= 0) H5Aclose(at);
    H5Sclose(space);
    H5Tclose(type);
  }
  return ok;
}

/// Opens group `path` of f, creating it (and its parents) if it is not there; < 0 on failure.
hid_t OpenOrCreateGroup(hid_t f, const std::string &path, hid_t lcpl) {
  if (path == "/" || path.empty()) return H5Gopen2(f, "/", H5P_DEFAULT);
  if (H5Lexists(f, path.c_str(), H5P_DEFAULT) > 0) return H5Gopen2(f, path.c_str(), H5P_DEFAULT);
  return H5Gcreate2(f, path.c_str(), lcpl, H5P_DEFAULT, H5P_DEFAULT);
}

bool WriteDataset(hid_t f, const H5Dataset &d, hid_t lcpl) {
  std::vector<hsize_t> shape(d.dims.begin(), d.dims.end());
  if (shape.empty()) shape.push_back(d.data->size());
  hid_t space = H5Screate_simple(static_cast<int>(shape.size()), shape.data(), nullptr);
  // A dataset created without its data (filled later by the ranks, io/h5_blocks.hpp) gets
  // its space now, so that the parallel writes only move data.
  hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
  if (d.data->empty()) H5Pset_alloc_time(dcpl, H5D_ALLOC_TIME_EARLY);
  hid_t ds = H5Dcreate2(f, d.path.c_str(), H5T_NATIVE_DOUBLE, space, lcpl, dcpl, H5P_DEFAULT);
  bool  ok = ds >= 0 && (d.data->empty() || H5Dwrite(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL,
                                                     H5P_DEFAULT, d.data->data()) >= 0);
  ok       = ok && WriteAttributes(ds, d.attributes);
  if (ds >= 0) H5Dclose(ds);
  H5Pclose(dcpl);
  H5Sclose(space);
  return ok;
}

} // namespace

bool WriteH5Groups(const std::string &file, const std::vector<H5Group> &groups,
                   const std::vector<H5Dataset> &datasets, int *sys_errno) {
  int  dummy  = 0;
  int &failed = sys_errno ? *sys_errno : dummy;
  // O_CREAT|O_EXCL underneath: never through a symlink, never over someone else's file.
  errno   = 0;
  hid_t f = ClearStaleTemp(file) == 0
                ? H5Fcreate(file.c_str(), H5F_ACC_EXCL, H5P_DEFAULT, H5P_DEFAULT)
                : -1;
  failed  = errno;
  if (f < 0) return false;
  bool  ok   = true;
  hid_t lcpl = H5Pcreate(H5P_LINK_CREATE);
  H5Pset_create_intermediate_group(lcpl, 1);
  for (size_t i = 0; i < groups.size() && ok; ++i) {
    const hid_t g = OpenOrCreateGroup(f, groups[i].path, lcpl);
    ok            = g >= 0 && WriteAttributes(g, groups[i].attributes);
    if (g >= 0) H5Gclose(g);
  }
  for (size_t i = 0; i < datasets.size() && ok; ++i) ok = WriteDataset(f, datasets[i], lcpl);
  H5Pclose(lcpl);
  if (!ok) failed = errno;
  errno             = 0;
  const bool closed = H5Fclose(f) >= 0;
  if (ok && !closed) failed = errno;
  if (!ok || !closed) std::remove(file.c_str()); // ours: created exclusively above
  return ok && closed;
}

bool WriteH5File(const std::string                                      &file,
                 const std::vector<std::pair<std::string, std::string>> &attributes,
                 const std::vector<H5Dataset> &datasets, int *sys_errno) {
  H5Group root{"/", {}};
  for (auto &a : attributes) root.attributes.push_back(H5Attribute::Text(a.first, a.second));
  return WriteH5Groups(file, {root}, datasets, sys_errno);
}

} // namespace petnet
