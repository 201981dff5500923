#include "io/checkpoint.hpp"

#include "core/signals.hpp"
#include "io/file_safety.hpp"
#include "io/h5_read.hpp"
#include "io/h5_write.hpp"

#include <hdf5.h>

#include <cerrno>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace petnet {

namespace {

const char *kFormat  = "petnet-checkpoint";
const char *kVersion = "1";
const char *kNoFile  = "no such file";

/// FNV-1a (64 bit) over every key and the bytes of its values, in key order.
std::string Checksum(const SolverState &s) {
  std::uint64_t h   = 1469598103934665603ULL;
  auto          add = [&h](const void *p, size_t n) {
    const unsigned char *c = static_cast<const unsigned char *>(p);
    for (size_t i = 0; i < n; ++i) h = (h ^ c[i]) * 1099511628211ULL;
  };
  for (auto &kv : s.Entries()) {
    add(kv.first.c_str(), kv.first.size() + 1);
    const std::uint64_t n = kv.second.size();
    add(&n, sizeof n);
    add(kv.second.data(), kv.second.size() * sizeof(double));
  }
  char buf[24];
  std::snprintf(buf, sizeof buf, "%016" PRIx64, h);
  return buf;
}

/// A string attribute of the root group; false if missing or unreadable.
bool ReadAttribute(hid_t f, const char *name, std::string *value) {
  if (H5Aexists(f, name) <= 0) return false;
  hid_t a = H5Aopen(f, name, H5P_DEFAULT);
  if (a < 0) return false;
  hid_t  type = H5Aget_type(a);
  bool   ok   = type >= 0 && H5Tget_class(type) == H5T_STRING;
  size_t n    = ok ? H5Tget_size(type) : 0;
  ok          = ok && n < (1u << 24); // a header string, never megabytes
  std::vector<char> buf(n + 1, '\0');
  ok = ok && H5Aread(a, type, buf.data()) >= 0;
  if (type >= 0) H5Tclose(type);
  H5Aclose(a);
  if (ok) *value = std::string(buf.data());
  return ok;
}

/// Rank 0's part of Load: the file's state, or the reason it cannot be resumed.
std::string ReadCheckpoint(const std::string                                      &file,
                           const std::vector<std::pair<std::string, std::string>> &identity,
                           SolverState *s, PetscInt *steps) {
  struct stat sb;
  if (stat(file.c_str(), &sb) != 0) return errno == ENOENT ? kNoFile : std::strerror(errno);
  const std::string bad = InputFileProblem(file);
  if (!bad.empty()) return bad;
  if (H5Fis_hdf5(file.c_str()) <= 0) return "not an HDF5 file (truncated or corrupt?)";
  const hid_t f = H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (f < 0) return "cannot open it as HDF5 (truncated or corrupt?)";
  std::string err, v, keys, sum;
  if (!ReadAttribute(f, "format", &v) || v != kFormat) err = "not a petnet checkpoint";
  else if (!ReadAttribute(f, "version", &v) || v != kVersion)
    err = "checkpoint format version " + v + ", this petnet reads version " + kVersion;
  for (auto &id : identity) {
    if (!err.empty()) break;
    if (!ReadAttribute(f, ("id:" + id.first).c_str(), &v))
      err = "corrupt checkpoint (no " + id.first + " recorded)";
    else if (v != id.second)
      err = "incompatible checkpoint: written for " + id.first + " " + v + ", this run has " +
            id.first + " " + id.second;
  }
  if (err.empty() && (!ReadAttribute(f, "keys", &keys) || !ReadAttribute(f, "checksum", &sum) ||
                      !ReadAttribute(f, "steps", &v)))
    err = "corrupt checkpoint (header incomplete)";
  if (err.empty()) *steps = static_cast<PetscInt>(std::strtoll(v.c_str(), nullptr, 10));
  for (size_t a = 0, b; err.empty() && a < keys.size(); a = b + 1) {
    b = keys.find('\n', a);
    if (b == std::string::npos) b = keys.size();
    const std::string key = keys.substr(a, b - a), path = "state/" + key;
    if (key.empty()) continue;
    std::vector<double>             buf;
    std::vector<unsigned long long> dims;
    if (H5Lexists(f, "state", H5P_DEFAULT) <= 0) err = "corrupt checkpoint (no group state)";
    else err = ReadDoubles(f, path, static_cast<unsigned long long>(sb.st_size), &buf, &dims);
    if (!err.empty()) {
      err = "corrupt checkpoint (" + err + ")";
      break;
    }
    s->Put(key, std::move(buf));
  }
  H5Fclose(f);
  if (err.empty() && Checksum(*s) != sum) err = "corrupt checkpoint (checksum mismatch)";
  return err;
}

/// fsync a file or directory by name; 0 on success.
int SyncPath(const std::string &path, bool directory) {
  const int fd = open(path.c_str(), directory ? O_RDONLY | O_DIRECTORY : O_RDONLY);
  if (fd < 0) return -1;
  const int rc = fsync(fd);
  close(fd);
  return rc;
}

} // namespace

