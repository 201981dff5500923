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

bool WriteH5File(const std::string                                      &file,
                 const std::vector<std::pair<std::string, std::string>> &attributes,
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
  for (size_t i = 0; i < datasets.size() && ok; ++i) {
    const H5Dataset     &d = datasets[i];
    std::vector<hsize_t> shape(d.dims.begin(), d.dims.end());
    if (shape.empty()) shape.push_back(d.data->size());
    hid_t space = H5Screate_simple(static_cast<int>(shape.size()), shape.data(), nullptr);
    hid_t ds =
        H5Dcreate2(f, d.path.c_str(), H5T_NATIVE_DOUBLE, space, lcpl, H5P_DEFAULT, H5P_DEFAULT);
    ok = ds >= 0 && (d.data->empty() || H5Dwrite(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL,
                                                 H5P_DEFAULT, d.data->data()) >= 0);
    if (ds >= 0) H5Dclose(ds);
    H5Sclose(space);
  }
  for (auto &a : attributes) {
    if (!ok) break;
    hid_t type = H5Tcopy(H5T_C_S1);
    H5Tset_size(type, a.second.size() + 1);
    hid_t space = H5Screate(H5S_SCALAR);
    hid_t at    = H5Acreate2(f, a.first.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT);
    ok          = at >= 0 && H5Awrite(at, type, a.second.c_str()) >= 0;
    if (at >= 0) H5Aclose(at);
    H5Sclose(space);
    H5Tclose(type);
  }
  H5Pclose(lcpl);
  if (!ok) failed = errno;
  errno             = 0;
  const bool closed = H5Fclose(f) >= 0;
  if (ok && !closed) failed = errno;
  if (!ok || !closed) std::remove(file.c_str()); // ours: created exclusively above
  return ok && closed;
}

} // namespace petnet
