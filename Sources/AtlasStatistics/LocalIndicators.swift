/// What a local indicator says about one area, for a map legend.
public enum LocalCluster: String, Hashable, Sendable, CaseIterable {
  /// Local Moran: a high value among high neighbours (significant, positive Iᵢ).
  case highHigh = "high-high"
  /// Local Moran: a low value among low neighbours.
  case lowLow = "low-low"
  /// Local Moran: a high value among low neighbours (a spatial outlier).
  case highLow = "high-low"
  /// Local Moran: a low value among high neighbours (a spatial outlier).
  case lowHigh = "low-high"
  /// Gi*: the area and its neighbours are together high (Z > 0, significant).
  case hotSpot = "hot spot"
  /// Gi*: the area and its neighbours are together low.
  case coldSpot = "cold spot"
  case notSignificant = "not significant"
  /// An island (no neighbours among the areas with a value): no local test.
  case noNeighbours = "no neighbours"
}

/// Local Moran's I (LISA) of every area, with seeded conditional permutation inference and
/// Benjamini–Hochberg q-values.
///
///     zᵢ = (yᵢ − ȳ) / s   (s: standard deviation with divisor n),   (W z)ᵢ = Σⱼ wᵢⱼ zⱼ
///     Iᵢ = (n − 1) · zᵢ · (W z)ᵢ / Σⱼ zⱼ²
///
/// with row-standardised contiguity weights (`SpatialWeights`), as esda's `Moran_Local`
/// (Σᵢ Iᵢ = (n − 1) · S₀/n · I_global).
///
/// Conditional permutation (Anselin 1995 §4): yᵢ stays at i while its kᵢ neighbour slots are
/// filled with kᵢ distinct values drawn from the other n − 1 areas. As in esda, one B × k_max
/// matrix of draws without replacement from 0..<n − 1 (partial Fisher–Yates with
/// `SeededGenerator`) is shared by every area: area i uses the first kᵢ columns, an index ≥ i
/// standing for the next area. pᵢ = (min(#{I*ᵢ ≥ Iᵢ}, #{I*ᵢ ≤ Iᵢ}) + 1)/(B + 1), esda's folded
/// pseudo p-value with ties counted on both sides (see `PermutationTest`). q-values are
/// Benjamini–Hochberg over the areas that have neighbours (`FalseDiscoveryRate`).
///
/// Quadrants as esda's `q`: high means zᵢ > 0 (resp. (W z)ᵢ > 0); zero counts as low.
///
/// Edge-case policy: fewer than 3 areas throws `.tooFewElements`; non-finite values throw
/// `.notFinite`; a constant variable throws `.degenerate`. An island has Iᵢ = 0 (its lag is
/// 0), and no test: pᵢ = qᵢ = 1, cluster `.noNeighbours`, and it is not counted in the FDR
/// family. (esda instead reports 1/(B + 1) for an island, an artefact of folding B ties.)
///
/// - Complexity: O(n + m) for the statistic; O(B (k_max + Σᵢ kᵢ)) for the permutations.
///
/// Reference: L. Anselin (1995), "Local indicators of spatial association — LISA",
/// Geographical Analysis 27(2):93–115; cross-checked against PySAL `esda.Moran_Local`
/// (`Is`, `q`; `p_sim` within Monte Carlo error).
public struct LocalMoran: Hashable, Sendable {
  /// Iᵢ per area.
  public let values: [Double]
  /// zᵢ, the standardised values.
  public let standardised: [Double]
  /// (W z)ᵢ, the neighbours' mean of z (0 for an island).
  public let lags: [Double]
  /// Folded conditional-permutation pseudo p-values (1 for islands).
  public let pValues: [Double]
  /// Benjamini–Hochberg q-values of `pValues` over the non-islands (1 for islands).
  public let qValues: [Double]
  public let permutations: Int
  public let seed: UInt64
  let isIsland: [Bool]

  public init(_ values: [Double], weights: SpatialWeights, permutations: Int = 999, seed: UInt64) throws {
    let n = values.count
    try LocalTest.check(values, weights: weights, permutations: permutations)
    let mean = values.reduce(0, +) / Double(n)
    let centred = values.map { $0 - mean }
    let sd = (centred.reduce(0) { $0 + $1 * $1 } / Double(n)).squareRoot()
    guard sd > 0 else { throw StatisticsError.degenerate(reason: "local Moran's I of a constant variable is undefined") }
    let z = centred.map { $0 / sd }
    let z2 = z.reduce(0) { $0 + $1 * $1 }
    let scaling = Double(n - 1) / z2
    let lags = weights.lag(z)
    let observed = (0..<n).map { scaling * z[$0] * lags[$0] }
    self.values = observed
    standardised = z
    self.lags = lags
    self.permutations = permutations
    self.seed = seed
    isIsland = weights.neighbours.map(\.isEmpty)
    let draws = ConditionalPermutations(n: n, columns: weights.neighbours.map(\.count).max() ?? 0, permutations: permutations, seed: seed)
    // Iᵢ* = scaling · zᵢ · S/kᵢ: increasing in S when zᵢ > 0, decreasing when zᵢ < 0.
    pValues = draws.pValues(z, weights: weights) { i in z[i] > 0 ? 1 : z[i] < 0 ? -1 : 0 }
    qValues = try LocalTest.qValues(pValues, isIsland: isIsland)
  }

