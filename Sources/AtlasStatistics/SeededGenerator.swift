/// A deterministic pseudo-random generator: xoshiro256** seeded through SplitMix64.
///
/// The same seed gives the same stream on every platform and every Swift version, because
/// every draw that this module makes goes through `next()`, `nextIndex(below:)` or
/// `nextUnitInterval()` here, never through the standard library's `random(in:using:)`, whose
/// algorithm is not part of its contract.
///
/// Seeding: the 64-bit seed is expanded into the 256-bit state by four successive outputs of
/// SplitMix64 (`x += 0x9E3779B97F4A7C15`, then two xor-shift-multiply rounds), as the authors
/// recommend; SplitMix64 never produces the all-zero state from four consecutive outputs.
///
///     result = rotl(s₁ · 5, 7) · 9
///     t = s₁ << 17;  s₂ ^= s₀;  s₃ ^= s₁;  s₁ ^= s₂;  s₀ ^= s₃;  s₂ ^= t;  s₃ = rotl(s₃, 45)
///
/// - Complexity: O(1) per draw; 32 bytes of state.
///
/// Reference: D. Blackman & S. Vigna (2021), "Scrambled linear pseudorandom number generators",
/// ACM Transactions on Mathematical Software 47(4):36; reference C code `xoshiro256starstar.c`
/// and `splitmix64.c` (prng.di.unimi.it).
public struct SeededGenerator: RandomNumberGenerator, Hashable, Sendable {
  private var s0, s1, s2, s3: UInt64

  /// The seed this generator was created with, kept so that results can report it.
  public let seed: UInt64

  /// Creates a generator whose state is the first four SplitMix64 outputs for `seed`.
  public init(seed: UInt64) {
    self.seed = seed
    var splitMix = seed
    s0 = SeededGenerator.splitMix64(&splitMix)
    s1 = SeededGenerator.splitMix64(&splitMix)
    s2 = SeededGenerator.splitMix64(&splitMix)
    s3 = SeededGenerator.splitMix64(&splitMix)
  }

  /// One step of SplitMix64 (Steele, Lea & Flood 2014): advances `state` and returns the output.
  static func splitMix64(_ state: inout UInt64) -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// The next 64 uniformly distributed bits.
  public mutating func next() -> UInt64 {
    let result = rotateLeft(s1 &* 5, by: 7) &* 9
    let t = s1 << 17
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    s3 = rotateLeft(s3, by: 45)
    return result
  }

  /// A uniformly distributed integer in `0..<bound`, without modulo bias.
  ///
  /// Lemire's multiply-shift method: take the high 64 bits of `next() · bound`, rejecting the
  /// draw when the low 64 bits fall below `2⁶⁴ mod bound`. The expected number of draws is
  /// below 2 for every bound and essentially 1 for bounds much smaller than 2⁶⁴.
  ///
  /// - Precondition: `bound > 0`.
  /// - Complexity: O(1) expected.
  /// Reference: D. Lemire (2019), "Fast random integer generation in an interval",
  /// ACM Transactions on Modeling and Computer Simulation 29(1):3.
  public mutating func nextIndex(below bound: Int) -> Int {
    precondition(bound > 0, "nextIndex(below:) needs a positive bound")
    let range = UInt64(bound)
    var product = next().multipliedFullWidth(by: range)
    if product.low < range {
      let threshold = (0 &- range) % range
      while product.low < threshold {
        product = next().multipliedFullWidth(by: range)
      }
    }
    return Int(product.high)
  }

  /// A uniformly distributed `Double` in [0, 1): the top 53 bits of `next()` times 2⁻⁵³.
  public mutating func nextUnitInterval() -> Double {
    Double(next() >> 11) * 0x1.0p-53
  }

  private func rotateLeft(_ x: UInt64, by k: UInt64) -> UInt64 {
    (x << k) | (x >> (64 - k))
  }
}