void Checkpoint::Identify(const std::string &name, double value) {
  char buf[32];
  for (int digits = 15; digits <= 17; ++digits) { // the shortest text that reads back exactly
    std::snprintf(buf, sizeof buf, "%.*g", digits, value);
    if (std::strtod(buf, nullptr) == value) break;
  }
  Identify(name, std::string(buf));
}

void Checkpoint::IdentifyRun(const std::string &problem, const std::string &method, long params,
                             long rows, long seed) {
  Identify("problem", problem);
  Identify("method", method);
  Identify("parameter count", std::to_string(params));
  Identify("row count", std::to_string(rows));
  Identify("seed", std::to_string(seed));
}

PetscErrorCode Checkpoint::SetFromOptions(MPI_Comm comm, const std::string &output_prefix) {
  char      file[PETSC_MAX_PATH_LEN] = "", restart[PETSC_MAX_PATH_LEN] = "";
  PetscBool fset = PETSC_FALSE;
  PetscFunctionBeginUser;
  comm_ = comm;
  file_ = output_prefix.empty() ? "petnet.ckpt.h5" : output_prefix + ".ckpt.h5";
  PetscCall(PetscStrncpy(file, file_.c_str(), sizeof file));
  PetscOptionsBegin(comm, nullptr, "Checkpoint and restart", "Checkpoint");
  PetscCall(PetscOptionsInt("-checkpoint_every",
                            "Write a checkpoint after every K solver steps (0: never)",
                            "Checkpoint", every_, &every_, nullptr));
  PetscCall(PetscOptionsReal("-checkpoint_interval",
                             "Write a checkpoint after the first step completed SECONDS after the "
                             "start or the last checkpoint (0: never)",
                             "Checkpoint", interval_, &interval_, nullptr));
  PetscCall(PetscOptionsString("-checkpoint_file",
                               "Checkpoint file (default PREFIX.ckpt.h5 for -output PREFIX)",
                               "Checkpoint", file, file, sizeof file, &fset));
  PetscCall(PetscOptionsString("-restart",
                               "Continue the run from this checkpoint file (auto: from "
                               "-checkpoint_file if it can be resumed, else from scratch)",
                               "Checkpoint", restart, restart, sizeof restart, nullptr));
  PetscOptionsEnd();
  file_      = file;
  auto_      = std::strcmp(restart, "auto") == 0;
  restart_   = auto_ ? "" : restart;
  last_save_ = MPI_Wtime();
  PetscCheck(interval_ >= 0, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-checkpoint_interval must be >= 0 seconds, got %g", interval_);
  PetscCheck(every_ >= 0, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "-checkpoint_every must be >= 0, got %" PetscInt_FMT, every_);
  PetscCheck(!file_.empty() && file_.back() != '/', comm, PETSC_ERR_ARG_WRONG,
             "-checkpoint_file needs a file name such as out/run1.ckpt.h5, got '%s'", file);
  if (every_ > 0) PetscCall(CheckOutputFile(comm, "-checkpoint_file", file_));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/// Rank 0 reads file; every rank gets the error ("" if none) and, without one, the state.
PetscErrorCode Checkpoint::Fetch(const std::string &file, std::string *err, SolverState *s,
                                 PetscInt *steps) const {
  std::vector<double> all;
  std::string         keys;
  std::vector<double> sizes; // per key: number of values
  PetscFunctionBeginUser;
  if (Rank(comm_) == 0) {
    H5E_auto2_t old_func;
    void       *old_data;
    H5Eget_auto2(H5E_DEFAULT, &old_func, &old_data);
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); // one error line, not HDF5's stack
    *err = ReadCheckpoint(file, identity_, s, steps);
    H5Eset_auto2(H5E_DEFAULT, old_func, old_data);
    for (auto &kv : s->Entries()) {
      keys += kv.first + '\n';
      sizes.push_back(static_cast<double>(kv.second.size()));
      all.insert(all.end(), kv.second.begin(), kv.second.end());
    }
  }
  // Broadcast: the error (if any), then keys, sizes and values.
  unsigned long long len[4] = {err->size(), keys.size(), sizes.size(), all.size()};
  PetscCallMPI(MPI_Bcast(len, 4, MPI_UNSIGNED_LONG_LONG, 0, comm_));
  err->resize(len[0]);
  PetscCallMPI(MPI_Bcast(&(*err)[0], static_cast<int>(len[0]), MPI_CHAR, 0, comm_));
  if (!err->empty()) PetscFunctionReturn(PETSC_SUCCESS);
  keys.resize(len[1]);
  sizes.resize(len[2]);
  all.resize(len[3]);
  PetscCallMPI(MPI_Bcast(&keys[0], static_cast<int>(len[1]), MPI_CHAR, 0, comm_));
  PetscCallMPI(MPI_Bcast(sizes.data(), static_cast<int>(len[2]), MPI_DOUBLE, 0, comm_));
  PetscCallMPI(MPI_Bcast(all.data(), static_cast<int>(len[3]), MPI_DOUBLE, 0, comm_));
  PetscCallMPI(MPI_Bcast(steps, 1, MPIU_INT, 0, comm_));
  if (Rank(comm_) != 0) {
    size_t at = 0, pos = 0;
    for (double n : sizes) {
      const size_t e = keys.find('\n', pos);
      s->Put(keys.substr(pos, e - pos),
             std::vector<double>(all.begin() + at, all.begin() + at + static_cast<size_t>(n)));
      at += static_cast<size_t>(n);
      pos = e + 1;
    }
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode Checkpoint::Load() {
  std::string err;
  SolverState s;
  PetscInt    steps = 0;
  PetscFunctionBeginUser;
  if (restart_.empty() && !auto_) PetscFunctionReturn(PETSC_SUCCESS);
  const std::string file = auto_ ? file_ : restart_;
  PetscCall(Fetch(file, &err, &s, &steps));
  if (auto_ && !err.empty()) {
    if (err == kNoFile)
      PetscCall(PetscPrintf(
          comm_, "petnet: -restart auto: no checkpoint %s, starting from scratch\n", file.c_str()));
    else
      PetscCall(PetscPrintf(comm_,
                            "petnet: -restart auto: %s cannot be resumed (%s), starting from "
                            "scratch\n",
                            file.c_str(), err.c_str()));
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  PetscCheck(err.empty(), comm_, PETSC_ERR_FILE_READ, "-restart %s: %s", file.c_str(), err.c_str());
  restart_      = file;
  resume_       = std::make_unique<SolverState>(std::move(s));
  steps_        = steps;
  restart_step_ = steps;
  PetscCall(PetscPrintf(comm_,
                        "petnet: restarting from %s (after %" PetscInt_FMT " solver steps)\n",
                        restart_.c_str(), steps));
  PetscFunctionReturn(PETSC_SUCCESS);
}

void Checkpoint::Summarize(Json &js) const {
  if (Saving() || saves_ > 0) {
    Json &c    = js["checkpoint"];
    c          = Json::Object();
    c["file"]  = file_;
    c["every"] = static_cast<long>(every_);
    if (interval_ > 0) c["interval_s"] = interval_;
    c["saves"]   = static_cast<long>(saves_);
    c["seconds"] = seconds_;
  }
  if (Restarting()) {
    Json &r   = js["restarted_from"];
    r         = Json::Object();
    r["file"] = restart_;
    r["step"] = static_cast<long>(restart_step_);
  }
}

PetscErrorCode Checkpoint::Step(const StateCapture &capture) {
  PetscFunctionBeginUser;
  ++steps_;
  ArmStopSignals(); // the solver reports steps, so it can stop after one
  // One allreduce: a stop signal on any rank, and rank 0's clock on the interval.
  int local[2] = {PendingStopSignal(), 0}, agreed[2];
  if (interval_ > 0 && Rank(comm_) == 0) local[1] = MPI_Wtime() - last_save_ >= interval_;
  PetscCallMPI(MPI_Allreduce(local, agreed, 2, MPI_INT, MPI_MAX, comm_));
  if ((every_ > 0 && steps_ % every_ == 0) || agreed[0] || agreed[1]) {
    SolverState s;
    PetscCall(capture(&s));
    PetscCall(Save(s));
    last_save_ = MPI_Wtime();
  }
  if (agreed[0]) {
    stop_signal_ = agreed[0];
    PetscCall(PetscPrintf(comm_,
                          "petnet: %s received: stopping after solver step %" PetscInt_FMT
                          ", state saved to %s\n",
                          StopSignalName(stop_signal_), steps_, file_.c_str()));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode Checkpoint::Save(const SolverState &s) {
  int          err = 0, errno_saved = 0;
  const double t0 = MPI_Wtime();
  PetscFunctionBeginUser;
  if (Rank(comm_) == 0) {
    const std::string      tmp = file_ + ".tmp";
    std::string            keys;
    std::vector<H5Dataset> sets;
    for (auto &kv : s.Entries()) {
      keys += kv.first + '\n';
      sets.push_back({"state/" + kv.first, &kv.second, {}});
    }
    std::vector<std::pair<std::string, std::string>> attrs = {
        {"format", kFormat},
        {"version", kVersion},
        {"steps", std::to_string(steps_)},
        {"ranks", std::to_string(Size(comm_))},
        {"keys", keys},
        {"checksum", Checksum(s)}};
    for (auto &id : identity_) attrs.emplace_back("id:" + id.first, id.second);
    if (MakeParentDirs(file_) != 0) err = 1;
    if (!err && !WriteH5File(tmp, attrs, sets, &errno_saved)) err = 2;
    if (!err && SyncPath(tmp, false) != 0) err = 3;
    if (!err && ReplaceRegularFile(tmp, file_) != 0) err = 4;
    if (err != 2) errno_saved = errno;
    if (err >= 3) std::remove(tmp.c_str());
    if (!err) { // make the rename itself durable
      const size_t slash = file_.rfind('/');
      SyncPath(slash == std::string::npos ? "." : file_.substr(0, slash + 1), true);
    }
  }
  PetscCallMPI(MPI_Bcast(&err, 1, MPI_INT, 0, comm_));
  PetscCallMPI(MPI_Bcast(&errno_saved, 1, MPI_INT, 0, comm_));
  PetscCheck(!err, comm_, PETSC_ERR_FILE_WRITE, "could not write checkpoint %s: %s", file_.c_str(),
             errno_saved ? std::strerror(errno_saved) : "HDF5 write failed");
  ++saves_;
  seconds_ += MPI_Wtime() - t0;
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace petnet
