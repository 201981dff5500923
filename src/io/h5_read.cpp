#include "io/h5_read.hpp"

#include "io/file_safety.hpp"

#include <sys/stat.h>

#include <cstdio>

namespace petnet {

std::string ReadDoubles(hid_t f, const std::string &path, unsigned long long file_bytes,
                        std::vector<double> *data, std::vector<unsigned long long> *dims) {
  data->clear();
  dims->clear();
  if (H5Lexists(f, path.c_str(), H5P_DEFAULT) <= 0) return "no dataset " + path;
  const hid_t d = H5Dopen2(f, path.c_str(), H5P_DEFAULT);
  if (d < 0) return "cannot open dataset " + path;
  const hid_t          s = H5Dget_space(d), plist = H5Dget_create_plist(d);
  const int            nd       = s >= 0 ? H5Sget_simple_extent_ndims(s) : -1;
  const bool           filtered = plist < 0 || H5Pget_nfilters(plist) != 0;
  std::string          why      = nd < 0 ? "cannot read the shape of dataset " + path : "";
  unsigned long long   total    = 1;
  std::vector<hsize_t> hd(nd > 0 ? nd : 0);
  if (nd > 0) H5Sget_simple_extent_dims(s, hd.data(), nullptr);
  for (hsize_t v : hd) {
    if (__builtin_mul_overflow(total, static_cast<unsigned long long>(v), &total)) total = ~0ULL;
    dims->push_back(v);
  }
  if (why.empty()) why = DatasetSizeProblem(total, H5Dget_storage_size(d), filtered, file_bytes);
  if (!why.empty() && nd >= 0) why = "dataset " + path + ": " + why;
  if (why.empty()) {
    data->resize(total);
    if (total && H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, data->data()) < 0)
      why = "cannot read dataset " + path;
  }
  if (plist >= 0) H5Pclose(plist);
  if (s >= 0) H5Sclose(s);
  H5Dclose(d);
  return why;
}

namespace {

/// ReadDataset; with `found`, a missing dataset is no error (*found tells which).
PetscErrorCode ReadDatasetIf(MPI_Comm comm, const std::string &file, const std::string &path,
                             std::vector<double> *data, std::vector<unsigned long long> *dims,
                             bool *found) {
  std::string                     why;
  std::vector<unsigned long long> shape;
  std::vector<double>             buf;
  int                             exists = 1;
  PetscFunctionBeginUser;
  if (Rank(comm) == 0) {
    struct stat st;
    why           = InputFileProblem(file);
    const hid_t f = why.empty() && stat(file.c_str(), &st) == 0 && H5Fis_hdf5(file.c_str()) > 0
                        ? H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT)
                        : -1;
    if (f < 0)
      why = "cannot open HDF5 file " + file + ": " +
            (why.empty() ? "not an HDF5 file (truncated or corrupt?)" : why);
    else if (found && H5Lexists(f, path.c_str(), H5P_DEFAULT) <= 0) {
      exists = 0;
      H5Fclose(f);
    } else {
      why = ReadDoubles(f, path, static_cast<unsigned long long>(st.st_size), &buf, &shape);
      if (!why.empty()) why = "HDF5 file " + file + ": " + why;
      H5Fclose(f);
    }
  }
  unsigned long long len[4] = {why.size(), shape.size(), buf.size(),
                               static_cast<unsigned long long>(exists)};
  PetscCallMPI(MPI_Bcast(len, 4, MPI_UNSIGNED_LONG_LONG, 0, comm));
  if (found) *found = len[3] != 0;
  why.resize(len[0]);
  if (len[0]) PetscCallMPI(MPI_Bcast(&why[0], static_cast<int>(len[0]), MPI_CHAR, 0, comm));
  PetscCheck(why.empty(), comm, PETSC_ERR_FILE_READ, "%s", why.c_str());
  shape.resize(len[1]);
  buf.resize(len[2]);
  PetscCallMPI(MPI_Bcast(shape.data(), static_cast<int>(len[1]), MPI_UNSIGNED_LONG_LONG, 0, comm));
  PetscCallMPI(MPI_Bcast(buf.data(), static_cast<int>(len[2]), MPI_DOUBLE, 0, comm));
  *data = std::move(buf);
  *dims = std::move(shape);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/// "6.283185307,0": a list of periods as the error lines show them.
std::string PeriodText(const std::vector<double> &period) {
  std::string s;
  char        buf[32];
  for (size_t k = 0; k < period.size(); ++k) {
    std::snprintf(buf, sizeof buf, "%s%.10g", k ? "," : "", period[k]);
    s += buf;
  }
  return s.empty() ? "none" : s;
}

} // namespace

PetscErrorCode ReadDataset(MPI_Comm comm, const std::string &file, const std::string &path,
                           std::vector<double> *data, std::vector<unsigned long long> *dims) {
  PetscFunctionBeginUser;
  PetscCall(ReadDatasetIf(comm, file, path, data, dims, nullptr));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode ReadParameters(MPI_Comm comm, const char *option, const std::string &file,
                              const std::string &network, std::vector<double> *theta,
                              const std::vector<double> &period) {
  std::vector<double>             t0, p0;
  std::vector<unsigned long long> dims;
  bool                            found = false;
  PetscFunctionBeginUser;
  if (!period.empty()) {
    PetscCall(ReadDatasetIf(comm, file, kPeriodDataset, &p0, &dims, &found));
    if (!found) p0.assign(period.size(), 0.0);
    PetscCheck(p0 == period, comm, PETSC_ERR_FILE_UNEXPECTED,
               "%s %s holds a network with -nn_period %s, this network has -nn_period %s", option,
               file.c_str(), PeriodText(p0).c_str(), PeriodText(period).c_str());
  }
  PetscCall(ReadDataset(comm, file, "theta", &t0, &dims));
  PetscCheck(t0.size() == theta->size(), comm, PETSC_ERR_FILE_UNEXPECTED,
             "%s %s holds %zu parameters, the network %s has %zu", option, file.c_str(), t0.size(),
             network.c_str(), theta->size());
  *theta = std::move(t0);
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace petnet
