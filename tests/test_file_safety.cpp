// The file-safety primitives (io/file_safety), the deck pre-scan (io/deck_check) and the
// option value checks (core/option_values) on real files in a scratch directory.
#include "core/option_values.hpp"
#include "io/deck_check.hpp"
#include "io/file_safety.hpp"
#include "io/h5_write.hpp"

#include <gtest/gtest.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

namespace {

using namespace petnet;

struct Scratch {
  std::string dir;
  Scratch() {
    char tmpl[] = "/tmp/petnet_file_safety_XXXXXX";
    dir         = mkdtemp(tmpl);
  }
  ~Scratch() {
    if (std::system(("rm -rf " + dir).c_str()) != 0)
      std::fprintf(stderr, "could not remove %s\n", dir.c_str());
  }
  std::string Path(const std::string &name) const { return dir + "/" + name; }
  std::string Write(const std::string &name, const std::string &text) const {
    std::ofstream(Path(name), std::ios::binary) << text;
    return Path(name);
  }
};

std::string Read(const std::string &path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

TEST(FileSafety, InputsMustBeRegularReadableFiles) {
  Scratch s;
  EXPECT_EQ(InputFileProblem(s.Write("a.h5", "x")), "");
  EXPECT_EQ(InputFileProblem(s.Path("none.h5")), "no such file");
  EXPECT_NE(InputFileProblem(s.dir).find("is a directory"), std::string::npos);
  ASSERT_EQ(mkfifo(s.Path("fifo").c_str(), 0600), 0);
  EXPECT_NE(InputFileProblem(s.Path("fifo")).find("is a FIFO"), std::string::npos);
  EXPECT_NE(InputFileProblem("/dev/null").find("is a device"), std::string::npos);
}

TEST(FileSafety, OutputsRefuseAnythingButRegularFiles) {
  Scratch           s;
  const std::string decoy = s.Write("decoy", "keep");
  EXPECT_EQ(OutputFileProblem(s.Path("new/sub/run.h5")), ""); // missing dirs: made later
  EXPECT_EQ(OutputFileProblem(s.Write("old.h5", "old")), ""); // a regular file is replaced
  ASSERT_EQ(symlink(decoy.c_str(), s.Path("link.h5").c_str()), 0);
  EXPECT_NE(OutputFileProblem(s.Path("link.h5")).find("symbolic link"), std::string::npos);
  ASSERT_EQ(symlink(decoy.c_str(), s.Path("t.h5.tmp").c_str()), 0);
  EXPECT_NE(OutputFileProblem(s.Path("t.h5")).find("its temporary"), std::string::npos);
  EXPECT_NE(OutputFileProblem(decoy + "/x.h5").find("not a directory"), std::string::npos);
  EXPECT_NE(OutputFileProblem("/dev/null").find("is a device"), std::string::npos);
}

TEST(FileSafety, TemporariesAreExclusiveAndNeverFollowSymlinks) {
  Scratch           s;
  const std::string decoy = s.Write("decoy", "keep"), tmp = s.Path("run.h5.tmp");
  ASSERT_EQ(symlink(decoy.c_str(), tmp.c_str()), 0);
  EXPECT_NE(ClearStaleTemp(tmp), 0);  // a symlink is not ours to remove
  EXPECT_LT(CreateExclusive(tmp), 0); // nor to write through
  std::vector<double> v   = {1, 2, 3};
  int                 sys = 0;
  EXPECT_FALSE(WriteH5File(tmp, {}, {{"x", &v, {}}}, &sys));
  EXPECT_EQ(Read(decoy), "keep");
  EXPECT_EQ(unlink(tmp.c_str()), 0);
  s.Write("run.h5.tmp", "stale"); // a killed run's leftover, ours: removed, then recreated
  EXPECT_TRUE(WriteH5File(tmp, {{"a", "b"}}, {{"x", &v, {}}}, &sys));
  EXPECT_EQ(Read(tmp).substr(1, 3), "HDF"); // the new file, not the stale text
  const int fd = CreateExclusive(tmp);      // exists now: exclusive creation fails
  EXPECT_LT(fd, 0);
  EXPECT_EQ(errno, EEXIST);
}

TEST(FileSafety, WriteFailuresReportTheSystemErrno) {
  Scratch             s;
  std::vector<double> v   = {1};
  int                 sys = 0;
  SilenceHDF5Errors();
  EXPECT_FALSE(WriteH5File(s.Path("missing/dir/x.h5"), {}, {{"x", &v, {}}}, &sys));
  EXPECT_EQ(sys, ENOENT);
}

TEST(FileSafety, ReplaceOnlyRegularFiles) {
  Scratch           s;
  const std::string decoy = s.Write("decoy", "keep");
  ASSERT_EQ(symlink(decoy.c_str(), s.Path("link").c_str()), 0);
  ASSERT_EQ(mkdir(s.Path("dir").c_str(), 0755), 0);
  EXPECT_NE(ReplaceRegularFile(s.Write("t1", "new"), s.Path("link")), 0);
  EXPECT_NE(ReplaceRegularFile(s.Path("t1"), s.Path("dir")), 0);
  EXPECT_EQ(errno, EISDIR);
  EXPECT_EQ(ReplaceRegularFile(s.Path("t1"), s.Write("target", "old")), 0);
  EXPECT_EQ(Read(s.Path("target")), "new");
  EXPECT_EQ(Read(decoy), "keep");
}

TEST(FileSafety, DatasetSizesAreCheckedAgainstTheFile) {
  EXPECT_EQ(DatasetSizeProblem(100, 800, false, 4096), "");
  EXPECT_NE(DatasetSizeProblem(1ULL << 37, 0, false, 16384).find("137438953472"),
            std::string::npos);
  EXPECT_NE(DatasetSizeProblem(1000, 800, false, 1 << 20), ""); // storage too small
  EXPECT_EQ(DatasetSizeProblem(1000, 800, true, 1 << 20), "");  // compressed: storage says nothing
  EXPECT_NE(DatasetSizeProblem(kMaxDatasetValues + 1, 0, true, 0), "");
}

TEST(FileSafety, MakeParentDirsMakesEveryMissingDirectory) {
  Scratch     s;
  struct stat st {};
  EXPECT_EQ(MakeParentDirs(s.Path("a/b/c/run")), 0); // a, a/b, a/b/c made; run is not
  ASSERT_EQ(stat(s.Path("a/b/c").c_str(), &st), 0);
  EXPECT_TRUE(S_ISDIR(st.st_mode));
  EXPECT_NE(stat(s.Path("a/b/c/run").c_str(), &st), 0);
  EXPECT_EQ(MakeParentDirs(s.Path("a/b/c/run")), 0); // all there already
  EXPECT_EQ(MakeParentDirs("run"), 0);               // no directory part
  s.Write("file", "x");
  errno = 0;
  EXPECT_EQ(MakeParentDirs(s.Path("file/sub/run")), -1); // a regular file in the way
  EXPECT_NE(errno, 0);
}

TEST(DeckCheck, RepeatedKeysAndNulBytes) {
  Scratch s;
  EXPECT_EQ(DeckProblem(s.Write("ok.yaml", "problem: a\nnn:\n  hidden: 4\n  parity: odd\n"
                                           "hom:\n  eps0: 0.1 # comment: x\n  list: [a, b]\n"
                                           "note: |\n  hidden: 3\n  hidden: 4\n"
                                           "'quoted': 1\nseq:\n  - x: 1\n  - x: 2\n"),
                        true),
            "");
  EXPECT_NE(DeckProblem(s.Write("d1.yaml", "seed: 1\nmethod: adam\nseed: 2\n"), true)
                .find("key 'seed' is set twice (lines 1 and 3)"),
            std::string::npos);
  EXPECT_NE(DeckProblem(s.Write("d2.yaml", "nn:\n  hidden: 4\nnn_hidden: 5\n"), true)
                .find("key 'nn_hidden' is set twice (lines 2 and 3)"),
            std::string::npos);
  EXPECT_NE(DeckProblem(s.Write("d3.yaml", "a:\n  b:\n    c: 1\n  d: 2\n  b:\n    e: 1\n"), true)
                .find("key 'a_b' is set twice"),
            std::string::npos);
  EXPECT_NE(DeckProblem(s.Write("d4.yaml", std::string("a: 1\n\0b: 2\n", 11)), true)
                .find("NUL byte at offset 5"),
            std::string::npos);
  EXPECT_EQ(DeckProblem(s.Write("p.opts", "-a 1 -b -2\n# -a 3\n-c\n"), false), "");
  EXPECT_NE(DeckProblem(s.Write("p2.opts", "-a 1\n-b 2 -a 3\n"), false)
                .find("key '-a' is set twice (lines 1 and 2)"),
            std::string::npos);
}

TEST(OptionValues, SixtyFourBitIntegers) {
  PetscInt64 v = 0;
  EXPECT_EQ(Int64Problem("4294967297", 0, kMaxSeed, &v), "");
  EXPECT_EQ(v, 4294967297LL);
  EXPECT_NE(Int64Problem("9223372036854775808", 0, kMaxSeed, &v), "");
  EXPECT_NE(Int64Problem("-1", 0, kMaxSeed, &v), "");
  EXPECT_NE(Int64Problem("1e3", 0, kMaxSeed, &v), "");
  EXPECT_NE(Int64Problem("", 0, kMaxSeed, &v), "");
}

} // namespace
