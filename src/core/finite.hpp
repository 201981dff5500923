#pragma once
/// \file finite.hpp
/// The failure tests every solver applies where it forms a loss, a residual norm or a
/// step: a value that is not finite (NaN or ±Inf), and divergence as KSP's -ksp_divtol
/// (a loss grown by more than a factor divtol over its reference).
///
/// The values tested are the ones every rank holds identically (allreduced losses and
/// norms, replicated parameters and steps), so each rank takes the same decision.
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <string>
#include <vector>

namespace petnet {

/// True when x[0..n) are all finite.
inline bool AllFinite(const double *x, size_t n) {
  for (size_t i = 0; i < n; ++i)
    if (!std::isfinite(x[i])) return false;
  return true;
}
inline bool AllFinite(const std::vector<double> &x) { return AllFinite(x.data(), x.size()); }

/// True when value exceeds divtol times reference (divtol <= 0: the test is off).
inline bool ExceedsDivtol(double value, double reference, double divtol) {
  return divtol > 0 && value > divtol * reference;
}

/// v printed with fmt, or "nan", "inf", "-inf" (printf's "-nan" says nothing more).
inline std::string FiniteText(double v, const char *fmt = "%.3e") {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buf[64];
  snprintf(buf, sizeof buf, fmt, v);
  return buf;
}

} // namespace petnet
