import Testing

@testable import AtlasStatistics

/// Hand-computed cases on a path of four areas 0 – 1 – 2 – 3 (neighbour counts 1, 2, 2, 1) with
/// y = 1, 2, 3, 4. The real-layer agreement with libpysal/esda is in AtlasSpatialTests
/// (SpatialReferenceTests).
@Suite("Spatial autocorrelation")
struct SpatialAutocorrelationTests {
  static let path = try! SpatialWeights(neighbours: [[1], [0, 2], [1, 3], [2]])
  static let y = [1.0, 2, 3, 4]

  /// Row-standardised: w₀₁ = w₃₂ = 1, the middle rows ½ each. S₀ = 4; S₁ = ½ Σ (wᵢⱼ + wⱼᵢ)² =
  /// 1.5² + 1² + 1.5² = 5.5; column sums ½, 1½, 1½, ½, so S₂ = 1.5² + 2.5² + 2.5² + 1.5² = 17.
  @Test("weights: S0, S1, S2 and the lag by hand")
  func weights() {
    #expect(Self.path.s0 == 4)
    expectClose(Self.path.s1, 5.5)
    expectClose(Self.path.s2, 17)
    #expect(Self.path.lag([-1.5, -0.5, 0.5, 1.5]) == [-0.5, -0.5, 0.5, 0.5])
    #expect(Self.path.islands.isEmpty)
  }

