#pragma once
/// \file provenance.hpp
/// Where a run's results came from: petnet's version and git revision, the versions of
/// PETSc, Kokkos, HDF5 and MPI, the Kokkos execution space, ranks, threads, hosts, every
/// option in the database, the start and end times (ISO 8601, UTC) and the wall time of
/// each stage of the job. RunOutput writes it as the /run group of PREFIX.h5 and the
/// "run" object of PREFIX.json (docs/OUTPUT.md). Rank 0 gathers; the stage times are the
/// slowest rank's.
#include "core/base.hpp"
#include "io/h5_write.hpp"
#include "io/json.hpp"

#include <string>
#include <vector>

namespace petnet {

/// The version of the layout of PREFIX.h5 and PREFIX.json (docs/OUTPUT.md).
constexpr int kOutputSchemaVersion = 3;

class Provenance {
public:
  /// Collective: the start time (rank 0's clock) and what does not change during the run.
  PetscErrorCode Start(MPI_Comm comm);
  /// Collective: records the wall time of stage `name`, the largest over the ranks of
  /// `seconds` (repeated names add up).
  PetscErrorCode AddStage(MPI_Comm comm, const std::string &name, double seconds);
  /// Collective: the end time, the hosts and threads of every rank, the options.
  PetscErrorCode Finish(MPI_Comm comm);

  /// The "run" object of the JSON summary.
  Json ToJson() const;
  /// The groups /run and /run/stage_wall_s with their attributes.
  std::vector<H5Group> ToGroups() const;

private:
  struct Entry {
    std::string key, text;
    double      number;
    bool        numeric;
  };
  void Set(const std::string &key, const std::string &text) { Put({key, text, 0.0, false}); }
  void Set(const std::string &key, double number) { Put({key, "", number, true}); }
  /// Replaces the entry of the same key, or appends.
  void Put(Entry e);

  std::vector<Entry>                          entries_;
  std::vector<std::pair<std::string, double>> stages_;
  double                                      t0_ = 0;
};

/// The time now as ISO 8601 UTC, e.g. "2026-12-06T01:02:03Z".
std::string UtcNow();

} // namespace petnet