  /// Quadrant of each area by sign alone (islands `.noNeighbours`).
  public var quadrants: [LocalCluster] {
    standardised.indices.map { i in
      if isIsland[i] { return .noNeighbours }
      switch (standardised[i] > 0, lags[i] > 0) {
      case (true, true): return .highHigh
      case (false, false): return .lowLow
      case (true, false): return .highLow
      case (false, true): return .lowHigh
      }
    }
  }

  /// The quadrant where qᵢ < `alpha`, else `.notSignificant` (islands `.noNeighbours`).
  public func clusters(alpha: Double = 0.05) -> [LocalCluster] {
    zip(quadrants, qValues).map { quadrant, q in quadrant == .noNeighbours || q < alpha ? quadrant : .notSignificant }
  }
}

/// Getis–Ord Gi* of every area, with its analytical z-score, seeded conditional permutation
/// inference and Benjamini–Hochberg q-values.
///
/// With binary weights that include the area itself (N*ᵢ = i and its kᵢ neighbours,
/// W*ᵢ = kᵢ + 1), over non-negative values y with mean ȳ and variance s² (divisor n):
///
///     Gᵢ* = Σ_{j ∈ N*ᵢ} yⱼ / Σⱼ yⱼ,   E[Gᵢ*] = W*ᵢ / n,
///     Var[Gᵢ*] = W*ᵢ (n − W*ᵢ) / (n − 1) · s² / (n² ȳ²),   Zᵢ = (Gᵢ* − E) / √Var
///
/// Zᵢ is Ord & Getis's standardised Gi*; it does not change when row i's weights are scaled,
/// so it is also the z of the row-standardised Gi* (Gᵢ* / W*ᵢ). Binary weights are used
/// because esda's analytical variance (`G_Local.VGs`) takes the row sum as the number of
/// neighbours, which holds for binary rows only; with `transform="R"` its `Zs` is not a
/// z-score, while `Gs` and `p_sim` are those of the binary form divided by W*ᵢ.
///
/// Conditional permutation as `LocalMoran` (yᵢ stays, the kᵢ neighbour slots are redrawn; the
/// same seed gives the same draws); pᵢ = (min(#{G* ≥ Gᵢ*}, #{G* ≤ Gᵢ*}) + 1)/(B + 1).
///
/// Edge-case policy: fewer than 3 areas throws `.tooFewElements`; non-finite values throw
/// `.notFinite`, negative ones `.negative` (Gi* is defined for non-negative variables), a zero
/// total `.zeroTotal`, a constant variable `.degenerate`. An island keeps its Gᵢ* and Zᵢ (a
/// test of its own value) but gets no permutation test: pᵢ = qᵢ = 1, `.noNeighbours`, outside
/// the FDR family.
///
/// - Complexity: O(n + m); O(B (k_max + Σᵢ kᵢ)) for the permutations.
///
/// Reference: J. K. Ord & A. Getis (1995), "Local spatial autocorrelation statistics:
/// distributional issues and an application", Geographical Analysis 27(4):286–306;
/// cross-checked against PySAL `esda.G_Local(star=True, transform="B")` (`Gs`, `EGs`, `VGs`,
/// `Zs`; `p_sim` within Monte Carlo error).
public struct GetisOrdGiStar: Hashable, Sendable {
  /// Gᵢ* per area (binary weights including i).
  public let values: [Double]
  public let expected: [Double]
  public let variances: [Double]
  public let zScores: [Double]
  public let pValues: [Double]
  public let qValues: [Double]
  public let permutations: Int
  public let seed: UInt64
  let isIsland: [Bool]

  public init(_ values: [Double], weights: SpatialWeights, permutations: Int = 999, seed: UInt64) throws {
    let n = values.count
    try LocalTest.check(values, weights: weights, permutations: permutations)
    if let bad = values.firstIndex(where: { $0 < 0 }) { throw StatisticsError.negative(argument: "values", index: bad) }
    let total = values.reduce(0, +)
    guard total > 0 else { throw StatisticsError.zeroTotal(argument: "values") }
    let nd = Double(n)
    let mean = total / nd
    let variance = values.reduce(0) { $0 + $1 * $1 } / nd - mean * mean
    guard variance > 0 else { throw StatisticsError.degenerate(reason: "Gi* of a constant variable is undefined") }
    let observed = weights.neighbours.enumerated().map { i, list in list.reduce(values[i]) { $0 + values[$1] } / total }
    self.values = observed
    let expected = weights.neighbours.map { Double($0.count + 1) / nd }
    let variances = weights.neighbours.map { list in
      let w = Double(list.count + 1)
      return w * (nd - w) / (nd - 1) / (nd * nd) * variance / (mean * mean)
    }
    self.expected = expected
    self.variances = variances
    zScores = (0..<n).map { (observed[$0] - expected[$0]) / variances[$0].squareRoot() }
    self.permutations = permutations
    self.seed = seed
    isIsland = weights.neighbours.map(\.isEmpty)
    let draws = ConditionalPermutations(n: n, columns: weights.neighbours.map(\.count).max() ?? 0, permutations: permutations, seed: seed)
    // Gᵢ* = (yᵢ + S)/Σy: increasing in S.
    pValues = draws.pValues(values, weights: weights) { _ in 1 }
    qValues = try LocalTest.qValues(pValues, isIsland: isIsland)
  }