  @Test("weights: asymmetric, self, duplicate and out-of-range lists are refused, naming the area")
  func weightsRefused() {
    #expect(
      throws: StatisticsError.invalidArgument(
        argument: "neighbours[1]", reason: "area 0 lists 1 as a neighbour but 1 does not list 0; contiguity is symmetric")
    ) {
      try SpatialWeights(neighbours: [[1], [], []])
    }
    #expect(throws: StatisticsError.invalidArgument(argument: "neighbours[0]", reason: "area 0 lists itself as a neighbour")) {
      try SpatialWeights(neighbours: [[0]])
    }
    #expect(throws: StatisticsError.invalidArgument(argument: "neighbours[0]", reason: "neighbour 1 is listed twice")) {
      try SpatialWeights(neighbours: [[1, 1], [0]])
    }
    #expect(throws: StatisticsError.indexOutOfRange(argument: "neighbours[0]", index: 5, count: 2)) {
      try SpatialWeights(neighbours: [[5], [0]])
    }
  }

  @Test("restriction renumbers, drops neighbours outside and makes islands")
  func restriction() {
    let kept = Self.path.restricted(to: [0, 2, 3])
    #expect(kept.neighbours == [[], [2], [1]])
    #expect(kept.islands == [0])
    #expect(kept.s0 == 2)
  }

  /// z = −1.5, −0.5, 0.5, 1.5 (Σz² = 5), W z = −0.5, −0.5, 0.5, 0.5, Σ z·Wz = 2, so
  /// I = (4/4)·2/5 = 0.4 and E[I] = −1/3.
  /// V_N = (16·5.5 − 4·17 + 3·16)/(3·5·16) − 1/9 = 68/240 − 1/9 = 31/180.
  /// b₂ = (10.25/4)/1.25² = 1.64; A = 4·(7·5.5 − 68 + 48) = 74; B = 1.64·(12·5.5 − 136 + 96) = 42.64;
  /// V_R = (74 − 42.64)/(3·2·1·16) − 1/9 = 0.32666… − 0.11111… = 0.215555…
  @Test("global Moran's I and its moments by hand")
  func globalMoran() throws {
    let moran = try GlobalMoran(Self.y, weights: Self.path, permutations: 0, seed: 1)
    expectClose(moran.value, 0.4)
    expectClose(moran.expected, -1.0 / 3)
    expectClose(moran.varianceNormality, 31.0 / 180)
    expectClose(moran.varianceRandomisation, 31.36 / 96 - 1.0 / 9)
    expectClose(moran.zRandomisation, (0.4 + 1.0 / 3) / (31.36 / 96 - 1.0 / 9).squareRoot())
    #expect(moran.permutationP == nil)
  }

  /// The 24 orderings of four values give I = 0.4 for exactly two of them (1234 and 4321), so
  /// #{I* ≥ I} / B estimates at most 2/24 plus the orderings with a larger I (none: 0.4 is the
  /// maximum). With B = 9999 the share ≈ 1/12, SE = √(1/12 · 11/12 / 9999) ≈ 0.0028.
  @Test("global permutation p-value: about 1/12 for the monotone path (exact enumeration)")
  func globalPermutation() throws {
    let moran = try GlobalMoran(Self.y, weights: Self.path, permutations: 9999, seed: 42)
    let p = try #require(moran.permutationP)
    #expect(abs(p - 1.0 / 12) < 4 * 0.0028, "p = \(p)")
    let again = try GlobalMoran(Self.y, weights: Self.path, permutations: 9999, seed: 42)
    #expect(again.permutationP == p, "same seed, same p")
  }

  /// zᵢ standardised (s = √1.25), Σz² = n = 4: Iᵢ = 3 · zᵢ (W z)ᵢ / 4 = (3/4)(0.75, 0.25, 0.25,
  /// 0.75)/1.25 = 0.45, 0.15, 0.15, 0.45 (sum 1.2 = (n − 1)·S₀/n·I).
  /// Conditional permutation of area 0: its one neighbour slot takes −0.5, 0.5 or 1.5 (centred)
  /// with probability 1/3 each; z₀ < 0, so I₀* ≥ I₀ only for −0.5: p → 1/3. Area 3 likewise.
  @Test("local Moran by hand, and the conditional permutation distribution of the end areas")
  func localMoran() throws {
    let lisa = try LocalMoran(Self.y, weights: Self.path, permutations: 9999, seed: 7)
    expectClose(lisa.values, [0.45, 0.15, 0.15, 0.45])
    #expect(lisa.quadrants == [.lowLow, .lowLow, .highHigh, .highHigh])
    let se = (1.0 / 3 * 2 / 3 / 9999).squareRoot()
    #expect(abs(lisa.pValues[0] - 1.0 / 3) < 4 * se, "p0 = \(lisa.pValues[0])")
    #expect(abs(lisa.pValues[3] - 1.0 / 3) < 4 * se, "p3 = \(lisa.pValues[3])")
    #expect(lisa.clusters() == Array(repeating: .notSignificant, count: 4))
    // Area 1 (z < 0, neighbours −1.5 and 0.5): the pair mean is ≤ −0.5 for {−1.5, 0.5} only
    // among the three pairs {−1.5, 0.5}, {−1.5, 1.5}, {0.5, 1.5}: p → 1/3.
    #expect(abs(lisa.pValues[1] - 1.0 / 3) < 4 * se, "p1 = \(lisa.pValues[1])")
  }

  /// Σy = 10, ȳ = 2.5, s² = 1.25. G₀* = 3/10, W* = 2: E = 0.5, Var = 2·2/3/16 · 1.25/6.25 =
  /// 1/60, Z = −0.2/√(1/60) = −1.5491933…; G₁* = 6/10, W* = 3: E = 0.75, Var = 3·1/3/16 · 0.2 =
  /// 1/80, Z = −0.15·√80 = −1.3416407…; symmetric for areas 2 and 3.
  @Test("Gi* and its z-scores by hand; permutation ties count as at least as extreme on both sides")
  func giStar() throws {
    let gi = try GetisOrdGiStar(Self.y, weights: Self.path, permutations: 999, seed: 7)
    expectClose(gi.values, [0.3, 0.6, 0.9, 0.7])
    expectClose(gi.expected, [0.5, 0.75, 0.75, 0.5])
    expectClose(gi.variances, [1.0 / 60, 1.0 / 80, 1.0 / 80, 1.0 / 60])
    expectClose(gi.zScores, [-0.2 * 60.0.squareRoot(), -0.15 * 80.0.squareRoot(), 0.15 * 80.0.squareRoot(), 0.2 * 60.0.squareRoot()])
    // Area 0's one slot draws y = 2, 3 or 4 against its neighbour's 2: the tie (1/3 of the
    // draws) counts as at least as extreme, so p → 1/3, not the 1/(B + 1) that counting ties
    // on the upper side only would give. Area 3 (draws 1, 2, 3 against 3) likewise.
    // SE √(2/9/999) ≈ 0.015.
    #expect(abs(gi.pValues[0] - 1.0 / 3) < 4 * 0.015, "p0 = \(gi.pValues[0])")
    #expect(abs(gi.pValues[3] - 1.0 / 3) < 4 * 0.015, "p3 = \(gi.pValues[3])")
    // A zero zᵢ: local Moran's replicates all equal Iᵢ = 0, p = 1.
    let middle = try LocalMoran([1, 2, 3, 2], weights: Self.path, permutations: 99, seed: 1)
    #expect(middle.standardised[1] == 0 && middle.pValues[1] == 1 && middle.pValues[3] == 1)
    #expect(throws: StatisticsError.negative(argument: "values", index: 1)) {
      try GetisOrdGiStar([1, -2, 3, 4], weights: Self.path, seed: 1)
    }
  }

  @Test("islands: no local test (p = q = 1, 'no neighbours'), left out of the FDR family")
  func islands() throws {
    // 0 – 1 – 2 – 3 – 4 and island 5; strongly clustered values.
    let w = try SpatialWeights(neighbours: [[1], [0, 2], [1, 3], [2, 4], [3], []])
    let y = [1.0, 1.1, 5, 9.9, 10, 3]
    let lisa = try LocalMoran(y, weights: w, permutations: 999, seed: 3)
    #expect(lisa.values[5] == 0)
    #expect(lisa.pValues[5] == 1 && lisa.qValues[5] == 1)
    #expect(lisa.clusters()[5] == .noNeighbours)
    #expect(lisa.qValues.prefix(5) == ArraySlice(try FalseDiscoveryRate.benjaminiHochberg(Array(lisa.pValues.prefix(5)))))
    let gi = try GetisOrdGiStar(y, weights: w, permutations: 999, seed: 3)
    #expect(gi.pValues[5] == 1 && gi.clusters()[5] == .noNeighbours)
    // Global: the island stays in n with a zero row (S₀ = 5).
    #expect(w.s0 == 5)
    #expect(throws: StatisticsError.degenerate(reason: "Moran's I needs at least one pair of neighbours; every area is an island")) {
      try GlobalMoran([1, 2, 3, 4], weights: try SpatialWeights(neighbours: [[], [], [], []]), seed: 1)
    }
  }

  @Test("constant and too short variables are refused")
  func degenerate() {
    #expect(throws: StatisticsError.degenerate(reason: "Moran's I of a constant variable is undefined")) {
      try GlobalMoran([2, 2, 2, 2], weights: Self.path, seed: 1)
    }
    #expect(throws: StatisticsError.tooFewElements(argument: "values", minimum: 4, actual: 3)) {
      try GlobalMoran([1, 2, 3], weights: try SpatialWeights(neighbours: [[1], [0, 2], [1]]), seed: 1)
    }
    #expect(throws: StatisticsError.notFinite(argument: "values", index: 2)) {
      try LocalMoran([1, 2, .nan, 4], weights: Self.path, seed: 1)
    }
  }

  /// p = 0.01, 0.04, 0.03, 0.20, 0.04 (m = 5). Sorted with ranks: 0.01 (1), 0.03 (2), 0.04 (3),
  /// 0.04 (4), 0.20 (5); m·p/rank = 0.05, 0.075, 0.0667, 0.05, 0.2; running minimum from the top:
  /// 0.2, 0.05, 0.05, 0.05, 0.05. statsmodels 0.15.0 multipletests(method="fdr_bh") gives
  /// [0.05, 0.05, 0.05, 0.2, 0.05] (fdr_reference.py).
  @Test("Benjamini–Hochberg by hand and against statsmodels")
  func benjaminiHochberg() throws {
    expectClose(try FalseDiscoveryRate.benjaminiHochberg([0.01, 0.04, 0.03, 0.20, 0.04]), [0.05, 0.05, 0.05, 0.2, 0.05])
    #expect(try FalseDiscoveryRate.benjaminiHochberg([]) == [])
    #expect(try FalseDiscoveryRate.benjaminiHochberg([0.9, 0.8]) == [0.9, 0.9])
    #expect(throws: StatisticsError.parameterOutOfDomain(name: "pValues[1]", value: 1.5, domain: "[0, 1]")) {
      try FalseDiscoveryRate.benjaminiHochberg([0.1, 1.5])
    }
  }
}
