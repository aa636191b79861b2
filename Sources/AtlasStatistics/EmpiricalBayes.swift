/// Small-area rates shrunk toward the city-wide rate by global empirical Bayes.
public struct EmpiricalBayesRates: Hashable, Sendable {
  /// rᵢ = eᵢ / nᵢ, the raw rates.
  public let rawRates: [Double]
  /// wᵢ rᵢ + (1 − wᵢ) m, the smoothed rates.
  public let smoothedRates: [Double]
  /// wᵢ = v / (v + m / nᵢ), how much each area keeps of its own rate.
  public let shrinkageWeights: [Double]
  /// m = Σ eᵢ / Σ nᵢ, the city-wide rate.
  public let globalRate: Double
  /// v = s² − m / n̄ before clamping; negative when the areas vary less than Poisson noise alone
  /// would make them.
  public let unclampedVariance: Double
  /// max(v, 0), the between-area variance actually used.
  public let betweenAreaVariance: Double
}

/// Global empirical Bayes smoothing of rates (Marshall 1991), the method of PySAL
/// `esda.smoothing.Empirical_Bayes`.
public enum EmpiricalBayes {
  /// Smooths events eᵢ over populations nᵢ (method-of-moments estimates):
  ///
  ///     m  = Σ eᵢ / Σ nᵢ                       (prior mean: the city-wide rate)
  ///     s² = Σ nᵢ (rᵢ − m)² / Σ nᵢ             (population-weighted variance of raw rates)
  ///     v  = max(0, s² − m / n̄),  n̄ = Σ nᵢ / k (prior variance between areas)
  ///     wᵢ = v / (v + m / nᵢ)
  ///     θᵢ = wᵢ rᵢ + (1 − wᵢ) m
  ///
  /// Small populations get small wᵢ and are pulled toward m; large ones keep their own rate.
  ///
  /// Edge cases: empty input, arrays of different length, NaN, infinite or negative events,
  /// and NaN, infinite, zero or negative populations throw (an area without residents has no
  /// rate; leave it out). Negative between-area variance v (less spread than Poisson noise) is
  /// clamped to 0, so every wᵢ = 0 and every area gets m: the data show no evidence of real
  /// differences. (esda does not clamp, and there returns weights outside [0, 1].) When there
  /// are no events at all, m = 0, every rate is 0 and every wᵢ is defined as 0.
  /// - Complexity: O(k).
  /// Reference: R. J. Marshall (1991), "Mapping disease and mortality rates using empirical
  /// Bayes estimators", Journal of the Royal Statistical Society C (Applied Statistics)
  /// 40(2):283–294; L. Anselin, Y. W. Kim & I. Syabri (2004), "Web-based analytical tools for
  /// the exploration of spatial data", Journal of Geographical Systems 6:197–218.
  public static func smooth(events: [Double], population: [Double]) throws -> EmpiricalBayesRates {
    try Validate.nonEmpty(events, "events")
    try Validate.sameLength(population, as: events.count, "population")
    try Validate.nonNegative(events, "events")
    try Validate.positive(population, "population")
    let totalPopulation = population.reduce(0, +)
    let globalRate = events.reduce(0, +) / totalPopulation
    let rawRates = zip(events, population).map { $0 / $1 }
    let spread =
      zip(rawRates, population).reduce(0) { sum, pair in
        let deviation = pair.0 - globalRate
        return sum + pair.1 * deviation * deviation
      } / totalPopulation
    let meanPopulation = totalPopulation / Double(population.count)
    let unclamped = spread - globalRate / meanPopulation
    let variance = Swift.max(unclamped, 0)
    let weights = population.map { n in
      variance > 0 ? variance / (variance + globalRate / n) : 0
    }
    let smoothed = zip(weights, rawRates).map { w, r in w * r + (1 - w) * globalRate }
    return EmpiricalBayesRates(
      rawRates: rawRates, smoothedRates: smoothed, shrinkageWeights: weights,
      globalRate: globalRate, unclampedVariance: unclamped, betweenAreaVariance: variance)
  }
}