  /// `.hotSpot` (Zᵢ > 0) or `.coldSpot` where qᵢ < `alpha`, else `.notSignificant` (islands
  /// `.noNeighbours`).
  public func clusters(alpha: Double = 0.05) -> [LocalCluster] {
    zScores.indices.map { i in
      if isIsland[i] { return .noNeighbours }
      guard qValues[i] < alpha else { return .notSignificant }
      return zScores[i] > 0 ? .hotSpot : .coldSpot
    }
  }
}

/// Checks and the FDR step shared by the local indicators.
enum LocalTest {
  static func check(_ values: [Double], weights: SpatialWeights, permutations: Int) throws {
    guard values.count == weights.count else {
      throw StatisticsError.lengthMismatch(argument: "values", expected: weights.count, actual: values.count)
    }
    guard values.count >= 3 else { throw StatisticsError.tooFewElements(argument: "values", minimum: 3, actual: values.count) }
    guard permutations >= 1 else {
      throw StatisticsError.parameterOutOfDomain(name: "permutations", value: Double(permutations), domain: "1, 2, …")
    }
    if let bad = values.firstIndex(where: { !$0.isFinite }) { throw StatisticsError.notFinite(argument: "values", index: bad) }
  }

  /// Benjamini–Hochberg over the non-islands; islands get 1.
  static func qValues(_ p: [Double], isIsland: [Bool]) throws -> [Double] {
    let tested = p.indices.filter { !isIsland[$0] }
    var q = Array(repeating: 1.0, count: p.count)
    guard !tested.isEmpty else { return q }
    for (i, value) in zip(tested, try FalseDiscoveryRate.benjaminiHochberg(tested.map { p[$0] })) { q[i] = value }
    return q
  }
}

/// The draws of a conditional permutation test, shared by every area (esda's `crand` scheme).
///
/// Row r holds `columns` distinct indexes in 0..<n − 1, drawn by a partial Fisher–Yates
/// shuffle of a pool that carries over from row to row (any arrangement of the pool gives a
/// uniform ordered sample). Area i reads the first kᵢ of each row, mapping an index j ≥ i to
/// j + 1, so it draws kᵢ distinct areas other than itself.
struct ConditionalPermutations {
  let columns: Int
  let permutations: Int
  let draws: [Int32]

  init(n: Int, columns: Int, permutations: Int, seed: UInt64) {
    self.columns = columns
    self.permutations = permutations
    var generator = SeededGenerator(seed: seed)
    var pool = (0..<Int32(n - 1)).map { $0 }
    var draws: [Int32] = []
    draws.reserveCapacity(permutations * columns)
    for _ in 0..<permutations {
      for m in 0..<columns {
        pool.swapAt(m, m + generator.nextIndex(below: n - 1 - m))
        draws.append(pool[m])
      }
    }
    self.draws = draws
  }

  /// Per area, the pseudo p-value of a statistic that increases with the sum S of `values`
  /// over the drawn neighbours when `direction(i)` is +1 and decreases when it is −1 (0: the
  /// statistic does not depend on S, every replicate ties). S is compared with the observed
  /// neighbours' sum in the same arithmetic, a difference within 10⁻¹² · kᵢ · max|v| counting
  /// as a tie (see `PermutationTest.pValue`). Islands get 1.
  func pValues(_ values: [Double], weights: SpatialWeights, direction: (Int) -> Double) -> [Double] {
    let scale = values.reduce(0) { Swift.max($0, abs($1)) }
    return values.withUnsafeBufferPointer { v in
      weights.neighbours.enumerated().map { i, list in
        let k = list.count
        guard k > 0 else { return 1 }
        let sign = direction(i)
        guard sign != 0 else { return 1 }
        let observed = list.reduce(0.0) { $0 + v[$1] }
        let tolerance = 1e-12 * Double(k) * scale
        var above = 0
        var below = 0
        draws.withUnsafeBufferPointer { d in
          for r in 0..<permutations {
            let row = r * columns
            var sum = 0.0
            for m in 0..<k {
              let j = Int(d[row + m])
              sum += v[j >= i ? j + 1 : j]
            }
            let difference = (sum - observed) * sign
            if difference > tolerance { above += 1 } else if difference < -tolerance { below += 1 }
          }
        }
        return PermutationTest.pValue(above: above, below: below, permutations: permutations)
      }
    }
  }
}
