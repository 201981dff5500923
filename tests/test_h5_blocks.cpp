// Distributed datasets (io/h5_blocks): every rank writes its contiguous run of a dataset's
// elements into a file rank 0 created; read back, the file holds each element once, at its
// place — for uneven splits that cut through rows, an empty rank, through MPI-IO and through
// the gather to rank 0.
#include "core/base.hpp"
#include "io/h5_blocks.hpp"
#include "io/h5_read.hpp"
#include "io/h5_write.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <unistd.h>
#include <vector>

namespace {

using namespace petnet;

struct Shape {
  std::string                     path;
  std::vector<unsigned long long> dims;
  unsigned long long              Total() const {
                 unsigned long long n = 1;
                 for (auto d : dims) n *= d;
    return n;
  }
};

const std::vector<Shape> kShapes = {
    {"a/line", {7}}, {"a/box", {3, 4, 5}}, {"b/plane", {2, 3}}, {"b/four", {2, 1, 3, 2}}};

std::string FileName(MPI_Comm comm, const char *tag) {
  std::string name = std::string("/tmp/petnet_h5_blocks_") + tag + "_" +
                     std::to_string(static_cast<long>(getpid())) + ".h5";
  long len = static_cast<long>(name.size());
  MPI_Bcast(&len, 1, MPI_LONG, 0, comm); // rank 0's pid names the file for all
  name.resize(static_cast<size_t>(len));
  MPI_Bcast(&name[0], static_cast<int>(len), MPI_CHAR, 0, comm);
  return name;
}

/// Rank 0 creates the file with the shapes, empty; true on every rank if it did.
bool CreateEmpty(MPI_Comm comm, const std::string &file) {
  static const std::vector<double> none;
  std::vector<H5Dataset>           sets;
  for (auto &s : kShapes) sets.push_back({s.path, &none, s.dims});
  int ok = Rank(comm) == 0 ? WriteH5Groups(file, {{"/", {}}}, sets) : 1;
  MPI_Bcast(&ok, 1, MPI_INT, 0, comm);
  return ok == 1;
}

/// This rank's run of the dataset's elements, holding the values 0.5·index + 1: rank r
/// gets a share r + 1, except that the last of three or more ranks gets none.
H5Block Part(MPI_Comm comm, const Shape &s, std::vector<double> *store) {
  const int                size = Size(comm), rank = Rank(comm);
  const unsigned long long n = s.Total();
  auto weight = [&](int r) -> unsigned long long { return size >= 3 && r == size - 1 ? 0 : r + 1; };
  unsigned long long weights = 0, before = 0;
  for (int r = 0; r < size; ++r) weights += weight(r);
  for (int r = 0; r < rank; ++r) before += weight(r);
  const unsigned long long first = n * before / weights,
                           last  = n * (before + weight(rank)) / weights;
  store->clear();
  for (unsigned long long i = first; i < last; ++i) store->push_back(0.5 * i + 1.0);
  return {s.path, store, first};
}

void CheckRoundTrip(bool parallel) {
  MPI_Comm          comm = PETSC_COMM_WORLD;
  const std::string file = FileName(comm, parallel ? "mpio" : "gather");
  ASSERT_TRUE(CreateEmpty(comm, file));
  std::vector<std::vector<double>> store(kShapes.size());
  std::vector<H5Block>             blocks;
  for (size_t i = 0; i < kShapes.size(); ++i) blocks.push_back(Part(comm, kShapes[i], &store[i]));
  ASSERT_TRUE(WriteH5Blocks(comm, file, blocks, parallel));
  for (auto &s : kShapes) {
    std::vector<double>             data;
    std::vector<unsigned long long> dims;
    ASSERT_EQ(ReadDataset(comm, file, s.path, &data, &dims), 0) << s.path;
    EXPECT_EQ(dims, s.dims) << s.path;
    ASSERT_EQ(data.size(), s.Total()) << s.path;
    for (size_t k = 0; k < data.size(); ++k)
      EXPECT_EQ(data[k], 0.5 * k + 1.0) << s.path << " " << k;
  }
  if (Rank(comm) == 0) std::remove(file.c_str());
}

TEST(H5Blocks, UnevenRunsThroughMpiIo) {
  if (!H5IsParallel()) GTEST_SKIP() << "this HDF5 is not parallel";
  CheckRoundTrip(true);
}

TEST(H5Blocks, UnevenRunsGatheredToRankZero) { CheckRoundTrip(false); }

TEST(H5Blocks, OutOfRangeFailsOnEveryRank) {
  MPI_Comm          comm = PETSC_COMM_WORLD;
  const std::string file = FileName(comm, "range");
  ASSERT_TRUE(CreateEmpty(comm, file));
  // The last rank's run ends one element past the 7-element line.
  std::vector<double> mine(Rank(comm) == Size(comm) - 1 ? 8 : 0, 1.0);
  for (bool parallel : {true, false}) {
    if (parallel && !H5IsParallel()) continue;
    EXPECT_FALSE(WriteH5Blocks(comm, file, {{"a/line", &mine, 0}}, parallel));
    EXPECT_FALSE(WriteH5Blocks(comm, file, {{"a/missing", &mine, 0}}, parallel));
  }
  if (Rank(comm) == 0) std::remove(file.c_str());
}

} // namespace
