#include "io/output.hpp"

#include "io/h5_write.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>

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

PetscErrorCode RunOutput::Write(MPI_Comm comm) {
  PetscFunctionBeginUser;
  if (prefix_.empty()) PetscFunctionReturn(PETSC_SUCCESS);
  int err = 0;
  if (Rank(comm) == 0) {
    const std::string      h5 = prefix_ + ".h5", js = prefix_ + ".json";
    std::vector<H5Dataset> sets;
    for (auto &d : datasets_) sets.push_back({d.path, &d.data, d.dims});
    if (MakeParentDirs(prefix_) != 0) err = 1;
    if (!err && !WriteH5File(h5 + ".tmp", attributes_, sets)) err = 2;
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
  PetscCheck(!err, comm, PETSC_ERR_FILE_WRITE, "could not write %s.{h5,json} (step %d): %s",
             prefix_.c_str(), err, std::strerror(errno));
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
