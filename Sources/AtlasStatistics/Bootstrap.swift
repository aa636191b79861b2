/// Which bootstrap confidence interval to form from the replicates.
public enum BootstrapMethod: Hashable, Sendable, CaseIterable {
  /// The α/2 and 1 − α/2 quantiles of the replicates (Efron & Tibshirani 1993, §13.3).
  case percentile
  /// Bias-corrected and accelerated: percentile levels adjusted by the bias correction z₀ and
  /// the jackknife acceleration a (Efron & Tibshirani 1993, §14.3); second-order accurate.
  case bca
}

/// A bootstrap confidence interval and what it was made from, so that a report can say how.
public struct BootstrapResult: Hashable, Sendable {
  /// The statistic on the original data, θ̂.
  public let estimate: Double
  public let interval: ConfidenceInterval
  public let method: BootstrapMethod
  public let resamples: Int
  public let seed: UInt64
  /// The standard deviation of the replicates (divisor B − 1).
  public let standardError: Double
  /// BCa only: z₀ = Φ⁻¹(share of replicates below θ̂, ties counting one half).
  public let biasCorrection: Double?
  /// BCa only: the jackknife acceleration a.
  public let acceleration: Double?
}

/// Seeded, stratified bootstrap confidence intervals for any statistic.
///
/// Resampling: each replicate draws, for every stratum s in order, n_s indices uniformly with
/// replacement from that stratum (`SeededGenerator.nextIndex(below: n_s)`), so observations
/// never move between strata: "resample calls within areas" is one stratum per area. A single
/// sample is one stratum. The same seed, data and statistic give the same interval on every
/// platform.
///
/// Intervals, with α = 1 − confidenceLevel and Q the Hyndman–Fan type 7 quantile of the B
/// replicates θ*₁ … θ*_B (as SciPy's `bootstrap` does):
///
///     percentile:  [ Q(α/2), Q(1 − α/2) ]
///     BCa:         [ Q(α₁), Q(α₂) ],  αₖ = Φ( z₀ + (z₀ + zₖ) / (1 − a (z₀ + zₖ)) ),
///                  z₁ = Φ⁻¹(α/2), z₂ = Φ⁻¹(1 − α/2),
///                  z₀ = Φ⁻¹( (#{θ* < θ̂} + #{θ* ≤ θ̂}) / 2B ),
///                  a  = Σ_s Σ_i U³_si / n_s³  /  ( 6 · (Σ_s Σ_i U²_si / n_s²)^(3/2) ),
///                  U_si = (n_s − 1)(θ̄_s − θ_s(i)),
///
/// where θ_s(i) is the statistic with observation i of stratum s left out and θ̄_s their mean.
/// For one stratum this is Efron's (1987) acceleration; for several it is the multi-sample form
/// of Efron & Tibshirani (1993) §14.3 as implemented by SciPy 1.17 `bootstrap`.
///
/// Edge-case policy: empty strata throw; B < 2 or a confidence level outside (0, 1) throws; a
/// statistic that returns NaN or ±∞ on any resample throws `.degenerate`. BCa additionally
/// needs every stratum to hold at least 2 observations (for the jackknife), and throws
/// `.degenerate` when z₀ is infinite (every replicate on one side of θ̂, e.g. the minimum) or
/// when the jackknife values are all equal (a = 0/0, e.g. a median of heavily tied data); use
/// `.percentile` there.
///
/// Reference: B. Efron (1987), "Better bootstrap confidence intervals", JASA 82(397):171–185;
/// B. Efron & R. J. Tibshirani (1993), An Introduction to the Bootstrap, Chapman & Hall,
/// ch. 13–14; cross-checked against SciPy `scipy.stats.bootstrap(method="BCa")`.
public struct Bootstrap: Hashable, Sendable {
  public var seed: UInt64
  public var resamples: Int
  public var confidenceLevel: Double
  public var method: BootstrapMethod

  public init(
    seed: UInt64, resamples: Int = 9999, confidenceLevel: Double = 0.95,
    method: BootstrapMethod = .bca
  ) {
    self.seed = seed
    self.resamples = resamples
    self.confidenceLevel = confidenceLevel
    self.method = method
  }

