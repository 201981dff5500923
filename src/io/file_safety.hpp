#pragma once
/// \file file_safety.hpp
/// Checks and primitives for the files petnet reads and writes, so that bad paths are
/// refused up front with one clear line instead of blocking, crashing or overwriting
/// something that is not ours:
///   - inputs (-restart, -nn_init_file, -pde_ref_file, decks) must be regular, readable
///     files: a FIFO would block the open forever, a device or directory is never data;
///   - outputs (-output PREFIX, -checkpoint_file) are checked before the run: the nearest
///     existing directory must be writable, and a file already at the target must be a
///     regular file (a symlink, device, FIFO or directory there is never replaced);
///   - temporaries are created exclusively (O_CREAT|O_EXCL, which never follows a
///     symlink); a stale one from a killed run is removed first only if it is a regular
///     file owned by this user;
///   - datasets read from HDF5 are checked against the file before their buffer is
///     allocated, so a small file cannot claim terabytes.
/// The string-returning checks run on one process and return "" when all is well, else
/// the reason (with the system's errno text where there is one).
#include "core/base.hpp"

#include <string>

namespace petnet {

/// Most values petnet reads from one dataset (the broadcasts count in int).
constexpr unsigned long long kMaxDatasetValues = 0x7fffffffULL;

/// "" if path is an existing, readable regular file, else why not.
std::string InputFileProblem(const std::string &path);
/// "" if path can be written (created or replaced) without touching anything but a
/// regular file of ours, and its temporary path + ".tmp" too; else why not.
std::string OutputFileProblem(const std::string &path);

/// Collective: rank 0 checks, everyone fails with "OPTION PATH: reason" if it failed.
PetscErrorCode CheckInputFile(MPI_Comm comm, const char *option, const std::string &path);
PetscErrorCode CheckOutputFile(MPI_Comm comm, const char *option, const std::string &path);

/// Makes way for an exclusive create of tmp: removes a stale regular file of ours,
/// refuses anything else. 0 on success, else -1 with errno set.
int ClearStaleTemp(const std::string &tmp);
/// Opens tmp for writing, created exclusively (never through a symlink); -1 and errno on
/// failure. Call ClearStaleTemp first.
int CreateExclusive(const std::string &tmp);
/// rename(tmp, target), refused (errno EEXIST or EISDIR) unless target is absent or a
/// regular file; 0 on success, else -1 with errno set.
int ReplaceRegularFile(const std::string &tmp, const std::string &target);

/// Turns off HDF5's automatic error stack printing for the whole process: every HDF5
/// failure is reported by petnet as one line.
void SilenceHDF5Errors();

/// "" if a dataset of n doubles with `stored` bytes of storage in a file of file_bytes
/// bytes (filtered: compressed, so storage says nothing) may be read; else why not.
std::string DatasetSizeProblem(unsigned long long n, unsigned long long stored, bool filtered,
                               unsigned long long file_bytes);

} // namespace petnet
