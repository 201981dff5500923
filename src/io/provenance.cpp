#include "io/provenance.hpp"

#include "core/version.hpp"
#include "io/output.hpp"

#include <Kokkos_Core.hpp>

#include <ctime>
#include <unistd.h>

namespace petnet {

std::string UtcNow() {
  const std::time_t now = std::time(nullptr);
  std::tm           tm{};
  char              buf[32] = "";
  gmtime_r(&now, &tm);
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

void Provenance::Put(Entry e) {
  for (auto &x : entries_)
    if (x.key == e.key) {
      x = std::move(e);
      return;
    }
  entries_.push_back(std::move(e));
}

namespace {

/// s without trailing spaces.
std::string Trimmed(std::string s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\n')) s.pop_back();
  return s;
}

} // namespace

PetscErrorCode Provenance::Start(MPI_Comm comm) {
  PetscFunctionBeginUser;
  t0_ = MPI_Wtime();
  Set("petnet_version", Version());
  Set("git_revision", GitRevision());
  Set("petsc_version", PetscVersionString());
  Set("kokkos_version", KokkosVersion());
  Set("hdf5_version", Hdf5Version());
  Set("mpi_version", MpiLibraryVersion());
  Set("kokkos_execution_space", Kokkos::DefaultExecutionSpace::name());
  Set("ranks", static_cast<double>(Size(comm)));
  Set("start_utc", UtcNow());
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode Provenance::AddStage(MPI_Comm comm, const std::string &name, double seconds) {
  double slowest = seconds;
  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Allreduce(&seconds, &slowest, 1, MPI_DOUBLE, MPI_MAX, comm));
  for (auto &s : stages_)
    if (s.first == name) {
      s.second += slowest;
      PetscFunctionReturn(PETSC_SUCCESS);
    }
  stages_.emplace_back(name, slowest);
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode Provenance::Finish(MPI_Comm comm) {
  constexpr int     kHost       = 256;
  const int         size        = Size(comm);
  char              host[kHost] = "";
  std::vector<char> all(Rank(comm) == 0 ? static_cast<size_t>(size) * kHost : 0);
  int               threads[2] = {Kokkos::DefaultExecutionSpace().concurrency(), 0}, agreed[2];
  PetscFunctionBeginUser;
  gethostname(host, kHost - 1);
  PetscCallMPI(MPI_Gather(host, kHost, MPI_CHAR, all.data(), kHost, MPI_CHAR, 0, comm));
  threads[1] = -threads[0];
  PetscCallMPI(MPI_Allreduce(threads, agreed, 2, MPI_INT, MPI_MAX, comm));
  std::string hosts; // distinct names in rank order
  for (int r = 0; r < (Rank(comm) == 0 ? size : 0); ++r) {
    const std::string h(&all[static_cast<size_t>(r) * kHost]);
    if ((", " + hosts + ", ").find(", " + h + ", ") == std::string::npos)
      hosts += (hosts.empty() ? "" : ", ") + h;
  }
  Set("threads_per_rank", static_cast<double>(agreed[0]));
  if (-agreed[1] != agreed[0]) Set("threads_per_rank_min", static_cast<double>(-agreed[1]));
  Set("host", host);
  Set("hosts", hosts);
  Set("options", Trimmed(OptionsString()));
  Set("end_utc", UtcNow());
  double wall = MPI_Wtime() - t0_;
  PetscCallMPI(MPI_Allreduce(MPI_IN_PLACE, &wall, 1, MPI_DOUBLE, MPI_MAX, comm));
  Set("wall_s", wall);
  PetscFunctionReturn(PETSC_SUCCESS);
}

Json Provenance::ToJson() const {
  Json run = Json::Object();
  for (auto &e : entries_) run[e.key] = e.numeric ? Json(e.number) : Json(e.text);
  Json &st = run["stage_wall_s"];
  st       = Json::Object();
  for (auto &s : stages_) st[s.first] = s.second;
  return run;
}

std::vector<H5Group> Provenance::ToGroups() const {
  H5Group run{"/run", {}}, st{"/run/stage_wall_s", {}};
  run.attributes.push_back(
      H5Attribute::Number("schema_version", static_cast<double>(kOutputSchemaVersion)));
  for (auto &e : entries_)
    run.attributes.push_back(e.numeric ? H5Attribute::Number(e.key, e.number)
                                       : H5Attribute::Text(e.key, e.text));
  for (auto &s : stages_) st.attributes.push_back(H5Attribute::Number(s.first, s.second));
  return {run, st};
}

} // namespace petnet
