#include "io/xdmf.hpp"

#include <cstdio>

namespace petnet {

namespace {

std::string Numbers(const std::vector<double> &v) {
  std::string s;
  char        buf[32];
  for (size_t i = 0; i < v.size(); ++i) {
    std::snprintf(buf, sizeof buf, "%s%.17g", i ? " " : "", v[i]);
    s += buf;
  }
  return s;
}

/// XML-escaped text (names and paths are petnet's own, but a prefix may hold anything).
std::string Escaped(const std::string &s) {
  std::string o;
  for (char c : s) {
    switch (c) {
    case '&': o += "&amp;"; break;
    case '<': o += "&lt;"; break;
    case '>': o += "&gt;"; break;
    case '"': o += "&quot;"; break;
    default: o += c;
    }
  }
  return o;
}

std::string InlineItem(const std::vector<double> &v) {
  return "        <DataItem Format=\"XML\" NumberType=\"Float\" Precision=\"8\" Dimensions=\"" +
         std::to_string(v.size()) + "\">" + Numbers(v) + "</DataItem>\n";
}

} // namespace

std::vector<double> UniformCoordinates(double lo, double hi, double div, unsigned long long n) {
  std::vector<double> c(n);
  for (unsigned long long i = 0; i < n; ++i) c[i] = lo + (hi - lo) * static_cast<double>(i) / div;
  return c;
}

std::string XdmfDocument(const std::string &h5_name, const std::vector<XdmfGrid> &grids) {
  std::string doc = "<?xml version=\"1.0\" ?>\n<!DOCTYPE Xdmf SYSTEM \"Xdmf.dtd\" []>\n"
                    "<Xdmf Version=\"2.0\">\n  <Domain>\n";
  for (auto &g : grids) {
    const std::string dims = std::to_string(g.y.size()) + " " + std::to_string(g.x.size());
    doc += "    <Grid Name=\"" + Escaped(g.name) + "\" GridType=\"Uniform\">\n";
    doc += "      <Topology TopologyType=\"2DRectMesh\" Dimensions=\"" + dims + "\"/>\n";
    doc += "      <Geometry GeometryType=\"VXVY\">\n" + InlineItem(g.x) + InlineItem(g.y);
    doc += "      </Geometry>\n";
    for (auto &f : g.fields) {
      const size_t      slash = f.rfind('/');
      const std::string name  = slash == std::string::npos ? f : f.substr(slash + 1);
      doc += "      <Attribute Name=\"" + Escaped(name) +
             "\" AttributeType=\"Scalar\" Center=\"Node\">\n";
      const std::string ref = Escaped(h5_name) + ":/" + Escaped(f);
      if (g.slab < 0)
        doc += "        <DataItem Format=\"HDF\" NumberType=\"Float\" Precision=\"8\" "
               "Dimensions=\"" +
               dims + "\">" + ref + "</DataItem>\n";
      else // start (slab, 0, 0), stride 1, count (1, ny, nx) of the (slabs, ny, nx) dataset
        doc += "        <DataItem ItemType=\"HyperSlab\" Dimensions=\"" + dims +
               "\" Type=\"HyperSlab\">\n"
               "          <DataItem Dimensions=\"3 3\" Format=\"XML\">" +
               std::to_string(g.slab) + " 0 0 1 1 1 1 " + dims +
               "</DataItem>\n"
               "          <DataItem Format=\"HDF\" NumberType=\"Float\" Precision=\"8\" "
               "Dimensions=\"" +
               std::to_string(g.slabs) + " " + dims + "\">" + ref +
               "</DataItem>\n        </DataItem>\n";
      doc += "      </Attribute>\n";
    }
    doc += "    </Grid>\n";
  }
  return doc + "  </Domain>\n</Xdmf>\n";
}

} // namespace petnet
