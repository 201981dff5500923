#pragma once
/// \file output.hpp
/// Run results: `-output PREFIX` writes PREFIX.h5 (datasets + attributes),
/// PREFIX.json (the summary) and, for 2D fields, PREFIX.xmf (io/xdmf.hpp). Everything is collected
/// in memory during the run and written at the end: rank 0 creates the files, each first under a
/// temporary name, and every rank writes its own part of the distributed datasets into the HDF5
/// file (MPI-IO, io/h5_blocks.hpp) before rank 0 renames them, so a failed or rejected run leaves
/// nothing under the prefix. Both carry the run's provenance (io/provenance.hpp);
/// docs/OUTPUT.md describes the layout.
#include "core/base.hpp"
#include "io/json.hpp"
#include "io/provenance.hpp"
#include "io/xdmf.hpp"

#include <string>
#include <vector>

namespace petnet {

/// What a dataset holds, written as its attributes "axes", "description" and, where
/// not empty, "units".
struct DatasetInfo {
  std::string axes;        ///< one name per dimension, slowest first: "point, coordinate"
  std::string description; ///< one line
  std::string units = "";  ///< e.g. "s"; empty: none (the problems are nondimensional)
};

class RunOutput {
public:
  /// Reads -output PREFIX (empty: no files). Call before any work is done.
  PetscErrorCode     SetFromOptions(MPI_Comm comm);
  bool               enabled() const { return !prefix_.empty(); }
  const std::string &prefix() const { return prefix_; }

  /// The JSON summary (fill it on every rank; rank 0's copy is written).
  Json &summary() { return summary_; }

  /// Queue a dataset for PREFIX.h5. `path` may contain groups ("path/eps").
  /// `dims` gives the shape (row-major); empty means 1-D of data.size().
  /// Only rank 0's data is written (AddDistributedDataset for data split over the ranks).
  void AddDataset(const std::string &path, const DatasetInfo &info, std::vector<double> data,
                  std::vector<unsigned long long> dims = {});
  /// Queue a dataset of shape `dims` whose elements are split over the ranks: this rank
  /// holds `mine`, the elements [offset, offset + mine.size()) in row-major order. Call on
  /// every rank with the same path, info and dims, in the same order relative to the other
  /// distributed datasets; the parts must cover the dataset once.
  void AddDistributedDataset(const std::string &path, const DatasetInfo &info,
                             std::vector<double> mine, std::vector<unsigned long long> dims,
                             unsigned long long offset);
  /// Where the run came from (the /run group and the summary's "run" object); RunJob
  /// adds the wall time of each stage.
  Provenance &provenance() { return provenance_; }

  /// Queue a string attribute on the root group of PREFIX.h5.
  void AddAttribute(const std::string &name, const std::string &value);

  /// Queue a grid and its 2D fields for the XDMF sidecar PREFIX.xmf (written only when
  /// there is one; the fields must be datasets of this file).
  void AddXdmfGrid(XdmfGrid grid) { grids_.push_back(std::move(grid)); }

  /// Write the files (collective). No-op without -output.
  PetscErrorCode Write(MPI_Comm comm);

private:
  struct Dataset {
    std::string                     path;
    std::vector<double>             data;
    std::vector<unsigned long long> dims;
    DatasetInfo                     info;
    bool                            distributed = false;
    unsigned long long              offset      = 0; ///< of this rank's part (distributed)
  };
  std::vector<H5Group>   Groups() const;
  std::vector<H5Dataset> Sets() const;
  int                    CreateHdf5(int *sys) const;
  int                    FinishFiles(int err, int *sys) const;

  std::string                                      prefix_;
  std::vector<XdmfGrid>                            grids_;
  Provenance                                       provenance_;
  Json                                             summary_ = Json::Object();
  std::vector<Dataset>                             datasets_;
  std::vector<std::pair<std::string, std::string>> attributes_;
};

/// All options in the database as one "-name value ..." string (for provenance).
std::string OptionsString();

} // namespace petnet
