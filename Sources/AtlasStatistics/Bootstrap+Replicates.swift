extension Bootstrap {
  /// Percentile intervals of several statistics at once, from replicates that the caller draws:
  /// for statistics whose resamples are cheaper to draw than to build (`BootstrapResample`
  /// draws a resampled quantile in O(1), where `interval(forStrata:statistic:)` copies every
  /// observation).
  ///
  /// `replicate` is called `resamples` times with one generator seeded with `seed`, in order,
  /// and returns the statistics of one resample in the order of `estimates`. Statistic j's
  /// interval is [Q(α/2), Q(1 − α/2)] of its replicates (type 7, as `interval(forStrata:)`'s
  /// percentile method). Edge-case policy: a statistic whose estimate or any replicate is NaN
  /// or ±∞ (undefined on some resample, e.g. Theil L when a resampled value is 0) gets nil;
  /// the others are unaffected. B < 2, a confidence level outside (0, 1) and `method` other
  /// than `.percentile` throw (BCa needs a jackknife of the raw observations); a replicate of
  /// the wrong length throws `.lengthMismatch`.
  ///
  /// Example, the Gini of per-area medians with calls resampled within areas:
  ///
  ///     try Bootstrap(seed: 7, resamples: 999, method: .percentile).percentileIntervals(
  ///       estimates: [gini]) { g in
  ///       [try Inequality.gini(sortedByArea.map { BootstrapResample.quantile(ofSorted: $0, 0.5, using: &g) })]
  ///     }
  ///
  /// - Complexity: O(B · (c + m log B)) for m statistics whose replicate costs c.
  /// Reference: B. Efron & R. J. Tibshirani (1993), An Introduction to the Bootstrap, §13.3.
  public func percentileIntervals(
    estimates: [Double], replicate: (inout SeededGenerator) throws -> [Double]
  ) throws -> [ConfidenceInterval?] {
    guard method == .percentile else {
      throw StatisticsError.invalidArgument(
        argument: "method", reason: "caller-drawn replicates give percentile intervals only (BCa needs the jackknife)")
    }
    guard resamples >= 2 else {
      throw StatisticsError.parameterOutOfDomain(name: "resamples", value: Double(resamples), domain: "at least 2")
    }
    try Validate.confidenceLevel(confidenceLevel)
    var generator = SeededGenerator(seed: seed)
    var replicates = Array(repeating: [Double](), count: estimates.count)
    for r in replicates.indices { replicates[r].reserveCapacity(resamples) }
    for _ in 0..<resamples {
      let values = try replicate(&generator)
      try Validate.sameLength(values, as: estimates.count, "replicate")
      for (j, value) in values.enumerated() { replicates[j].append(value) }
    }
    return zip(estimates, replicates).map { estimate, values in
      guard estimate.isFinite, values.allSatisfy(\.isFinite) else { return nil }
      return Bootstrap.percentileInterval(sortedReplicates: values.sorted(), confidenceLevel: confidenceLevel)
    }
  }

  /// [Q(α/2), Q(1 − α/2)] of sorted replicates, Q the type 7 quantile.
  static func percentileInterval(sortedReplicates replicates: [Double], confidenceLevel: Double) -> ConfidenceInterval {
    let alpha = 1 - confidenceLevel
    return ConfidenceInterval(
      lower: Quantile.ofSorted(replicates, alpha / 2, method: .hyndmanFan7),
      upper: Quantile.ofSorted(replicates, 1 - alpha / 2, method: .hyndmanFan7),
      level: confidenceLevel)
  }
}
