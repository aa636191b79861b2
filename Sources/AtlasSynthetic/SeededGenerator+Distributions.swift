import AtlasStatistics
import Foundation

/// The independent random streams of one synthesis run, each a `SeededGenerator` derived from
/// the run's seed, so that changing one part (e.g. the number of calls) leaves the others'
/// draws unchanged.
///
/// Stream `k` of seed `s` is seeded with `s + k · 0x9E3779B97F4A7C15` (the SplitMix64
/// increment), which the generator's own SplitMix64 seeding then scrambles.
enum RandomStream: UInt64 {
  case disparities = 1
  case calls
  case cameras
  case coverage
  case fleet
  case caseMix

  func generator(seed: UInt64) -> SeededGenerator {
    SeededGenerator(seed: seed &+ rawValue &* 0x9E37_79B9_7F4A_7C15)
  }
}

extension SeededGenerator {
  /// A uniform draw in the open interval (0, 1): never 0, so `log` of it is finite.
  mutating func nextOpenUnitInterval() -> Double {
    (Double(next() >> 11) + 0.5) * 0x1.0p-53
  }

  /// `true` with probability `p`.
  mutating func nextBool(probability p: Double) -> Bool {
    nextUnitInterval() < p
  }

  /// A uniform draw in `[lower, upper)`.
  mutating func nextUniform(_ lower: Double, _ upper: Double) -> Double {
    lower + (upper - lower) * nextUnitInterval()
  }

  /// A standard normal draw by the Box–Muller transform, `√(−2 ln u₁) · cos(2π u₂)`, using two
  /// uniforms per draw (the sine partner is discarded so that every draw costs the same).
  ///
  /// Reference: G. E. P. Box & M. E. Muller (1958), Ann. Math. Statist. 29(2):610–611.
  mutating func nextNormal() -> Double {
    let u1 = nextOpenUnitInterval(), u2 = nextUnitInterval()
    return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
  }

  /// An exponential draw with mean 1: `−ln u`.
  mutating func nextExponential() -> Double {
    -log(nextOpenUnitInterval())
  }

  /// A Gamma(shape, 1) draw.
  ///
  /// Marsaglia & Tsang's squeeze method for shape ≥ 1; for shape < 1 the draw for shape + 1 is
  /// multiplied by `u^(1/shape)` (their §6).
  /// - Precondition: `shape > 0`.
  /// Reference: G. Marsaglia & W. W. Tsang (2000), "A simple method for generating gamma
  /// variables", ACM TOMS 26(3):363–372.
  mutating func nextGamma(shape: Double) -> Double {
    precondition(shape > 0, "a gamma shape is positive")
    if shape < 1 {
      return nextGamma(shape: shape + 1) * pow(nextOpenUnitInterval(), 1 / shape)
    }
    let d = shape - 1.0 / 3.0
    let c = 1 / (9 * d).squareRoot()
    while true {
      var x: Double, v: Double
      repeat {
        x = nextNormal()
        v = 1 + c * x
      } while v <= 0
      v = v * v * v
      let u = nextOpenUnitInterval()
      if u < 1 - 0.0331 * x * x * x * x || log(u) < 0.5 * x * x + d * (1 - v + log(v)) { return d * v }
    }
  }

  /// A Beta draw with the given mean and concentration `α + β`: `X / (X + Y)` for
  /// X ~ Gamma(mean · κ), Y ~ Gamma((1 − mean) · κ). Its variance is `mean (1 − mean) / (κ + 1)`.
  /// - Precondition: 0 < mean < 1, κ > 0.
  mutating func nextBeta(mean: Double, concentration: Double) -> Double {
    precondition(mean > 0 && mean < 1 && concentration > 0, "a beta mean lies in (0, 1)")
    let x = nextGamma(shape: mean * concentration)
    let y = nextGamma(shape: (1 - mean) * concentration)
    return x / (x + y)
  }

  /// An index drawn with probability proportional to its weight, by inversion of the
  /// cumulative weights (binary search).
  /// - Precondition: `cumulative` is non-decreasing with a positive last element.
  mutating func nextIndex(cumulativeWeights cumulative: [Double]) -> Int {
    let target = nextUnitInterval() * cumulative[cumulative.count - 1]
    var low = 0, high = cumulative.count - 1
    while low < high {
      let mid = (low + high) / 2
      if cumulative[mid] > target { high = mid } else { low = mid + 1 }
    }
    return low
  }

  /// `count` distinct elements of `pool`, in the order drawn (a partial Fisher–Yates shuffle).
  mutating func sample<T>(_ pool: [T], count: Int) -> [T] {
    var items = pool
    let k = min(count, items.count)
    for i in 0..<k { items.swapAt(i, i + nextIndex(below: items.count - i)) }
    return Array(items.prefix(k))
  }
}

/// A positive duration whose logarithm is normal, with a heavier tail mixed in and an upper
/// bound: with probability `tailShare` the log-scale spread is `tailSigma` instead of `sigma`,
/// and draws above `maximumSeconds` are drawn again (a truncated distribution).
///
///     X = median · m · exp(s · Z),  Z ~ N(0, 1),  s = sigma (prob. 1 − tailShare) or tailSigma
///
/// Both components have the same median, so before truncation the median is `median · m`
/// exactly and the multiplier m scales every quantile; truncation moves the median down by
/// less than half the truncated mass (in probability), negligible for the defaults.
public struct HeavyTailedLogNormal: Hashable, Sendable {
  public var medianSeconds: Double
  public var sigma: Double
  public var tailShare: Double
  public var tailSigma: Double
  public var maximumSeconds: Double

  /// The default bound: six hours, so that four consecutive stages never add up to more than
  /// a day and only injected data-entry errors produce intervals over 24 hours.
  public static let defaultMaximumSeconds = 6 * 3600.0

  public init(
    medianSeconds: Double, sigma: Double, tailShare: Double = 0, tailSigma: Double = 0,
    maximumSeconds: Double = HeavyTailedLogNormal.defaultMaximumSeconds
  ) {
    self.medianSeconds = medianSeconds
    self.sigma = sigma
    self.tailShare = tailShare
    self.tailSigma = tailSigma
    self.maximumSeconds = maximumSeconds
  }

  /// One draw in seconds, with the median scaled by `multiplier`.
  /// - Precondition: `medianSeconds · multiplier < maximumSeconds`, so a draw is accepted with
  ///   probability above ½.
  func draw(_ generator: inout SeededGenerator, multiplier: Double = 1) -> Double {
    precondition(medianSeconds * multiplier < maximumSeconds, "the median lies below the bound")
    while true {
      let s = tailShare > 0 && generator.nextBool(probability: tailShare) ? tailSigma : sigma
      let x = medianSeconds * multiplier * exp(s * generator.nextNormal())
      if x <= maximumSeconds { return x }
    }
  }
}
