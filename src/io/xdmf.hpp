#pragma once
/// \file xdmf.hpp
/// The XDMF sidecar PREFIX.xmf: an XML description of the 2D fields of PREFIX.h5 (and
/// space-time fields, time as the second axis) on their rectilinear grids, so that
/// ParaView or VisIt open them directly. The coordinates are written inline; the fields
/// are referenced as "PREFIX.h5:/path" by the file's name alone, so the two files move
/// together.
#include <string>
#include <vector>

namespace petnet {

/// One rectilinear grid and the datasets on it, each of shape (y.size(), x.size()) with x
/// the fast index (row-major, as petnet writes them).
struct XdmfGrid {
  std::string              name;   ///< e.g. "eval"
  std::vector<double>      x, y;   ///< node coordinates of the fast and the slow axis
  std::vector<std::string> fields; ///< dataset paths in the .h5, e.g. "eval/u"
  /// slab ≥ 0: every field is entry `slab` of a dataset of shape (slabs, y.size(), x.size())
  /// (e.g. test input k of tests/u), referenced as an XDMF HyperSlab.
  long long slab = -1, slabs = 0;
};

/// The XDMF 2 document for `grids` whose fields live in the HDF5 file `h5_name`.
std::string XdmfDocument(const std::string &h5_name, const std::vector<XdmfGrid> &grids);

/// n equally spaced coordinates lo + i (hi - lo) / div, i = 0, ..., n - 1.
std::vector<double> UniformCoordinates(double lo, double hi, double div, unsigned long long n);

} // namespace petnet
