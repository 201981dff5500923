#include "nn/mlp_kernel_shape.hpp"

namespace petnet::mlp_detail {

Shape MakeShape(const MLPLayout &m, int order) {
  Shape s{};
  s.L     = m.NumLayers();
  s.d     = m.InputDim();
  s.order = order;
  s.ncomp = JetComponents(s.d, order);
  s.maxw  = m.MaxWidth();
  // Reflection r flips the coordinates with a parity whose bit is set in r.
  int npar = 0, bit[kMaxDim] = {-1, -1, -1};
  for (int k = 0; k < s.d; ++k)
    if (m.InputParity(k) != Parity::None) bit[k] = npar++;
  s.nsym = 1 << npar;
  for (int r = 0; r < s.nsym; ++r) {
    double chi = 1.0 / s.nsym;
    for (int k = 0; k < kMaxDim; ++k) {
      const bool flip = k < s.d && bit[k] >= 0 && ((r >> bit[k]) & 1);
      s.xsign[r][k]   = flip ? -1.0 : 1.0;
      if (flip && m.InputParity(k) == Parity::Odd) chi = -chi;
    }
    s.chi[r] = chi;
  }
  s.din  = m.Size(0);
  s.nper = m.NumPeriodic();
  for (int k = 0, j = 0; k < s.d; ++k) {
    s.omega[k] = PeriodFrequency(m.Period(k));
    s.feat[k]  = j;
    for (int e = 0; e < (s.omega[k] > 0 ? 2 : 1); ++e) s.fcoord[j++] = k;
  }
  for (int a = 0; a <= s.L; ++a) s.size[a] = m.Size(a);
  for (int l = 0; l < s.L; ++l) s.woff[l] = m.WeightOffset(l);
  int off = 0;
  for (int a = 1; a < s.L; ++a) {
    s.hoff[a] = off;
    off += s.ncomp * s.size[a] * kChunk;
    s.zoff[a] = off;
    off += (s.ncomp - 1) * s.size[a] * kChunk;
  }
  s.xoff = off;
  off += s.d * kChunk;
  s.eoff = off;
  if (s.nper > 0) off += 3 * s.din * kChunk;
  s.buf0 = off;
  off += s.ncomp * s.maxw * kChunk;
  s.buf1 = off;
  off += s.ncomp * s.maxw * kChunk;
  s.total = off;
  return s;
}

} // namespace petnet::mlp_detail
