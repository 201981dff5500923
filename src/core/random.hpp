#pragma once
/// \file random.hpp
/// Seeded random numbers that are identical on every platform, compiler and rank
/// (std::normal_distribution is implementation-defined, so it is not used).
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>

namespace petnet {

/// SplitMix64-seeded xoshiro256** generator with uniform and normal draws.
class Rng {
public:
  explicit Rng(std::uint64_t seed) {
    std::uint64_t z = seed;
    for (auto &w : s_) w = SplitMix(z);
  }
  std::uint64_t Next() {
    const std::uint64_t r = Rotl(s_[1] * 5, 7) * 9, t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = Rotl(s_[3], 45);
    return r;
  }
  /// Uniform in [0, 1) with 53 random bits.
  double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  double Uniform(double a, double b) { return a + (b - a) * Uniform(); }
  /// Standard normal (Box–Muller, both values used).
  double Normal() {
    if (have_spare_) {
      have_spare_ = false;
      return spare_;
    }
    double u1 = 0;
    while (u1 <= 0) u1 = Uniform();
    const double u2 = Uniform(), r = std::sqrt(-2.0 * std::log(u1)), t = 6.283185307179586 * u2;
    spare_      = r * std::sin(t);
    have_spare_ = true;
    return r * std::cos(t);
  }

  /// The whole state (4 generator words, the spare normal's bits, whether it is set), so
  /// that a restarted run draws the same numbers.
  std::array<std::uint64_t, 6> State() const {
    std::uint64_t spare;
    std::memcpy(&spare, &spare_, sizeof spare);
    return {s_[0], s_[1], s_[2], s_[3], spare, have_spare_ ? 1u : 0u};
  }
  void SetState(const std::array<std::uint64_t, 6> &st) {
    for (int i = 0; i < 4; ++i) s_[i] = st[i];
    std::memcpy(&spare_, &st[4], sizeof spare_);
    have_spare_ = st[5] != 0;
  }

private:
  static std::uint64_t Rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  static std::uint64_t SplitMix(std::uint64_t &z) {
    std::uint64_t r = (z += 0x9e3779b97f4a7c15ULL);
    r               = (r ^ (r >> 30)) * 0xbf58476d1ce4e5b9ULL;
    r               = (r ^ (r >> 27)) * 0x94d049bb133111ebULL;
    return r ^ (r >> 31);
  }
  std::uint64_t s_[4];
  double        spare_      = 0;
  bool          have_spare_ = false;
};

} // namespace petnet
