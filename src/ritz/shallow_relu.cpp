#include "ritz/shallow_relu.hpp"

#include <algorithm>
#include <numeric>

namespace petnet {

ShallowReLU ShallowReLU::Uniform(double alpha, int n) {
  ShallowReLU m;
  m.alpha = alpha;
  m.b.resize(n);
  for (int i = 0; i < n; ++i) m.b[i] = (i + 1.0) / (n + 1.0);
  m.c.assign(n + 1, 0.0);
  return m;
}

void ShallowReLU::Sort() {
  const int n = NumBreakpoints();
  if (std::is_sorted(b.begin(), b.end())) return;
  std::vector<int> idx(n);
  std::iota(idx.begin(), idx.end(), 0);
  std::sort(idx.begin(), idx.end(), [&](int i, int j) { return b[i] < b[j]; });
  std::vector<double> nb(n), nc(n + 1);
  nc[0] = c[0];
  for (int k = 0; k < n; ++k) {
    nb[k]     = b[idx[k]];
    nc[k + 1] = c[idx[k] + 1];
  }
  b.swap(nb);
  c.swap(nc);
}

double ShallowReLU::Value(double x) const {
  double u = alpha + c[0] * std::max(0.0, x);
  for (size_t i = 0; i < b.size(); ++i) u += c[i + 1] * std::max(0.0, x - b[i]);
  return u;
}

double ShallowReLU::Slope(double x) const {
  double s = x >= 0 ? c[0] : 0.0;
  for (size_t i = 0; i < b.size(); ++i)
    if (x >= b[i]) s += c[i + 1];
  return s;
}

void ShallowReLU::EvaluateSorted(const std::vector<double> &x, std::vector<double> *u,
                                 std::vector<double> *du) const {
  const size_t n = b.size();
  u->resize(x.size());
  du->resize(x.size());
  // walk grid and breakpoints together: value at the last breakpoint + slope × distance
  size_t j     = 0;
  double slope = c[0], left = 0.0, uleft = alpha;
  for (size_t q = 0; q < x.size(); ++q) {
    while (j < n && b[j] <= x[q]) {
      uleft += slope * (b[j] - left);
      left = b[j];
      slope += c[j + 1];
      ++j;
    }
    (*u)[q]  = uleft + slope * (x[q] - left);
    (*du)[q] = slope;
  }
}

std::vector<double> ShallowReLU::IntervalSlopes() const {
  std::vector<double> s(c.size());
  std::partial_sum(c.begin(), c.end(), s.begin());
  return s;
}

} // namespace petnet
