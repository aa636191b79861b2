import Foundation
import Testing

@testable import AtlasStatistics

// Reference data of inequality_reference.py (PySAL inequality 1.1.2, SciPy 1.17.1,
// statsmodels 0.15.0, NumPy 2.4.6).
enum InequalityFixture {
  /// Per-area values with zeros.
  static let areas = [
    0.0, 3.2, 7.5, 1.1, 12.8, 4.4, 0.0, 9.9, 2.5, 6.1, 15.3, 3.3, 8.8, 0.7, 5.5, 11.2, 2.2, 4.9,
    7.0, 1.6,
  ]
  /// Strictly positive values.
  static let positive = [
    12.5, 3.1, 8.4, 22.0, 5.6, 14.2, 9.9, 1.8, 30.5, 7.7, 11.1, 4.3, 18.9, 6.6, 2.9,
  ]
  static let groups = [0, 0, 1, 1, 2, 0, 1, 2, 2, 0, 1, 2, 0, 1, 2]
  static let integerWeights = [3, 1, 2, 5, 1, 4, 2, 1, 1, 3, 2, 2, 1, 4, 2]
  static var weights: [Double] { integerWeights.map(Double.init) }
  static let fractionalWeights = [
    0.5, 2.25, 1.0, 3.75, 0.1, 1.9, 2.0, 0.6, 1.4, 2.2, 0.8, 1.1, 3.3, 0.25, 1.7,
  ]
}

@Suite("Inequality")
struct InequalityTests {
  typealias F = InequalityFixture

  @Test("hand-derived: Gini [1…5] = 4/15, Theil T, Theil L = ln 3 − ln 120 / 5, Atkinson [10…50]")
  func handDerived() throws {
    let oneToFive = [1.0, 2, 3, 4, 5]
    // Σ(2i − n − 1)yᵢ / (n² μ) = (−4 − 4 + 0 + 8 + 20) / (25 · 3) = 4/15.
    expectClose(try Inequality.gini(oneToFive), 4.0 / 15.0, relative: 1e-15)
    // STYLE.md: Theil T of [1…5] = 0.11968759358350917 = (1/5) Σ (i/3) ln(i/3).
    expectClose(try Inequality.theilT(oneToFive), 0.11968759358350917, relative: 1e-14)
    // L = ln μ − mean(ln y) = ln 3 − ln(5!)/5.
    expectClose(try Inequality.theilL(oneToFive), log(3) - log(120) / 5, relative: 1e-14)
    // STYLE.md: 0.06315 (ε = 0.5) and 0.13161 (ε = 1), to the five digits given there.
    let tens = [10.0, 20, 30, 40, 50]
    expectClose(try Inequality.atkinson(tens, epsilon: 0.5), 0.06315, absolute: 5e-6)
    expectClose(try Inequality.atkinson(tens, epsilon: 1), 0.13161, absolute: 5e-6)
    // ε = 2: 1 − harmonic mean / μ = 1 − (5 / Σ 1/yᵢ) / 30.
    let harmonic = 5 / tens.reduce(0) { $0 + 1 / $1 }
    expectClose(try Inequality.atkinson(tens, epsilon: 2), 1 - harmonic / 30, relative: 1e-14)
    // One person holds everything among n: G = 1 − 1/n, T = ln n.
    let single = [0.0, 0, 0, 7]
    expectClose(try Inequality.gini(single), 0.75, relative: 1e-15)
    expectClose(try Inequality.theilT(single), log(4), relative: 1e-15)
    // CV of [2, 4, 4, 4, 5, 5, 7, 9]: σ = 2, μ = 5.
    expectClose(
      try Inequality.coefficientOfVariation([2, 4, 4, 4, 5, 5, 7, 9]), 0.4, relative: 1e-15)
  }

  @Test("cross-implementation: unweighted indices vs PySAL inequality 1.1.2 and SciPy")
  func pysalUnweighted() throws {
    expectClose(try Inequality.gini([1, 2, 3, 4, 5]), 0.26666666666666666)
    expectClose(try Inequality.atkinson([10, 20, 30, 40, 50], epsilon: 0.5), 0.06315339222708616)
    expectClose(try Inequality.atkinson([10, 20, 30, 40, 50], epsilon: 1), 0.13160963843421591)

    // With zeros: PySAL adds 2.2e−308 to zeros, which changes no digit.
    expectClose(try Inequality.gini(F.areas), 0.4445370370370367)
    expectClose(try Inequality.theilT(F.areas), 0.3413960142242903)
    // SciPy stats.variation (ddof = 0).
    expectClose(try Inequality.coefficientOfVariation(F.areas), 0.7945501958450587)

    expectClose(try Inequality.gini(F.positive), 0.3895506792058516)
    expectClose(try Inequality.theilT(F.positive), 0.24463543668345228)
    // −ln(1 − PySAL atkinson(ε = 1)).
    expectClose(try Inequality.theilL(F.positive), 0.2741147643907466)
    let atkinson: [(Double, Double)] = [
      (0.5, 0.12209560945019404), (1, 0.2397551787795762), (1.5, 0.3465491425177366),
      (2, 0.43735719313793986), (3, 0.5668806897189143),
    ]
    for (epsilon, value) in atkinson {
      expectClose(try Inequality.atkinson(F.positive, epsilon: epsilon), value, "ε = \(epsilon)")
    }
    expectClose(try Inequality.coefficientOfVariation(F.positive), 0.7280856984643568)
  }