  /// The confidence interval of `statistic` over one sample.
  ///
  /// Example: `try Bootstrap(seed: 7).interval(for: seconds) { try $0.quantile(0.9) }`.
  /// - Complexity: O(B·(n + c(n))) for a statistic costing c(n), plus O(n·c(n)) for the BCa
  ///   jackknife; O(B + n) memory.
  public func interval(
    for sample: [Double], statistic: ([Double]) throws -> Double
  ) throws -> BootstrapResult {
    try Validate.nonEmpty(sample, "sample")
    if method == .bca { try Validate.atLeast(2, sample, "sample") }
    return try interval(forStrata: [sample]) { try statistic($0[0]) }
  }

  /// The confidence interval of `statistic` over several strata resampled independently: the
  /// statistic receives one resampled array per stratum, in the order given.
  ///
  /// Example, the Gini across areas of per-area median response times with calls resampled
  /// within areas:
  ///
  ///     try Bootstrap(seed: 7).interval(forStrata: secondsByArea) { strata in
  ///       try Inequality.gini(strata.map { try $0.median() })
  ///     }
  ///
  /// - Complexity: O(B·(N + c(N))) for N observations in all strata, plus O(N·c(N)) for the
  ///   BCa jackknife, which is quadratic for statistics linear in N: with tens of thousands of
  ///   observations per stratum prefer `.percentile`, or aggregate before resampling.
  public func interval(
    forStrata strata: [[Double]], statistic: ([[Double]]) throws -> Double
  ) throws -> BootstrapResult {
    try Validate.nonEmpty(strata, "strata")
    for (s, stratum) in strata.enumerated() {
      try Validate.nonEmpty(stratum, "strata[\(s)]")
      if method == .bca { try Validate.atLeast(2, stratum, "strata[\(s)]") }
    }
    guard resamples >= 2 else {
      throw StatisticsError.parameterOutOfDomain(
        name: "resamples", value: Double(resamples), domain: "at least 2")
    }
    try Validate.confidenceLevel(confidenceLevel)

    let estimate = try Bootstrap.finite(statistic(strata))
    var generator = SeededGenerator(seed: seed)
    var buffers = strata
    var replicates: [Double] = []
    replicates.reserveCapacity(resamples)
    for _ in 0..<resamples {
      for s in strata.indices {
        let count = strata[s].count
        for i in 0..<count {
          buffers[s][i] = strata[s][generator.nextIndex(below: count)]
        }
      }
      replicates.append(try Bootstrap.finite(statistic(buffers)))
    }
    replicates.sort()
    let standardError = Bootstrap.standardDeviation(replicates)

    switch method {
    case .percentile:
      return BootstrapResult(
        estimate: estimate,
        interval: Bootstrap.percentileInterval(sortedReplicates: replicates, confidenceLevel: confidenceLevel),
        method: .percentile, resamples: resamples, seed: seed, standardError: standardError,
        biasCorrection: nil, acceleration: nil)
    case .bca:
      let jackknife = try Bootstrap.jackknife(strata, statistic: statistic)
      let bca = try Bootstrap.bcaInterval(
        sortedReplicates: replicates, estimate: estimate, jackknife: jackknife,
        confidenceLevel: confidenceLevel)
      return BootstrapResult(
        estimate: estimate, interval: bca.interval, method: .bca, resamples: resamples,
        seed: seed, standardError: standardError, biasCorrection: bca.biasCorrection,
        acceleration: bca.acceleration)
    }
  }

