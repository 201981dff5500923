#pragma once
// Helpers shared by the unit tests.
#include <cmath>
#include <vector>

namespace petnet_test {
/// ‖a − b‖ / ‖b‖.
inline double RelErr(const std::vector<double> &a, const std::vector<double> &b) {
  double num = 0, den = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    num += (a[i] - b[i]) * (a[i] - b[i]);
    den += b[i] * b[i];
  }
  return std::sqrt(num / den);
}
} // namespace petnet_test
