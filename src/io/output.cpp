#include "io/output.hpp"

#include "io/file_safety.hpp"
#include "io/h5_blocks.hpp"
#include "io/h5_write.hpp"
#include "io/xdmf.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <sys/stat.h>
#include <unistd.h>

namespace petnet {

namespace {

/// Writes text to a new file created exclusively; false with the errno in *sys.
bool WriteText(const std::string &file, const std::string &text, int *sys) {
  const int fd = ClearStaleTemp(file) == 0 ? CreateExclusive(file) : -1;
  FILE     *fp = fd >= 0 ? fdopen(fd, "w") : nullptr;
  if (!fp) {
    *sys = errno;
    if (fd >= 0) close(fd), std::remove(file.c_str());
    return false;
  }
  bool ok = std::fwrite(text.data(), 1, text.size(), fp) == text.size();
  ok      = std::fflush(fp) == 0 && ok;
  if (!ok) *sys = errno;
  if (std::fclose(fp) != 0 && ok) ok = false, *sys = errno;
  if (!ok) std::remove(file.c_str());
  return ok;
}

} // namespace

PetscErrorCode RunOutput::SetFromOptions(MPI_Comm comm) {
  char      buf[PETSC_MAX_PATH_LEN] = "";
  PetscBool set                     = PETSC_FALSE;
  PetscFunctionBeginUser;
  PetscCall(provenance_.Start(comm));
  summary_["schema_version"] = kOutputSchemaVersion;
  PetscOptionsBegin(comm, nullptr, "Output options", "RunOutput");
  PetscCall(PetscOptionsString("-output", "Prefix for PREFIX.h5 and PREFIX.json (empty: none)",
                               "RunOutput", buf, buf, sizeof buf, &set));
  PetscOptionsEnd();
  prefix_ = buf;
  if (set) {
    PetscCheck(!prefix_.empty() && prefix_.back() != '/', comm, PETSC_ERR_ARG_WRONG,
               "-output needs a file prefix such as out/run1, got '%s'", buf);
    // A run whose results cannot be written fails now, not after the work.
    PetscCall(CheckOutputFile(comm, "-output", prefix_ + ".h5"));
    PetscCall(CheckOutputFile(comm, "-output", prefix_ + ".json"));
    PetscCall(CheckOutputFile(comm, "-output", prefix_ + ".xmf"));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

void RunOutput::AddDataset(const std::string &path, const DatasetInfo &info,
                           std::vector<double> data, std::vector<unsigned long long> dims) {
  if (dims.empty()) dims.push_back(data.size());
  datasets_.push_back({path, std::move(data), std::move(dims), info});
}

void RunOutput::AddDistributedDataset(const std::string &path, const DatasetInfo &info,
                                      std::vector<double>             mine,
                                      std::vector<unsigned long long> dims,
                                      unsigned long long              offset) {
  datasets_.push_back({path, std::move(mine), std::move(dims), info, true, offset});
}

void RunOutput::AddAttribute(const std::string &name, const std::string &value) {
  attributes_.emplace_back(name, value);
}

std::vector<H5Group> RunOutput::Groups() const {
  std::vector<H5Group> groups = {{"/", {}}};
  for (auto &a : attributes_) groups[0].attributes.push_back(H5Attribute::Text(a.first, a.second));
  for (auto &g : provenance_.ToGroups()) groups.push_back(g);
  return groups;
}

std::vector<H5Dataset> RunOutput::Sets() const {
  static const std::vector<double> none; // a distributed dataset: created, filled later
  std::vector<H5Dataset>           sets;
  for (auto &d : datasets_) {
    sets.push_back({d.path, d.distributed ? &none : &d.data, d.dims});
    sets.back().attributes = {H5Attribute::Text("axes", d.info.axes),
                              H5Attribute::Text("description", d.info.description)};
    if (!d.info.units.empty())
      sets.back().attributes.push_back(H5Attribute::Text("units", d.info.units));
  }
  return sets;
}

/// Rank 0: the directory and PREFIX.h5.tmp with every group, attribute and dataset (the
/// distributed ones created empty); the step that failed (0: none) and its errno in *sys
/// (0: HDF5's own).
int RunOutput::CreateHdf5(int *sys) const {
  if (MakeParentDirs(prefix_) != 0) return *sys = errno, 1;
  return WriteH5Groups(prefix_ + ".h5.tmp", Groups(), Sets(), sys) ? 0 : 2;
}

/// Rank 0, after the HDF5 temporary is complete (err 0) or failed (err: its step): the
/// other temporaries, then the renames; the step that failed (0: none) and its errno in
/// *sys. Nothing but complete files is left.
int RunOutput::FinishFiles(int err, int *sys) const {
  const std::string h5 = prefix_ + ".h5", js = prefix_ + ".json", xmf = prefix_ + ".xmf";
  const bool        xdmf  = !grids_.empty();
  const size_t      slash = prefix_.rfind('/');
  const std::string base  = (slash == std::string::npos ? prefix_ : prefix_.substr(slash + 1));
  if (!err) err = WriteText(js + ".tmp", summary_.Dump(), sys) ? 0 : 3;
  // The sidecar after the HDF5 file is closed; it names the .h5 relative to itself.
  if (!err && xdmf) err = WriteText(xmf + ".tmp", XdmfDocument(base + ".h5", grids_), sys) ? 0 : 4;
  if (!err &&
      (ReplaceRegularFile(h5 + ".tmp", h5) != 0 || ReplaceRegularFile(js + ".tmp", js) != 0 ||
       (xdmf && ReplaceRegularFile(xmf + ".tmp", xmf) != 0)))
    err = 5, *sys = errno;
  struct stat st;
  // An earlier run's sidecar would describe datasets this file may not have.
  if (!err && !xdmf && lstat(xmf.c_str(), &st) == 0 && S_ISREG(st.st_mode))
    std::remove(xmf.c_str());
  if (err >= 2) std::remove((h5 + ".tmp").c_str());
  if (err >= 4) std::remove((js + ".tmp").c_str());
  if (err >= 5 && xdmf) std::remove((xmf + ".tmp").c_str());
  return err;
}

PetscErrorCode RunOutput::Write(MPI_Comm comm) {
  PetscFunctionBeginUser;
  if (prefix_.empty()) PetscFunctionReturn(PETSC_SUCCESS);
  int err = 0, sys = 0; // err: the step that failed; sys: its errno (0: HDF5's own)
  PetscCall(provenance_.Finish(comm));
  summary_["run"] = provenance_.ToJson();
  const bool root = Rank(comm) == 0;
  if (root) err = CreateHdf5(&sys);
  PetscCallMPI(MPI_Bcast(&err, 1, MPI_INT, 0, comm));
  std::vector<H5Block> blocks;
  for (auto &d : datasets_)
    if (d.distributed) blocks.push_back({d.path, &d.data, d.offset});
  // Every rank writes its parts into the file rank 0 created (WriteH5Blocks agrees on the
  // outcome, so the ranks stay in step).
  if (!err && !blocks.empty() && !WriteH5Blocks(comm, prefix_ + ".h5.tmp", blocks, H5IsParallel()))
    err = 2;
  if (root) err = FinishFiles(err, &sys);
  PetscCallMPI(MPI_Bcast(&err, 1, MPI_INT, 0, comm));
  PetscCallMPI(MPI_Bcast(&sys, 1, MPI_INT, 0, comm));
  static const char *what[] = {"",
                               "creating its directory",
                               "writing the HDF5 file",
                               "writing the JSON summary",
                               "writing the XDMF sidecar",
                               "renaming the temporaries"};
  PetscCheck(!err, comm, PETSC_ERR_FILE_WRITE, "could not write %s.{h5,json,xmf} (%s): %s",
             prefix_.c_str(), what[err], sys ? std::strerror(sys) : "HDF5 error");
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
