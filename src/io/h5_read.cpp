#include "io/h5_read.hpp"

#include <hdf5.h>

namespace petnet {

PetscErrorCode ReadDataset(MPI_Comm comm, const std::string &file, const std::string &path,
                           std::vector<double> *data, std::vector<unsigned long long> *dims) {
  int                             status = 0; // 0 ok, 1 no file, 2 no dataset, 3 read error
  std::vector<unsigned long long> shape;
  std::vector<double>             buf;
  PetscFunctionBeginUser;
  if (Rank(comm) == 0) {
    H5E_auto2_t old_func;
    void       *old_data;
    H5Eget_auto2(H5E_DEFAULT, &old_func, &old_data);
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); // errors are reported below, once
    const hid_t f = H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    if (f < 0) status = 1;
    else {
      const hid_t d =
          H5Lexists(f, path.c_str(), H5P_DEFAULT) > 0 ? H5Dopen2(f, path.c_str(), H5P_DEFAULT) : -1;
      if (d < 0) status = 2;
      else {
        const hid_t          s  = H5Dget_space(d);
        const int            nd = H5Sget_simple_extent_ndims(s);
        std::vector<hsize_t> hd(nd > 0 ? nd : 0);
        if (nd > 0) H5Sget_simple_extent_dims(s, hd.data(), nullptr);
        size_t total = 1;
        for (hsize_t v : hd) total *= v, shape.push_back(v);
        buf.resize(total);
        if (H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf.data()) < 0)
          status = 3;
        H5Sclose(s);
        H5Dclose(d);
      }
      H5Fclose(f);
    }
    H5Eset_auto2(H5E_DEFAULT, old_func, old_data);
  }
  PetscCallMPI(MPI_Bcast(&status, 1, MPI_INT, 0, comm));
  PetscCheck(status != 1, comm, PETSC_ERR_FILE_OPEN, "cannot open HDF5 file %s", file.c_str());
  PetscCheck(status != 2, comm, PETSC_ERR_FILE_UNEXPECTED, "HDF5 file %s has no dataset %s",
             file.c_str(), path.c_str());
  PetscCheck(status != 3, comm, PETSC_ERR_FILE_READ, "cannot read dataset %s of %s", path.c_str(),
             file.c_str());
  unsigned long long nd = shape.size();
  PetscCallMPI(MPI_Bcast(&nd, 1, MPI_UNSIGNED_LONG_LONG, 0, comm));
  shape.resize(nd);
  PetscCallMPI(MPI_Bcast(shape.data(), static_cast<int>(nd), MPI_UNSIGNED_LONG_LONG, 0, comm));
  unsigned long long total = 1;
  for (auto v : shape) total *= v;
  buf.resize(total);
  PetscCallMPI(MPI_Bcast(buf.data(), static_cast<int>(total), MPI_DOUBLE, 0, comm));
  *data = std::move(buf);
  *dims = std::move(shape);
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace petnet
