#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// SplitMix64: a tiny, fast, seeded 64-bit generator, so that the benchmark input is the same
/// file on every machine and every Swift version.
///
///     x += 0x9E3779B97F4A7C15
///     z = (x ^ (x >> 30)) · 0xBF58476D1CE4E5B9
///     z = (z ^ (z >> 27)) · 0x94D049BB133111EB
///     result = z ^ (z >> 31)
///
/// Every draw the generator makes goes through `next()`, `nextIndex(below:)` and
/// `nextUnitInterval()` here, never through the standard library's `random(in:using:)`, whose
/// algorithm is not part of its contract.
///
/// - Complexity: O(1) per draw; 8 bytes of state.
///
/// Reference: G. Steele, D. Lea & C. Flood, "Fast splittable pseudorandom number generators",
/// OOPSLA 2014; reference C code `splitmix64.c` (prng.di.unimi.it).
public struct SplitMix64: RandomNumberGenerator, Sendable {
  private var state: UInt64

  public init(seed: UInt64) { state = seed }

  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A uniform integer in `0..<bound`, by Lemire's multiply-shift with rejection (unbiased).
  ///
  /// Reference: D. Lemire, "Fast random integer generation in an interval", ACM TOMACS 29(1), 2019.
  public mutating func nextIndex(below bound: Int) -> Int {
    precondition(bound > 0, "bound must be positive")
    let range = UInt64(bound)
    var product = next().multipliedFullWidth(by: range)
    if product.low < range {
      let threshold = (0 &- range) % range
      while product.low < threshold { product = next().multipliedFullWidth(by: range) }
    }
    return Int(product.high)
  }

  /// A uniform double in (0, 1]: the top 53 bits, plus one ulp so that `log` is always finite.
  public mutating func nextUnitInterval() -> Double {
    Double((next() >> 11) + 1) * 0x1p-53
  }

  /// A pair of independent standard normal draws (Box–Muller).
  ///
  ///     r = √(−2 ln u₁),  θ = 2π u₂,  (r cos θ, r sin θ)
  ///
  /// Reference: G. Box & M. Muller, Ann. Math. Statist. 29(2):610–611, 1958.
  public mutating func nextGaussianPair() -> (Double, Double) {
    let radius = (-2 * log(nextUnitInterval())).squareRoot()
    let angle = 2 * Double.pi * nextUnitInterval()
    return (radius * cos(angle), radius * sin(angle))
  }
}
