// h5_describe FILE [DATASET...]: lists every group and dataset of an HDF5 file with its attributes,
// one item a line, for the output tests to parse:
//   group /run
//   dataset /eval/u 64 64          (the shape)
//   attr /eval/u axes=y, x         (strings; numbers printed with %.17g; \n as \\n)
// and then the values of each DATASET named, "values /tests/l2re 0.01 0.02 ..." (%.17g).
// Exit status 0, or 2 when the file or a named dataset cannot be read.
#include <hdf5.h>

#include <cstdio>
#include <string>
#include <vector>

static std::string Escape(const std::string &s) {
  std::string o;
  for (char c : s) o += c == '\n' ? std::string("\\n") : std::string(1, c);
  return o;
}

static herr_t PrintAttr(hid_t obj, const char *name, const H5A_info_t *, void *path) {
  const hid_t a = H5Aopen(obj, name, H5P_DEFAULT);
  const hid_t t = H5Aget_type(a);
  std::string value;
  if (H5Tget_class(t) == H5T_STRING && !H5Tis_variable_str(t)) {
    std::vector<char> buf(H5Tget_size(t) + 1, '\0');
    H5Aread(a, t, buf.data());
    value = buf.data();
  } else if (H5Tget_class(t) == H5T_FLOAT || H5Tget_class(t) == H5T_INTEGER) {
    double v = 0;
    H5Aread(a, H5T_NATIVE_DOUBLE, &v);
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    value = buf;
  } else value = "?";
  std::printf("attr %s %s=%s\n", static_cast<const char *>(path), name, Escape(value).c_str());
  H5Tclose(t);
  H5Aclose(a);
  return 0;
}

static herr_t Visit(hid_t root, const char *rel, const H5O_info_t *info, void *) {
  const std::string path = std::string(rel) == "." ? "/" : "/" + std::string(rel);
  const hid_t       obj  = H5Oopen(root, rel, H5P_DEFAULT);
  if (info->type == H5O_TYPE_GROUP) std::printf("group %s\n", path.c_str());
  else if (info->type == H5O_TYPE_DATASET) {
    const hid_t          s = H5Dget_space(obj);
    std::vector<hsize_t> dims(static_cast<size_t>(H5Sget_simple_extent_ndims(s)));
    H5Sget_simple_extent_dims(s, dims.data(), nullptr);
    std::printf("dataset %s", path.c_str());
    for (hsize_t d : dims) std::printf(" %llu", static_cast<unsigned long long>(d));
    std::printf("\n");
    H5Sclose(s);
  }
  H5Aiterate2(obj, H5_INDEX_CRT_ORDER, H5_ITER_NATIVE, nullptr, PrintAttr,
              const_cast<char *>(path.c_str()));
  H5Oclose(obj);
  return 0;
}

static bool PrintValues(hid_t f, const char *path) {
  const hid_t d = H5Dopen2(f, path, H5P_DEFAULT);
  if (d < 0) return false;
  const hid_t         s = H5Dget_space(d);
  std::vector<double> v(static_cast<size_t>(H5Sget_simple_extent_npoints(s)));
  const bool          ok =
      v.empty() || H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data()) >= 0;
  std::printf("values %s", path);
  for (double x : v) std::printf(" %.17g", x);
  std::printf("\n");
  H5Sclose(s);
  H5Dclose(d);
  return ok;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: h5_describe FILE [DATASET...]\n");
    return 2;
  }
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  const hid_t f = H5Fopen(argv[1], H5F_ACC_RDONLY, H5P_DEFAULT);
  if (f < 0) {
    std::fprintf(stderr, "h5_describe: cannot open %s\n", argv[1]);
    return 2;
  }
#if H5_VERSION_GE(1, 12, 0)
  const herr_t rc = H5Ovisit3(f, H5_INDEX_NAME, H5_ITER_INC, Visit, nullptr, H5O_INFO_BASIC);
#else
  const herr_t rc = H5Ovisit2(f, H5_INDEX_NAME, H5_ITER_INC, Visit, nullptr, H5O_INFO_BASIC);
#endif
  bool ok = rc >= 0;
  for (int k = 2; k < argc; ++k) ok = PrintValues(f, argv[k]) && ok;
  H5Fclose(f);
  return ok ? 0 : 2;
}
