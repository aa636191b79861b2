import Testing

@testable import AtlasStatistics

@Suite("Quantile")
struct QuantileTests {
  static let values = [412.0, 95.5, 233.1, 95.5, 780.2, 301.7, 150.0, 1204.9, 267.3, 88.8, 512.6]

  @Test("cross-implementation: NumPy 2.4.6 quantile(method='linear') (quantile_reference.py)")
  func numpyLinear() throws {
    let expected: [(Double, Double)] = [
      (0.0, 88.8), (0.095, 95.165), (0.1, 95.5), (0.25, 122.75), (0.5, 267.3), (0.9, 780.2),
      (0.95, 992.5500000000001), (0.99, 1162.4300000000003), (1.0, 1204.9),
    ]
    // Bit for bit: the interpolation is evaluated in NumPy's order.
    for (p, value) in expected {
      #expect(try Self.values.quantile(p, method: .hyndmanFan7) == value, "p = \(p)")
    }
    let all = try Self.values.quantiles(expected.map(\.0))
    expectClose(all, expected.map(\.1), "quantiles")
  }

  @Test("hand-derived: median of 4, 1, 3, 2 is 2.5; a single value is every quantile")
  func handDerived() throws {
    #expect(try [4.0, 1, 3, 2].median() == 2.5)
    #expect(try [7.0].quantile(0.0) == 7)
    #expect(try [7.0].quantile(0.9) == 7)
    // h = (5 − 1)·0.9 = 3.6 → 40 + 0.6·(50 − 40) = 46.
    expectClose(try [10.0, 20, 30, 40, 50].quantile(0.9), 46)
  }

  @Test("property: Q(k/(n−1)) is the k-th order statistic, and Q is monotone in p")
  func orderStatistics() throws {
    var generator = SeededGenerator(seed: propertySeed("quantile order statistics", default: 11))
    for _ in 0..<50 {
      let n = 1 + generator.nextIndex(below: 30)
      let sample = generator.values(n, in: -50..<50, step: 0.5)
      let sorted = sample.sorted()
      // (n − 1)·k/(n − 1) may round to just below k, leaving an interpolation weight of
      // 1 − 1e−16 on sorted[k]: equal up to rounding, not bit for bit (NumPy alike).
      for k in 0..<n where n > 1 {
        expectClose(
          try sample.quantile(Double(k) / Double(n - 1)), sorted[k], relative: 1e-13,
          absolute: 1e-13, "k = \(k) of \(n)")
      }
      let ps = (0...20).map { Double($0) / 20 }
      let qs = try sample.quantiles(ps)
      #expect(zip(qs, qs.dropFirst()).allSatisfy { $0 <= $1 })
    }
  }

  @Test("edge cases: empty input, NaN, p outside [0, 1] throw")
  func edgeCases() {
    expectError(.tooFewElements(argument: "values", minimum: 1, actual: 0)) {
      try [Double]().quantile(0.5)
    }
    expectError(.notFinite(argument: "values", index: 1)) { try [1.0, .nan].quantile(0.5) }
    expectError(.parameterOutOfDomain(name: "p", value: 1.5, domain: "[0, 1]")) {
      try [1.0, 2].quantile(1.5)
    }
  }
}
