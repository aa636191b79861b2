import Testing

@testable import AtlasStatistics

// Data and reference values of concentration_reference.py (NumPy 2.4.6, concentration-curve
// area; independent of the covariance form used by AtlasStatistics).
@Suite("Concentration")
struct ConcentrationTests {
  static let outcome = [14.2, 11.8, 16.5, 9.4, 12.1, 18.3, 10.2, 8.7, 13.3, 15.9, 9.9, 7.6]
  static let income = [
    31000.0, 52000, 28000, 71000, 52000, 24000, 64000, 88000, 39000, 31000, 77000, 95000,
  ]
  static let population = [
    5400.0, 3100, 7200, 2600, 4100, 6900, 3300, 1800, 5000, 6100, 2400, 1500,
  ]
  static let answered = [0.61, 0.78, 0.55, 0.91, 0.74, 0.48, 0.86, 0.94, 0.69, 0.58, 0.89, 0.97]

  @Test("cross-implementation: 1 − 2·(area under the concentration curve), NumPy")
  func curveArea() throws {
    expectClose(
      try Concentration.index(
        outcome: Self.outcome, rankedBy: Self.income, weights: Self.population),
      -0.12712669622000328)
    expectClose(
      try Concentration.index(outcome: Self.outcome, rankedBy: Self.income), -0.1473405454135679)
    expectClose(
      try Concentration.index(
        outcome: Self.answered, rankedBy: Self.income, weights: Self.population),
      0.12479681838165224)
    expectClose(
      try Concentration.erreygers(
        outcome: Self.answered, rankedBy: Self.income, weights: Self.population, bounds: 0...1),
      0.3384469504499335)
  }

  @Test("hand-derived: [0, 0, 0, 1] ranked poorest first → C = 3/4; equal outcome → 0")
  func handDerived() throws {
    // Ranks 1/8, 3/8, 5/8, 7/8; μ = 1/4; cov = ¼ · (¾)(7/8 − ½) + ¼ · Σ(−¼)(Rᵢ − ½) = 3/32;
    // C = 2 · (3/32) / (1/4) = 3/4.
    expectClose(
      try Concentration.index(outcome: [0, 0, 0, 1], rankedBy: [1, 2, 3, 4]), 0.75, relative: 1e-15)
    expectClose(
      try Concentration.index(outcome: [1, 0, 0, 0], rankedBy: [1, 2, 3, 4]), -0.75, relative: 1e-15
    )
    #expect(try Concentration.index(outcome: [5, 5, 5], rankedBy: [3, 1, 2]) == 0)
    // Ties in rank share the block's midpoint: all tied → every R = ½ → C = 0.
    #expect(try Concentration.index(outcome: [1, 9, 4], rankedBy: [7, 7, 7]) == 0)
    // Erreygers of a 0/1 indicator held only by the richest of 4: 8 · (3/32) / 1 = 3/4.
    expectClose(
      try Concentration.erreygers(outcome: [0, 0, 0, 1], rankedBy: [1, 2, 3, 4], bounds: 0...1),
      0.75,
      relative: 1e-15)
  }

