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
  /// `true` with probability `p`.
  mutating func nextBool(probability p: Double) -> Bool {
    nextUnitInterval() < p
  }

  /// A uniform draw in `[lower, upper)`.
  mutating func nextUniform(_ lower: Double, _ upper: Double) -> Double {
    lower + (upper - lower) * nextUnitInterval()
  }

  /// An exponential draw with mean 1: `−ln u`.
  mutating func nextExponential() -> Double {
    -log(nextOpenUnitInterval())
  }

  /// A Beta draw with the given mean and concentration `α + β`: `X / (X + Y)` for
  /// X ~ Gamma(mean · κ), Y ~ Gamma((1 − mean) · κ). Its variance is `mean (1 − mean) / (κ + 1)`.
  /// - Precondition: 0 < mean < 1, κ > 0.
  mutating func nextBeta(mean: Double, concentration: Double) -> Double {
    precondition(mean > 0 && mean < 1 && concentration > 0, "a beta mean lies in (0, 1)")
    return nextBeta(mean * concentration, (1 - mean) * concentration)
  }

  /// An index drawn with probability proportional to its weight, by inversion of the
  /// cumulative weights (binary search).
  /// - Precondition: `cumulative` is non-decreasing with a positive last element.
  mutating func nextIndex(cumulativeWeights cumulative: [Double]) -> Int {
    let target = nextUnitInterval() * cumulative[cumulative.count - 1]
    var low = 0
    var high = cumulative.count - 1
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
