import Foundation

/// Global Moran's I with its analytical moments and a seeded permutation test.
///
///     zᵢ = yᵢ − ȳ,   I = (n / S₀) · Σᵢ zᵢ (W z)ᵢ / Σᵢ zᵢ²,   E[I] = −1 / (n − 1)
///
/// Variance under normality:
///
///     V_N = (n² S₁ − n S₂ + 3 S₀²) / ((n − 1)(n + 1) S₀²) − E[I]²
///
/// and under randomisation, with the sample kurtosis b₂ = (Σz⁴/n) / (Σz²/n)²:
///
///     A = n ((n² − 3n + 3) S₁ − n S₂ + 3 S₀²),  B = b₂ ((n² − n) S₁ − 2n S₂ + 6 S₀²)
///     V_R = (A − B) / ((n − 1)(n − 2)(n − 3) S₀²) − E[I]²
///
/// z = (I − E[I]) / √V; the two-sided normal p-value is 2 (1 − Φ(|z|)).
///
/// Permutation inference: B random permutations of z (Fisher–Yates with
/// `SeededGenerator.nextIndex(below:)`) give I*₁ … I*_B, and the pseudo p-value is
/// (min(#{I* ≥ I}, #{I* ≤ I}) + 1)/(B + 1) (`PermutationTest`): esda's folded `Moran.p_sim`,
/// one-sided in the direction of the observed I, never below 1/(B + 1).
///
/// Edge-case policy: fewer than 4 areas (V_R divides by n − 3) throws `.tooFewElements`;
/// non-finite values throw `.notFinite`; a constant variable (Σz² = 0) or weights whose areas
/// are all islands (S₀ = 0) throw `.degenerate`. Islands are kept in n and z with a zero row,
/// as libpysal/esda do, so they lower I towards 0.
///
/// - Complexity: O(n + m) for the statistic and moments, O(B (n + m)) for the permutations.
///
/// Reference: P. A. P. Moran (1950), "Notes on continuous stochastic phenomena", Biometrika
/// 37:17–23; A. D. Cliff & J. K. Ord (1981), Spatial Processes, Pion, §2.3 (moments);
/// cross-checked against PySAL `esda.Moran` (I, EI, VI_norm, VI_rand, z_norm, z_rand).
public struct GlobalMoran: Hashable, Sendable {
  public let value: Double
  public let expected: Double
  public let varianceNormality: Double
  public let varianceRandomisation: Double
  public var zNormality: Double { (value - expected) / varianceNormality.squareRoot() }
  public var zRandomisation: Double { (value - expected) / varianceRandomisation.squareRoot() }
  /// Two-sided p-value of `zRandomisation`.
  public var pRandomisation: Double { 2 * StandardNormal.survival(abs(zRandomisation)) }
  /// Folded pseudo p-value (L + 1)/(B + 1); nil without permutations.
  public let permutationP: Double?
  public let permutations: Int
  public let seed: UInt64

  /// - Parameters:
  ///   - values: one value per area, in the order of `weights`.
  ///   - permutations: B ≥ 0 (0: no permutation test).
  public init(_ values: [Double], weights: SpatialWeights, permutations: Int = 999, seed: UInt64) throws {
    let n = values.count
    guard n == weights.count else { throw StatisticsError.lengthMismatch(argument: "values", expected: weights.count, actual: n) }
    guard n >= 4 else { throw StatisticsError.tooFewElements(argument: "values", minimum: 4, actual: n) }
    guard permutations >= 0 else {
      throw StatisticsError.parameterOutOfDomain(name: "permutations", value: Double(permutations), domain: "0, 1, 2, …")
    }
    if let bad = values.firstIndex(where: { !$0.isFinite }) { throw StatisticsError.notFinite(argument: "values", index: bad) }
    let mean = values.reduce(0, +) / Double(n)
    let z = values.map { $0 - mean }
    let z2 = z.reduce(0) { $0 + $1 * $1 }
    guard z2 > 0 else { throw StatisticsError.degenerate(reason: "Moran's I of a constant variable is undefined") }
    let s0 = weights.s0
    let s1 = weights.s1
    let s2 = weights.s2
    guard s0 > 0 else { throw StatisticsError.degenerate(reason: "Moran's I needs at least one pair of neighbours; every area is an island") }
    let nd = Double(n)
    func statistic(_ z: [Double]) -> Double {
      var cross = 0.0
      for (i, list) in weights.neighbours.enumerated() where !list.isEmpty {
        var lag = 0.0
        for j in list { lag += z[j] }
        cross += z[i] * lag / Double(list.count)
      }
      return nd / s0 * cross / z2
    }
    value = statistic(z)
    expected = -1 / (nd - 1)
    let s02 = s0 * s0
    varianceNormality = (nd * nd * s1 - nd * s2 + 3 * s02) / ((nd - 1) * (nd + 1) * s02) - expected * expected
    let kurtosis = (z.reduce(0) { $0 + $1 * $1 * $1 * $1 } / nd) / ((z2 / nd) * (z2 / nd))
    let a = nd * ((nd * nd - 3 * nd + 3) * s1 - nd * s2 + 3 * s02)
    let b = kurtosis * ((nd * nd - nd) * s1 - 2 * nd * s2 + 6 * s02)
    varianceRandomisation = (a - b) / ((nd - 1) * (nd - 2) * (nd - 3) * s02) - expected * expected
    self.permutations = permutations
    self.seed = seed
    if permutations > 0 {
      var generator = SeededGenerator(seed: seed)
      var shuffled = z
      var above = 0
      var below = 0
      let tolerance = 1e-12 * Swift.max(abs(value), 1)
      for _ in 0..<permutations {
        for i in stride(from: n - 1, to: 0, by: -1) { shuffled.swapAt(i, generator.nextIndex(below: i + 1)) }
        let difference = statistic(shuffled) - value
        if difference > tolerance { above += 1 } else if difference < -tolerance { below += 1 }
      }
      permutationP = PermutationTest.pValue(above: above, below: below, permutations: permutations)
    } else {
      permutationP = nil
    }
  }
}

/// The pseudo p-value of a permutation test in the direction of the observed statistic.
enum PermutationTest {
  /// With `above` replicates larger than the observed value, `below` smaller and the rest of
  /// the B tied with it (within a rounding tolerance):
  ///
  ///     p = (min(B − below, B − above) + 1) / (B + 1) = (min(#{r ≥ obs}, #{r ≤ obs}) + 1) / (B + 1)
  ///
  /// the observed value counting as one more replicate (North, Curtis & Sham 2002, "A note on
  /// the calculation of empirical P values from Monte Carlo procedures", AJHG 71:439–441).
  /// Without ties this is esda's folded `p_sim`. A tie counts as at least as extreme on both
  /// sides (conservative): esda counts `r >= obs` in floating point, so a tie lands on either
  /// side by rounding, which matters when a draw can reproduce the observed configuration (an
  /// area with one neighbour); when every replicate ties (zᵢ = 0), p = 1, not esda's 1/(B + 1).
  static func pValue(above: Int, below: Int, permutations: Int) -> Double {
    Double(Swift.min(permutations - below, permutations - above) + 1) / Double(permutations + 1)
  }
}