  @Test("cross-implementation: integer weights vs PySAL on numpy.repeat-replicated values")
  func pysalReplicated() throws {
    let w = F.weights
    expectClose(try Inequality.gini(F.positive, weights: w), 0.3321955817736766)
    expectClose(try Inequality.theilT(F.positive, weights: w), 0.1779337804669671)
    expectClose(try Inequality.theilL(F.positive, weights: w), 0.20185796407068796)
    expectClose(try Inequality.atkinson(F.positive, epsilon: 0.5, weights: w), 0.09055213053676991)
    expectClose(try Inequality.atkinson(F.positive, epsilon: 1, weights: w), 0.1827890069778263)
    expectClose(try Inequality.atkinson(F.positive, epsilon: 2, weights: w), 0.35911957456776833)
    expectClose(try Inequality.coefficientOfVariation(F.positive, weights: w), 0.6054239655466319)
  }

  @Test("cross-implementation: weighted mean and variance vs statsmodels DescrStatsW(ddof=0)")
  func descriptive() throws {
    expectClose(
      try Descriptive.mean(F.positive, weights: F.fractionalWeights), 12.899124726477021)
    expectClose(
      try Descriptive.variance(F.positive, weights: F.fractionalWeights), 66.66284387284593)
    // Unweighted: mean 3 and population variance 2 for [1…5].
    #expect(try Descriptive.mean([1, 2, 3, 4, 5]) == 3)
    #expect(try Descriptive.variance([1, 2, 3, 4, 5]) == 2)
    #expect(try Descriptive.mean([-3, 1]) == -1)
  }

  @Test("property: fast Gini equals the O(n²) pair-sum oracle, weighted and unweighted, with ties")
  func giniOracle() throws {
    var generator = SeededGenerator(seed: propertySeed("Gini vs brute force", default: 2024))
    for trial in 0..<200 {
      let n = 1 + generator.nextIndex(below: 40)
      var values = generator.values(n, in: 0..<100, step: 5)
      if values.allSatisfy({ $0 == 0 }) { values[0] = 1 }
      let weights = generator.values(n, in: 0..<10, step: 0.25).map { $0 + 0.25 }
      let ones = [Double](repeating: 1, count: n)
      expectClose(
        try Inequality.gini(values), Oracle.gini(values, weights: ones), relative: 1e-12,
        absolute: 1e-15, "trial \(trial) unweighted")
      expectClose(
        try Inequality.gini(values, weights: weights), Oracle.gini(values, weights: weights),
        relative: 1e-12, absolute: 1e-15, "trial \(trial) weighted")
    }
  }

  @Test("property: integer weights equal replication of values, for every index")
  func replication() throws {
    var generator = SeededGenerator(seed: propertySeed("replication invariance", default: 7))
    for trial in 0..<60 {
      let n = 2 + generator.nextIndex(below: 25)
      let values = generator.values(n, in: 1..<500, step: 0.5)
      // Weights 0…4: a zero weight must act like leaving the value out.
      let counts = (0..<n).map { _ in generator.nextIndex(below: 5) }
      guard counts.contains(where: { $0 > 0 }) else { continue }
      let weights = counts.map(Double.init)
      let replicated = Oracle.replicate(values, counts)
      let pairs: [(String, ([Double], [Double]?) throws -> Double)] = [
        ("gini", { try Inequality.gini($0, weights: $1) }),
        ("theilT", { try Inequality.theilT($0, weights: $1) }),
        ("theilL", { try Inequality.theilL($0, weights: $1) }),
        ("atkinson0.5", { try Inequality.atkinson($0, epsilon: 0.5, weights: $1) }),
        ("atkinson1", { try Inequality.atkinson($0, epsilon: 1, weights: $1) }),
        ("atkinson2", { try Inequality.atkinson($0, epsilon: 2, weights: $1) }),
        ("cv", { try Inequality.coefficientOfVariation($0, weights: $1) }),
      ]
      for (name, index) in pairs {
        expectClose(
          try index(values, weights), try index(replicated, nil), relative: 1e-10,
          absolute: 1e-14, "trial \(trial) \(name)")
      }
    }
  }

