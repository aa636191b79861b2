/// Weighted mean and variance, the building blocks of the coefficient of variation and of the
/// per-group means in the inequality decompositions.
///
/// Weights are frequency (population) weights: a value with weight 3 counts as three people
/// with that value, so integer weights give exactly what replicating the values would give.
/// Without weights every value has weight 1.
public enum Descriptive {
  /// The weighted mean.
  ///
  ///     μ = Σᵢ wᵢ xᵢ / Σᵢ wᵢ
  ///
  /// Edge cases: empty input, NaN or infinite values or weights, negative weights, and weights
  /// that sum to zero throw. Values may be negative.
  /// - Complexity: O(n).
  /// Reference: any textbook; e.g. NumPy `average(values, weights=weights)`.
  public static func mean(_ values: [Double], weights: [Double]? = nil) throws -> Double {
    let sample = try Weighted(values, weights: weights)
    return sample.mean
  }

  /// The weighted population variance (divisor Σw, not Σw − 1).
  ///
  ///     σ² = Σᵢ wᵢ (xᵢ − μ)² / Σᵢ wᵢ
  ///
  /// Computed in two passes (mean first), which avoids the cancellation of Σwx² − Wμ².
  /// Edge cases as for `mean(_:weights:)`; a single value has variance 0.
  /// - Complexity: O(n).
  /// Reference: statsmodels `DescrStatsW(values, weights, ddof=0).var`.
  public static func variance(_ values: [Double], weights: [Double]? = nil) throws -> Double {
    let sample = try Weighted(values, weights: weights)
    return sample.variance
  }
}

/// A validated weighted sample: finite values, finite non-negative weights with a positive
/// total. Elements whose weight is zero are dropped, since they stand for nobody; their values
/// must still be finite. `indices` maps each kept element back to its position in the caller's
/// arrays, so that later checks report the caller's index.
struct Weighted {
  let values: [Double]
  let weights: [Double]
  let indices: [Int]
  let totalWeight: Double
  let mean: Double

  init(_ values: [Double], weights: [Double]?, argument: String = "values") throws {
    try Validate.nonEmpty(values, argument)
    try Validate.finite(values, argument)
    guard let weights else {
      self.values = values
      self.weights = Array(repeating: 1, count: values.count)
      indices = Array(values.indices)
      totalWeight = Double(values.count)
      mean = values.reduce(0, +) / totalWeight
      return
    }
    try Validate.sameLength(weights, as: values.count, "weights")
    try Validate.nonNegative(weights, "weights")
    let kept = weights.indices.filter { weights[$0] > 0 }
    let total = kept.reduce(0) { $0 + weights[$1] }
    guard total > 0 else { throw StatisticsError.zeroTotal(argument: "weights") }
    self.values = kept.map { values[$0] }
    self.weights = kept.map { weights[$0] }
    indices = kept
    totalWeight = total
    mean = kept.reduce(0) { $0 + weights[$1] * values[$1] } / total
  }

  /// A subset of an already validated sample (weights > 0, at least one element).
  init(validatedValues values: [Double], weights: [Double], indices: [Int]) {
    self.values = values
    self.weights = weights
    self.indices = indices
    totalWeight = weights.reduce(0, +)
    mean = zip(values, weights).reduce(0) { $0 + $1.0 * $1.1 } / totalWeight
  }

  var count: Int { values.count }

  var variance: Double {
    zip(values, weights).reduce(0) { sum, pair in
      let deviation = pair.0 - mean
      return sum + pair.1 * deviation * deviation
    } / totalWeight
  }

  /// Throws `.notPositive` (with the caller's index) unless every kept value is > 0.
  func requirePositiveValues(argument: String = "values") throws {
    if let position = values.firstIndex(where: { $0 <= 0 }) {
      throw StatisticsError.notPositive(argument: argument, index: indices[position])
    }
  }
}
