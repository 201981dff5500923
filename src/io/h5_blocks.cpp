#include "io/h5_blocks.hpp"

#include <hdf5.h>

#include <climits>

namespace petnet {

namespace {

/// Adds to `space` the boxes whose union is the row-major element range [a, b) of the
/// sub-array at dimension k (the coordinates of the dimensions before k fixed in start):
/// a partial first block, the whole blocks of dimension k in one box, a partial last
/// block — at most 2·rank − 1 boxes. `first` says whether the selection is still empty.
void SelectRange(hid_t space, const std::vector<hsize_t> &dims, size_t k,
                 std::vector<hsize_t> &start, hsize_t a, hsize_t b, bool &first) {
  if (a >= b) return;
  hsize_t sub = 1; // elements per index of dimension k
  for (size_t j = k + 1; j < dims.size(); ++j) sub *= dims[j];
  const hsize_t i0 = a / sub, r0 = a % sub, i1 = b / sub, r1 = b % sub;
  if (k + 1 < dims.size() && (i0 == i1 || r0 > 0)) { // a partial block first
    start[k] = i0;
    SelectRange(space, dims, k + 1, start, r0, i0 == i1 ? r1 : sub, first);
    if (i0 == i1) return;
  }
  const hsize_t full0 = r0 > 0 && k + 1 < dims.size() ? i0 + 1 : i0;
  if (i1 > full0) { // the whole blocks full0 .. i1 − 1 of dimension k
    std::vector<hsize_t> s(dims.size(), 0), c(dims.size(), 1);
    for (size_t j = 0; j < k; ++j) s[j] = start[j];
    s[k] = full0, c[k] = i1 - full0;
    for (size_t j = k + 1; j < dims.size(); ++j) c[j] = dims[j];
    H5Sselect_hyperslab(space, first ? H5S_SELECT_SET : H5S_SELECT_OR, s.data(), nullptr, c.data(),
                        nullptr);
    first = false;
  }
  if (r1 > 0 && k + 1 < dims.size()) { // a partial block last
    start[k] = i1;
    SelectRange(space, dims, k + 1, start, 0, r1, first);
  }
}

/// The file and memory selections for n values at element offset `offset` of the open
/// dataset ds; `ok` false when the run does not fit the dataset (then nothing is selected,
/// so that a collective transfer could still take place).
struct Selection {
  hid_t file = -1, memory = -1;
  bool  ok = false;
  Selection(hid_t ds, hsize_t n, hsize_t offset) {
    file = H5Dget_space(ds);
    if (file < 0) return;
    const int            rank = H5Sget_simple_extent_ndims(file);
    std::vector<hsize_t> dims(rank > 0 ? rank : 1, 1), start(dims.size(), 0);
    if (rank > 0) H5Sget_simple_extent_dims(file, dims.data(), nullptr);
    hsize_t total = 1;
    for (hsize_t d : dims) total *= d;
    const hsize_t len   = n > 0 ? n : 1;
    memory              = H5Screate_simple(1, &len, nullptr);
    bool       first    = true;
    const bool in_range = offset + n <= total;
    if (in_range && n > 0) SelectRange(file, dims, 0, start, offset, offset + n, first);
    if (first) H5Sselect_none(file), H5Sselect_none(memory);
    ok = in_range && H5Sget_select_npoints(file) == static_cast<hssize_t>(n);
  }
  ~Selection() {
    if (memory >= 0) H5Sclose(memory);
    if (file >= 0) H5Sclose(file);
  }
  /// The transfer (collective under an MPI-IO dxpl: every rank must call it).
  bool Write(hid_t ds, hid_t dxpl, const double *values, hsize_t n) const {
    const double dummy = 0.0;
    return H5Dwrite(ds, H5T_NATIVE_DOUBLE, memory, file, dxpl, n > 0 ? values : &dummy) >= 0;
  }
};

bool AllTrue(MPI_Comm comm, bool ok) {
  int mine = ok ? 1 : 0, all = 0;
  if (MPI_Allreduce(&mine, &all, 1, MPI_INT, MPI_MIN, comm) != MPI_SUCCESS) return false;
  return all == 1;
}

/// Each rank writes its own blocks (parallel HDF5). Every collective call is preceded by
/// an agreement that all ranks got there.
bool WriteParallel(MPI_Comm comm, const std::string &file, const std::vector<H5Block> &blocks) {
#ifdef H5_HAVE_PARALLEL
  hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
  H5Pset_fapl_mpio(fapl, comm, MPI_INFO_NULL);
  hid_t f = H5Fopen(file.c_str(), H5F_ACC_RDWR, fapl);
  H5Pclose(fapl);
  bool  ok   = AllTrue(comm, f >= 0);
  hid_t dxpl = H5Pcreate(H5P_DATASET_XFER);
  H5Pset_dxpl_mpio(dxpl, H5FD_MPIO_COLLECTIVE);
  for (size_t i = 0; i < blocks.size() && ok; ++i) {
    hid_t ds = H5Dopen2(f, blocks[i].path.c_str(), H5P_DEFAULT);
    ok       = AllTrue(comm, ds >= 0);
    if (ok) { // every rank's selection checked before the collective transfer
      const hsize_t   n = blocks[i].data->size();
      const Selection sel(ds, n, blocks[i].offset);
      ok = AllTrue(comm, sel.ok) && AllTrue(comm, sel.Write(ds, dxpl, blocks[i].data->data(), n));
    }
    if (ds >= 0) H5Dclose(ds);
  }
  H5Pclose(dxpl);
  const bool closed = f < 0 || H5Fclose(f) >= 0;
  return AllTrue(comm, ok && closed);
#else
  (void)file, (void)blocks;
  return AllTrue(comm, false);
#endif
}

/// Rank 0 gathers each dataset's parts and writes each at its offset.
bool WriteGathered(MPI_Comm comm, const std::string &file, const std::vector<H5Block> &blocks) {
  int rank = 0, size = 1;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &size);
  hid_t f  = rank == 0 ? H5Fopen(file.c_str(), H5F_ACC_RDWR, H5P_DEFAULT) : 0;
  bool  ok = AllTrue(comm, f >= 0);
  for (size_t i = 0; i < blocks.size() && ok; ++i) {
    const std::vector<double>      &mine = *blocks[i].data;
    const int                       n    = static_cast<int>(mine.size());
    std::vector<int>                cnt(size), dsp(size, 0);
    std::vector<unsigned long long> off(size);
    ok = AllTrue(comm, mine.size() <= static_cast<size_t>(INT_MAX));
    if (!ok) break;
    MPI_Gather(&n, 1, MPI_INT, cnt.data(), 1, MPI_INT, 0, comm);
    MPI_Gather(&blocks[i].offset, 1, MPI_UNSIGNED_LONG_LONG, off.data(), 1, MPI_UNSIGNED_LONG_LONG,
               0, comm);
    long long total = 0;
    for (int r = 0; r < size; ++r) dsp[r] = static_cast<int>(total), total += cnt[r];
    ok = AllTrue(comm, rank != 0 || total <= INT_MAX);
    if (!ok) break;
    std::vector<double> all(rank == 0 ? static_cast<size_t>(total) : 0);
    MPI_Gatherv(mine.data(), n, MPI_DOUBLE, all.data(), cnt.data(), dsp.data(), MPI_DOUBLE, 0,
                comm);
    bool wrote = true;
    if (rank == 0) {
      hid_t ds = H5Dopen2(f, blocks[i].path.c_str(), H5P_DEFAULT);
      wrote    = ds >= 0;
      for (int r = 0; r < size && wrote; ++r)
        if (cnt[r] > 0) {
          const Selection sel(ds, cnt[r], off[r]);
          wrote = sel.ok && sel.Write(ds, H5P_DEFAULT, all.data() + dsp[r], cnt[r]);
        }
      if (ds >= 0) H5Dclose(ds);
    }
    ok = AllTrue(comm, wrote);
  }
  const bool closed = rank != 0 || f < 0 || H5Fclose(f) >= 0;
  return AllTrue(comm, ok && closed);
}

} // namespace

bool H5IsParallel() {
#ifdef H5_HAVE_PARALLEL
  return true;
#else
  return false;
#endif
}

bool WriteH5Blocks(MPI_Comm comm, const std::string &file, const std::vector<H5Block> &blocks,
                   bool parallel) {
  return parallel ? WriteParallel(comm, file, blocks) : WriteGathered(comm, file, blocks);
}

} // namespace petnet
