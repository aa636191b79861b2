/// A rule for turning a sample into a quantile estimate. Hyndman & Fan (1996) number nine
/// common definitions; only the ones this project needs exist as cases, and adding another is
/// a new case plus its branch in `Quantile.ofSorted`.
public enum QuantileMethod: Hashable, Sendable, CaseIterable {
  /// Hyndman & Fan definition 7, the default of R's `quantile`, NumPy's `quantile` /
  /// `percentile` (`method="linear"`) and spreadsheet `PERCENTILE.INC`:
  ///
  ///     h = (n − 1) · p,   Q(p) = x₍⌊h⌋₎ + (h − ⌊h⌋) · (x₍⌊h⌋+1₎ − x₍⌊h⌋₎)
  ///
  /// with x₍₀₎ ≤ … ≤ x₍ₙ₋₁₎ the sorted sample (0-based). Q(0) is the minimum, Q(1) the maximum.
  case hyndmanFan7
}

extension Sequence where Element == Double {
  /// The `p`-quantile of the values, e.g. `responseSeconds.quantile(0.9, method: .hyndmanFan7)`
  /// for the 90th percentile.
  ///
  /// See `QuantileMethod` for the formula. Edge cases: an empty sequence, a NaN or infinite
  /// value, or `p` outside [0, 1] throw; a single value is every quantile of itself.
  ///
  /// - Complexity: O(n log n) for the sort. To take several quantiles of one sample, call
  ///   `quantiles(_:method:)`, which sorts once.
  /// Reference: R. J. Hyndman & Y. Fan (1996), "Sample quantiles in statistical packages",
  /// The American Statistician 50(4):361–365.
  public func quantile(_ p: Double, method: QuantileMethod = .hyndmanFan7) throws -> Double {
    try quantiles([p], method: method)[0]
  }

  /// Several quantiles of one sample, in the order of `probabilities`, from a single sort.
  ///
  /// Same formula and edge-case policy as `quantile(_:method:)`.
  /// - Complexity: O(n log n + k) for k probabilities.
  public func quantiles(
    _ probabilities: [Double], method: QuantileMethod = .hyndmanFan7
  ) throws -> [Double] {
    let values = Array(self)
    try Validate.nonEmpty(values, "values")
    try Validate.finite(values, "values")
    for p in probabilities { try Validate.probability(p, "p") }
    let sorted = values.sorted()
    return probabilities.map { Quantile.ofSorted(sorted, $0, method: method) }
  }

  /// The median: `quantile(0.5, method: .hyndmanFan7)`, the mean of the two middle values when
  /// the count is even.
  /// - Complexity: O(n log n).
  public func median() throws -> Double {
    try quantile(0.5, method: .hyndmanFan7)
  }
}

/// Quantiles of data already sorted, for callers that sort once and ask many times.
public enum Quantile {
  /// The quantile of an already sorted, non-empty sample; `p` in [0, 1].
  ///
  /// The values are finite, except that the sample may end in +∞ values standing for "never
  /// happened" (the censoring bound of a response time whose stage was never recorded): the
  /// quantile is then +∞ whenever the interpolation reaches one of them, and finite only when
  /// it falls wholly before them.
  /// - Complexity: O(1).
  public static func ofSorted(_ sorted: [Double], _ p: Double, method: QuantileMethod) -> Double {
    ofSorted(count: sorted.count, p, method: method) { sorted[$0] }
  }

  /// The quantile of a sorted sample of `count` values that is not held as an array: the
  /// caller gives the k-th smallest value (0-based) through `orderStatistic`, which is asked
  /// for at most two ranks. This is how a quantile of a multiset difference (the rest of the
  /// city: all calls but one area's) is taken without building it.
  ///
  /// Same formula and edge-case policy as `ofSorted(_:_:method:)`; `count` ≥ 1.
  /// - Complexity: two calls of `orderStatistic`.
  public static func ofSorted(count: Int, _ p: Double, method: QuantileMethod, orderStatistic: (Int) -> Double) -> Double {
    switch method {
    case .hyndmanFan7:
      let position = Double(count - 1) * p
      let lowerIndex = Int(position.rounded(.down))
      let fraction = position - Double(lowerIndex)
      let a = orderStatistic(lowerIndex)
      guard fraction > 0, lowerIndex + 1 < count else { return a }
      return interpolate(a, orderStatistic(lowerIndex + 1), fraction)
    }
  }

  /// a + (b − a)·t for 0 ≤ t ≤ 1 and a ≤ b, the interpolation of every quantile here.
  ///
  /// Evaluated as `b − (b − a)·(1 − t)` when t ≥ ½, as NumPy does, so that results agree with
  /// NumPy to the last bit and Q is exactly monotone. With b = +∞ the result is +∞ for t > 0
  /// (and a for t = 0), not the NaN of ∞ − ∞.
  /// - Complexity: O(1).
  public static func interpolate(_ a: Double, _ b: Double, _ t: Double) -> Double {
    if t == 0 { return a }
    if b == .infinity { return .infinity }
    let difference = b - a
    return t >= 0.5 ? b - difference * (1 - t) : a + difference * t
  }
}