  @Test(
    "property: input order does not matter (ties included) and integer weights equal replication")
  func orderAndReplication() throws {
    var generator = SeededGenerator(seed: propertySeed("concentration permutation", default: 808))
    for trial in 0..<40 {
      let n = 2 + generator.nextIndex(below: 30)
      let outcome = generator.values(n, in: 0.5..<50, step: 0.5)
      let rank = generator.values(n, in: 0..<10, step: 1)
      let counts = (0..<n).map { _ in 1 + generator.nextIndex(below: 4) }
      let weights = counts.map(Double.init)
      let base = try Concentration.index(outcome: outcome, rankedBy: rank, weights: weights)
      var order = Array(0..<n)
      for i in stride(from: n - 1, to: 0, by: -1) {
        order.swapAt(i, generator.nextIndex(below: i + 1))
      }
      expectClose(
        try Concentration.index(
          outcome: order.map { outcome[$0] }, rankedBy: order.map { rank[$0] },
          weights: order.map { weights[$0] }),
        base, relative: 1e-12, absolute: 1e-15, "trial \(trial) permuted")
      expectClose(
        try Concentration.index(
          outcome: Oracle.replicate(outcome, counts), rankedBy: Oracle.replicate(rank, counts)),
        base, relative: 1e-12, absolute: 1e-15, "trial \(trial) replicated")
      let lowest = outcome.min()!
      let highest = outcome.max()! + 1
      let c = try Concentration.index(outcome: outcome, rankedBy: rank, weights: weights)
      let mean = try Descriptive.mean(outcome, weights: weights)
      expectClose(
        try Concentration.erreygers(
          outcome: outcome, rankedBy: rank, weights: weights, bounds: lowest...highest),
        4 * mean / (highest - lowest) * c, relative: 1e-12, absolute: 1e-15,
        "trial \(trial) Erreygers")
    }
  }

  @Test("edge cases: zero mean, out-of-bounds outcome and bad bounds throw")
  func edgeCases() throws {
    expectError(.zeroTotal(argument: "outcome")) {
      try Concentration.index(outcome: [0, 0], rankedBy: [1, 2])
    }
    #expect(try Concentration.erreygers(outcome: [0, 0], rankedBy: [1, 2], bounds: 0...1) == 0)
    expectError(.parameterOutOfDomain(name: "outcome[1]", value: 1.5, domain: "0.0...1.0")) {
      try Concentration.erreygers(outcome: [0.5, 1.5], rankedBy: [1, 2], bounds: 0...1)
    }
    expectError(
      .invalidArgument(argument: "bounds", reason: "need finite bounds a < b, got 1.0...1.0")
    ) {
      try Concentration.erreygers(outcome: [1, 1], rankedBy: [1, 2], bounds: 1...1)
    }
    expectError(.lengthMismatch(argument: "rankedBy", expected: 2, actual: 3)) {
      try Concentration.index(outcome: [1, 2], rankedBy: [1, 2, 3])
    }
    expectError(.negative(argument: "outcome", index: 0)) {
      try Concentration.index(outcome: [-1, 2], rankedBy: [1, 2])
    }
  }
}

@Suite("Concentration ranking computed once")
struct ConcentrationRankingTests {
  @Test("property: Ranking(x, w).index(h) equals index(h, x, w) to the last bit (ties, zero weights)")
  func rankingEqualsIndex() throws {
    var generator = SeededGenerator(seed: propertySeed("concentration ranking", default: 909))
    for trial in 0..<40 {
      let n = 2 + generator.nextIndex(below: 30)
      let rank = generator.values(n, in: 0..<10, step: 1)
      var weights = (0..<n).map { _ in Double(generator.nextIndex(below: 4)) }
      weights[0] = 1
      let ranking = try Concentration.Ranking(rank, weights: weights)
      for _ in 0..<3 {
        let outcome = generator.values(n, in: 0.5..<50, step: 0.5)
        let expected = try Concentration.index(outcome: outcome, rankedBy: rank, weights: weights)
        #expect(try ranking.index(outcome: outcome) == expected, "trial \(trial)")
      }
    }
    #expect(throws: StatisticsError.self) { try Concentration.Ranking([1, 2], weights: [0, 0]) }
    #expect(throws: StatisticsError.self) { try Concentration.Ranking([1, .nan]) }
    let ranking = try Concentration.Ranking([1, 2, 3])
    #expect(throws: StatisticsError.self) { try ranking.index(outcome: [1, 2]) }
    #expect(throws: StatisticsError.self) { try ranking.index(outcome: [0, 0, 0]) }
    #expect(throws: StatisticsError.self) { try ranking.index(outcome: [1, -1, 2]) }
  }
}
