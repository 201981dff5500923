// h5_fixture FILE DATASET N: a test fixture for the bad-input suite. Makes DATASET of FILE
// (created if missing, replaced if present) a 1-D double dataset claiming N values whose
// storage is never allocated, so a file of a few kilobytes can claim terabytes.
#include <hdf5.h>

#include <cstdio>
#include <cstdlib>
#include <sys/stat.h>

int main(int argc, char **argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: h5_fixture FILE DATASET N\n");
    return 2;
  }
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  struct stat st;
  const hid_t f = stat(argv[1], &st) == 0
                      ? H5Fopen(argv[1], H5F_ACC_RDWR, H5P_DEFAULT)
                      : H5Fcreate(argv[1], H5F_ACC_EXCL, H5P_DEFAULT, H5P_DEFAULT);
  if (f < 0) return 1;
  if (H5Lexists(f, argv[2], H5P_DEFAULT) > 0) H5Ldelete(f, argv[2], H5P_DEFAULT);
  const hsize_t n     = std::strtoull(argv[3], nullptr, 10);
  const hid_t   space = H5Screate_simple(1, &n, nullptr);
  const hid_t   lcpl = H5Pcreate(H5P_LINK_CREATE), dcpl = H5Pcreate(H5P_DATASET_CREATE);
  H5Pset_create_intermediate_group(lcpl, 1);
  H5Pset_alloc_time(dcpl, H5D_ALLOC_TIME_LATE);
  const hid_t d  = H5Dcreate2(f, argv[2], H5T_NATIVE_DOUBLE, space, lcpl, dcpl, H5P_DEFAULT);
  const int   rc = d >= 0 ? 0 : 1;
  if (d >= 0) H5Dclose(d);
  H5Pclose(dcpl);
  H5Pclose(lcpl);
  H5Sclose(space);
  return H5Fclose(f) >= 0 ? rc : 1;
}