  /// The ratio of the p-quantile of one area's values to the p-quantile of the rest of the
  /// city's, e.g. p90 response time in a district over p90 elsewhere, with a bootstrap interval
  /// that resamples the two samples independently (two strata).
  ///
  ///     R = Q_p(area) / Q_p(rest)
  ///
  /// Edge cases: both samples must be non-empty with finite values > 0 (response times), so
  /// that every quantile is positive; otherwise as `interval(forStrata:statistic:)`.
  /// - Complexity: O(B·(n log n + m log m)).
  public func quantileRatio(
    _ p: Double, area: [Double], rest: [Double], quantileMethod: QuantileMethod = .hyndmanFan7
  ) throws -> BootstrapResult {
    try Validate.probability(p, "p")
    try Validate.nonEmpty(area, "area")
    try Validate.nonEmpty(rest, "rest")
    try Validate.positive(area, "area")
    try Validate.positive(rest, "rest")
    return try interval(forStrata: [area, rest]) { strata in
      Quantile.ofSorted(strata[0].sorted(), p, method: quantileMethod)
        / Quantile.ofSorted(strata[1].sorted(), p, method: quantileMethod)
    }
  }

  // MARK: Steps, internal so that tests can feed them fixed replicates

  /// θ_s(i) for every stratum s and every observation i in it.
  static func jackknife(
    _ strata: [[Double]], statistic: ([[Double]]) throws -> Double
  ) throws -> [[Double]] {
    var leftOut = strata
    return try strata.indices.map { s in
      try strata[s].indices.map { i in
        var reduced = strata[s]
        reduced.remove(at: i)
        leftOut[s] = reduced
        defer { leftOut[s] = strata[s] }
        return try finite(statistic(leftOut))
      }
    }
  }

  /// The BCa interval from sorted replicates, the estimate and the jackknife values per stratum.
  static func bcaInterval(
    sortedReplicates replicates: [Double], estimate: Double, jackknife: [[Double]],
    confidenceLevel: Double
  ) throws -> (interval: ConfidenceInterval, biasCorrection: Double, acceleration: Double) {
    let below = replicates.reduce(0) { $0 + ($1 < estimate ? 1 : 0) }
    let atOrBelow = replicates.reduce(0) { $0 + ($1 <= estimate ? 1 : 0) }
    let share = Double(below + atOrBelow) / Double(2 * replicates.count)
    guard share > 0, share < 1 else {
      throw StatisticsError.degenerate(
        reason: "BCa: every bootstrap replicate lies on one side of the estimate, so the bias "
          + "correction z0 is infinite; use the percentile method")
    }
    let z0 = StandardNormal.quantile(share)

    var cubes = 0.0
    var squares = 0.0
    for values in jackknife {
      let n = Double(values.count)
      let mean = values.reduce(0, +) / n
      var cubeSum = 0.0
      var squareSum = 0.0
      for value in values {
        let u = (n - 1) * (mean - value)
        cubeSum += u * u * u
        squareSum += u * u
      }
      cubes += cubeSum / (n * n * n)
      squares += squareSum / (n * n)
    }
    guard squares > 0 else {
      throw StatisticsError.degenerate(
        reason: "BCa: every jackknife value is equal, so the acceleration is 0/0; use the "
          + "percentile method")
    }
    let a = cubes / (6 * pow15(squares))

    let alpha = 1 - confidenceLevel
    func adjusted(_ z: Double) -> Double {
      let shifted = z0 + z
      return StandardNormal.cdf(z0 + shifted / (1 - a * shifted))
    }
    let lowerLevel = adjusted(StandardNormal.quantile(alpha / 2))
    let upperLevel = adjusted(StandardNormal.quantile(1 - alpha / 2))
    return (
      ConfidenceInterval(
        lower: Quantile.ofSorted(replicates, lowerLevel, method: .hyndmanFan7),
        upper: Quantile.ofSorted(replicates, upperLevel, method: .hyndmanFan7),
        level: confidenceLevel),
      z0, a
    )
  }

  /// x^(3/2).
  private static func pow15(_ x: Double) -> Double { x * x.squareRoot() }

  private static func finite(_ value: Double) throws -> Double {
    guard value.isFinite else {
      throw StatisticsError.degenerate(reason: "the statistic returned \(value) on a resample")
    }
    return value
  }

  private static func standardDeviation(_ values: [Double]) -> Double {
    let mean = values.reduce(0, +) / Double(values.count)
    let sum = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
    return (sum / Double(values.count - 1)).squareRoot()
  }
}