  @Test("property: scale invariance of values and of weights; equal values give 0")
  func invariance() throws {
    var generator = SeededGenerator(seed: propertySeed("scale invariance", default: 31))
    for trial in 0..<50 {
      let n = 2 + generator.nextIndex(below: 30)
      let values = generator.values(n, in: 1..<1000, step: 1)
      let weights = generator.values(n, in: 1..<5000, step: 1)
      let scale = 0.001 + generator.nextUnitInterval() * 1000
      let indices: [(String, ([Double], [Double]) throws -> Double)] = [
        ("gini", { try Inequality.gini($0, weights: $1) }),
        ("theilT", { try Inequality.theilT($0, weights: $1) }),
        ("theilL", { try Inequality.theilL($0, weights: $1) }),
        ("atkinson0.5", { try Inequality.atkinson($0, epsilon: 0.5, weights: $1) }),
        ("atkinson2", { try Inequality.atkinson($0, epsilon: 2, weights: $1) }),
        ("cv", { try Inequality.coefficientOfVariation($0, weights: $1) }),
      ]
      for (name, index) in indices {
        let base = try index(values, weights)
        expectClose(
          try index(values.map { $0 * scale }, weights), base, relative: 1e-10, absolute: 1e-14,
          "trial \(trial) \(name) values × \(scale)")
        expectClose(
          try index(values, weights.map { $0 * scale }), base, relative: 1e-10, absolute: 1e-14,
          "trial \(trial) \(name) weights × \(scale)")
        let constant = [Double](repeating: values[0], count: n)
        expectClose(try index(constant, weights), 0, absolute: 1e-15, "\(name) of equal values")
      }
    }
  }

  @Test("property: Atkinson grows with ε and A₁ = 1 − exp(−L)")
  func atkinsonMonotone() throws {
    let epsilons = [0.0, 0.25, 0.5, 1, 1.5, 2, 3, 5]
    let values = try epsilons.map {
      try Inequality.atkinson(F.positive, epsilon: $0, weights: F.fractionalWeights)
    }
    #expect(values[0] == 0)
    #expect(zip(values, values.dropFirst()).allSatisfy { $0 < $1 })
    let l = try Inequality.theilL(F.positive, weights: F.fractionalWeights)
    expectClose(values[3], 1 - exp(-l), relative: 1e-13)
  }

  @Test("edge case: zero weights drop elements; reported indices are the caller's")
  func zeroWeights() throws {
    let values = [5.0, 0, 9, 2]
    let weights = [1.0, 0, 2, 3]
    expectClose(
      try Inequality.theilL(values, weights: weights),
      try Inequality.theilL([5, 9, 2], weights: [1, 2, 3]), relative: 1e-15)
    expectClose(
      try Inequality.gini(values, weights: weights),
      try Inequality.gini([5, 9, 2], weights: [1, 2, 3]), relative: 1e-15)
    expectError(.notPositive(argument: "values", index: 1)) {
      try Inequality.theilL(values, weights: [1, 1, 2, 3])
    }
    expectError(.notPositive(argument: "values", index: 3)) {
      try Inequality.atkinson([5, 1, 9, 0], epsilon: 2, weights: [1, 0, 2, 3])
    }
    // 0 < ε < 1 allows zeros: A₀.₅ of [0, 4] = 1 − ((0 + √2)/2)² = 0.5.
    expectClose(try Inequality.atkinson([0, 4], epsilon: 0.5), 0.5, relative: 1e-15)
  }

  @Test("edge cases: empty, negative, NaN, zero totals, bad weights and ε throw")
  func edgeCases() {
    expectError(.tooFewElements(argument: "values", minimum: 1, actual: 0)) {
      try Inequality.gini([])
    }
    expectError(.negative(argument: "values", index: 2)) { try Inequality.theilT([1, 2, -1]) }
    expectError(.notFinite(argument: "values", index: 0)) { try Inequality.gini([.nan, 1]) }
    expectError(.zeroTotal(argument: "values")) { try Inequality.gini([0, 0, 0]) }
    expectError(.zeroTotal(argument: "values")) {
      try Inequality.coefficientOfVariation([0, 3], weights: [1, 0])
    }
    expectError(.zeroTotal(argument: "weights")) { try Inequality.gini([1, 2], weights: [0, 0]) }
    expectError(.negative(argument: "weights", index: 1)) {
      try Inequality.gini([1, 2], weights: [1, -1])
    }
    expectError(.lengthMismatch(argument: "weights", expected: 2, actual: 3)) {
      try Inequality.gini([1, 2], weights: [1, 1, 1])
    }
    expectError(.notFinite(argument: "weights", index: 0)) {
      try Inequality.theilT([1, 2], weights: [.infinity, 1])
    }
    expectError(.parameterOutOfDomain(name: "epsilon", value: -1, domain: "[0, ∞)")) {
      try Inequality.atkinson([1, 2], epsilon: -1)
    }
    expectError(.notPositive(argument: "values", index: 0)) { try Inequality.theilL([0, 2]) }
  }
}
