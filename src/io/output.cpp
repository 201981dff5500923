#include "io/output.hpp"

#include <hdf5.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <sys/stat.h>

namespace petnet {

PetscErrorCode RunOutput::SetFromOptions(MPI_Comm comm) {
  char      buf[PETSC_MAX_PATH_LEN] = "";
  PetscBool set                     = PETSC_FALSE;
  PetscFunctionBeginUser;
  PetscOptionsBegin(comm, nullptr, "Output options", "RunOutput");
  PetscCall(PetscOptionsString("-output", "Prefix for PREFIX.h5 and PREFIX.json (empty: none)",
                               "RunOutput", buf, buf, sizeof buf, &set));
  PetscOptionsEnd();
  prefix_ = buf;
  if (set) {
    PetscCheck(!prefix_.empty() && prefix_.back() != '/', comm, PETSC_ERR_ARG_WRONG,
               "-output needs a file prefix such as out/run1, got '%s'", buf);
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

void RunOutput::AddDataset(const std::string &path, std::vector<double> data,
                           std::vector<unsigned long long> dims) {
  if (dims.empty()) dims.push_back(data.size());
  datasets_.push_back({path, std::move(data), std::move(dims)});
}

void RunOutput::AddAttribute(const std::string &name, const std::string &value) {
  attributes_.emplace_back(name, value);
}

// mkdir -p of the directory part of path.
static int MakeParents(const std::string &path) {
  for (size_t pos = path.find('/', 1); pos != std::string::npos; pos = path.find('/', pos + 1)) {
    std::string dir = path.substr(0, pos);
    if (mkdir(dir.c_str(), 0755) != 0 && errno != EEXIST) return -1;
  }
  return 0;
}

static bool WriteHDF5(const std::string &file, const std::vector<std::pair<std::string, std::string>> &attrs,
                      const std::vector<std::string> &paths, const std::vector<const std::vector<double> *> &data,
                      const std::vector<const std::vector<unsigned long long> *> &dims) {
  hid_t f = H5Fcreate(file.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  if (f < 0) return false;
  bool  ok   = true;
  hid_t lcpl = H5Pcreate(H5P_LINK_CREATE);
  H5Pset_create_intermediate_group(lcpl, 1);
  for (size_t i = 0; i < paths.size() && ok; ++i) {
    std::vector<hsize_t> d(dims[i]->begin(), dims[i]->end());
    hid_t space = H5Screate_simple(static_cast<int>(d.size()), d.data(), nullptr);
    hid_t ds    = H5Dcreate2(f, paths[i].c_str(), H5T_NATIVE_DOUBLE, space, lcpl, H5P_DEFAULT, H5P_DEFAULT);
    ok          = ds >= 0 && H5Dwrite(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, data[i]->data()) >= 0;
    if (ds >= 0) H5Dclose(ds);
    H5Sclose(space);
  }
  for (auto &a : attrs) {
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
  return H5Fclose(f) >= 0 && ok;
}

PetscErrorCode RunOutput::Write(MPI_Comm comm) {
  PetscFunctionBeginUser;
  if (prefix_.empty()) PetscFunctionReturn(PETSC_SUCCESS);
  int err = 0;
  if (Rank(comm) == 0) {
    const std::string h5 = prefix_ + ".h5", js = prefix_ + ".json";
    std::vector<std::string> paths;
    std::vector<const std::vector<double> *> data;
    std::vector<const std::vector<unsigned long long> *> dims;
    for (auto &d : datasets_) {
      paths.push_back(d.path);
      data.push_back(&d.data);
      dims.push_back(&d.dims);
    }
    if (MakeParents(prefix_) != 0) err = 1;
    if (!err && !WriteHDF5(h5 + ".tmp", attributes_, paths, data, dims)) err = 2;
    if (!err) {
      FILE *fp = std::fopen((js + ".tmp").c_str(), "w");
      if (!fp) err = 3;
      else {
        std::string text = summary_.Dump();
        if (std::fwrite(text.data(), 1, text.size(), fp) != text.size()) err = 3;
        if (std::fclose(fp) != 0) err = 3;
      }
    }
    if (!err && (std::rename((h5 + ".tmp").c_str(), h5.c_str()) != 0 ||
                 std::rename((js + ".tmp").c_str(), js.c_str()) != 0))
      err = 4;
    if (err) {
      std::remove((h5 + ".tmp").c_str());
      std::remove((js + ".tmp").c_str());
    }
  }
  PetscCallMPI(MPI_Bcast(&err, 1, MPI_INT, 0, comm));
  PetscCheck(!err, comm, PETSC_ERR_FILE_WRITE, "could not write %s.{h5,json} (step %d): %s", prefix_.c_str(),
             err, std::strerror(errno));
  PetscFunctionReturn(PETSC_SUCCESS);
}

std::string OptionsString() {
  char *all = nullptr;
  if (PetscOptionsGetAll(nullptr, &all) || !all) return "";
  std::string s(all);
  PetscFree(all);
  return s;
}

} // namespace petnet
