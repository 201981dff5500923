#include "io/file_safety.hpp"

#include <hdf5.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace petnet {

namespace {

/// What kind of non-regular file st describes, for messages.
const char *KindOf(const struct stat &st) {
  if (S_ISREG(st.st_mode)) return "a regular file";
  if (S_ISDIR(st.st_mode)) return "a directory";
  if (S_ISLNK(st.st_mode)) return "a symbolic link";
  if (S_ISFIFO(st.st_mode)) return "a FIFO";
  if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)) return "a device";
  if (S_ISSOCK(st.st_mode)) return "a socket";
  return "not a regular file";
}

std::string DirName(const std::string &path) {
  const size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

/// The nearest existing ancestor directory of path must be a writable directory.
std::string DirectoryProblem(const std::string &path) {
  for (std::string dir = DirName(path);; dir = DirName(dir)) {
    struct stat st;
    if (stat(dir.c_str(), &st) == 0) {
      if (!S_ISDIR(st.st_mode)) return dir + " is " + KindOf(st) + ", not a directory";
      if (access(dir.c_str(), W_OK | X_OK) != 0)
        return "cannot write in directory " + dir + ": " + std::strerror(errno);
      return "";
    }
    if (errno != ENOENT && errno != ENOTDIR) return dir + ": " + std::strerror(errno);
    if (dir == "/" || dir == ".") return dir + ": " + std::strerror(errno);
  }
}

/// Rank 0's message to every rank of comm.
PetscErrorCode ShareRootMessage(MPI_Comm comm, std::string *msg) {
  unsigned long long n = msg->size();
  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Bcast(&n, 1, MPI_UNSIGNED_LONG_LONG, 0, comm));
  msg->resize(n);
  if (n) PetscCallMPI(MPI_Bcast(&(*msg)[0], static_cast<int>(n), MPI_CHAR, 0, comm));
  PetscFunctionReturn(PETSC_SUCCESS);
}

} // namespace

std::string InputFileProblem(const std::string &path) {
  struct stat st;
  if (path.empty()) return "empty file name";
  if (stat(path.c_str(), &st) != 0) return errno == ENOENT ? "no such file" : std::strerror(errno);
  if (!S_ISREG(st.st_mode)) return std::string("is ") + KindOf(st) + ", not a regular file";
  if (access(path.c_str(), R_OK) != 0) return std::strerror(errno);
  return "";
}

std::string OutputFileProblem(const std::string &path) {
  struct stat st;
  if (path.empty()) return "empty file name";
  if (lstat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode))
    return std::string("is ") + KindOf(st) + " (only a regular file is replaced)";
  const std::string tmp = path + ".tmp";
  if (lstat(tmp.c_str(), &st) == 0 && (!S_ISREG(st.st_mode) || st.st_uid != geteuid()))
    return "its temporary " + tmp + " exists and is " +
           (S_ISREG(st.st_mode) ? std::string("another user's file") : std::string(KindOf(st)));
  return DirectoryProblem(path);
}

PetscErrorCode CheckInputFile(MPI_Comm comm, const char *option, const std::string &path) {
  std::string why;
  PetscFunctionBeginUser;
  if (Rank(comm) == 0) why = InputFileProblem(path);
  PetscCall(ShareRootMessage(comm, &why));
  PetscCheck(why.empty(), comm, PETSC_ERR_FILE_OPEN, "%s %s: %s", option, path.c_str(),
             why.c_str());
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode CheckOutputFile(MPI_Comm comm, const char *option, const std::string &path) {
  std::string why;
  PetscFunctionBeginUser;
  if (Rank(comm) == 0) why = OutputFileProblem(path);
  PetscCall(ShareRootMessage(comm, &why));
  PetscCheck(why.empty(), comm, PETSC_ERR_FILE_WRITE, "%s: cannot write %s: %s", option,
             path.c_str(), why.c_str());
  PetscFunctionReturn(PETSC_SUCCESS);
}

int ClearStaleTemp(const std::string &tmp) {
  struct stat st;
  if (lstat(tmp.c_str(), &st) != 0) return errno == ENOENT ? 0 : -1;
  if (!S_ISREG(st.st_mode) || st.st_uid != geteuid()) {
    errno = EEXIST;
    return -1;
  }
  return unlink(tmp.c_str());
}

int CreateExclusive(const std::string &tmp) {
  return open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
}

int ReplaceRegularFile(const std::string &tmp, const std::string &target) {
  struct stat st;
  if (lstat(target.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
    errno = S_ISDIR(st.st_mode) ? EISDIR : EEXIST;
    return -1;
  }
  return std::rename(tmp.c_str(), target.c_str());
}

void SilenceHDF5Errors() { H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); }

std::string DatasetSizeProblem(unsigned long long n, unsigned long long stored, bool filtered,
                               unsigned long long file_bytes) {
  if (n > kMaxDatasetValues)
    return "it claims " + std::to_string(n) + " values, more than petnet reads (" +
           std::to_string(kMaxDatasetValues) + ")";
  const unsigned long long bytes = n * sizeof(double);
  if (!filtered && (stored < bytes || file_bytes < bytes))
    return "it claims " + std::to_string(n) + " values (" + std::to_string(bytes) +
           " bytes) but the file stores " +
           std::to_string(stored < file_bytes ? stored : file_bytes) +
           " bytes of them (truncated or corrupt?)";
  return "";
}

} // namespace petnet
