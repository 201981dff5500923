// h5_compare A.h5 B.h5 DATASET RTOL: compares a double dataset of two HDF5 files.
// RTOL 0: the values must be identical bit for bit; otherwise ‖a − b‖ / ‖b‖ ≤ RTOL.
// Prints the relative difference; exit status 0 when the check holds.
// Not h5diff: it compares element by element (-d absolute, -p relative, which fails where
// b is 0), while these tests need one norm-wise relative difference; and h5diff ships in
// Debian's hdf5-tools, which petnet does not otherwise need.
#include <hdf5.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

static bool Read(const char *file, const char *path, std::vector<double> *v) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  const hid_t f = H5Fopen(file, H5F_ACC_RDONLY, H5P_DEFAULT);
  if (f < 0) return false;
  const hid_t d  = H5Dopen2(f, path, H5P_DEFAULT);
  bool        ok = d >= 0;
  if (ok) {
    const hid_t s = H5Dget_space(d);
    v->resize(static_cast<size_t>(H5Sget_simple_extent_npoints(s)));
    ok = v->empty() || H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v->data()) >= 0;
    H5Sclose(s);
    H5Dclose(d);
  }
  H5Fclose(f);
  return ok;
}

int main(int argc, char **argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: h5_compare A.h5 B.h5 DATASET RTOL\n");
    return 2;
  }
  std::vector<double> a, b;
  if (!Read(argv[1], argv[3], &a) || !Read(argv[2], argv[3], &b)) {
    std::fprintf(stderr, "h5_compare: cannot read %s from %s or %s\n", argv[3], argv[1], argv[2]);
    return 2;
  }
  if (a.size() != b.size()) {
    std::printf("h5_compare: %s: %zu vs %zu values\n", argv[3], a.size(), b.size());
    return 1;
  }
  const double rtol = std::atof(argv[4]);
  double       num = 0, den = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    num += (a[i] - b[i]) * (a[i] - b[i]);
    den += b[i] * b[i];
  }
  const double rel = den > 0 ? std::sqrt(num / den) : std::sqrt(num);
  const bool   identical =
      a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
  std::printf("h5_compare: %s (%zu values): %s, relative difference %.3e\n", argv[3], a.size(),
              identical ? "identical bit for bit" : "not identical", rel);
  return (rtol == 0 ? identical : rel <= rtol) ? 0 : 1;
}
