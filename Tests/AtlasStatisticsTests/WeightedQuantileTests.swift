import Testing

@testable import AtlasStatistics

@Suite("Weighted quantile and the one type 7 interpolation")
struct WeightedQuantileTests {
  /// Values 10, 20, 40 weighing 1, 2, 1: W = 4, midpoints 0.5, 2, 3.5; T(p) = 0.5 + 3p.
  /// p = 0.5: T = 2 → exactly the midpoint of 20 → 20. p = 0.25: T = 1.25, between 10 (0.5)
  /// and 20 (2): 10 + 10 · 0.75/1.5 = 15. p = 0.9: T = 3.2, between 20 (2) and 40 (3.5):
  /// 20 + 20 · 1.2/1.5 = 36. p = 0 and 1: the minimum and the maximum.
  @Test("hand-derived: 10, 20, 40 weighing 1, 2, 1")
  func handDerived() {
    let values = [10.0, 20, 40]
    let weights = [1.0, 2, 1]
    #expect(WeightedQuantile.ofSorted(values, weights: weights, 0.5) == 20)
    expectClose(WeightedQuantile.ofSorted(values, weights: weights, 0.25), 15, relative: 1e-14)
    expectClose(WeightedQuantile.ofSorted(values, weights: weights, 0.9), 36, relative: 1e-14)
    #expect(WeightedQuantile.ofSorted(values, weights: weights, 0) == 10)
    #expect(WeightedQuantile.ofSorted(values, weights: weights, 1) == 40)
    #expect(WeightedQuantile.ofSorted([7], weights: [3], 0.9) == 7)
  }

  @Test("property: equal weights give type 7 (NumPy 'linear'); scaling all weights changes nothing; monotone in p")
  func equalWeights() throws {
    var generator = SeededGenerator(seed: propertySeed("weighted quantile", default: 5))
    for _ in 0..<200 {
      let n = 1 + generator.nextIndex(below: 40)
      let sorted = generator.values(n, in: 0..<100, step: 0.5).sorted()
      let unit = 0.25 + Double(generator.nextIndex(below: 8))
      let weights = (0..<n).map { _ in 0.1 + Double(generator.nextIndex(below: 50)) / 10 }
      var previous = -Double.infinity
      for p in stride(from: 0.0, through: 1.0, by: 0.05) {
        expectClose(
          WeightedQuantile.ofSorted(sorted, weights: Array(repeating: unit, count: n), p), Quantile.ofSorted(sorted, p, method: .hyndmanFan7),
          relative: 1e-12, absolute: 1e-12, "n \(n) p \(p)")
        let q = WeightedQuantile.ofSorted(sorted, weights: weights, p)
        expectClose(WeightedQuantile.ofSorted(sorted, weights: weights.map { $0 * 3 }, p), q, relative: 1e-12, absolute: 1e-12)
        #expect(q >= previous - 1e-12 && q >= sorted[0] && q <= sorted[n - 1])
        previous = q
      }
    }
  }

  @Test("a sorted sample ending in +∞ (never happened): +∞ once the interpolation reaches it, never NaN")
  func infiniteUpperEnd() {
    // n = 11, p = 0.9: h = 9 exactly → the 10th value.
    let tenFinite = (1...10).map(Double.init) + [.infinity]
    #expect(Quantile.ofSorted(tenFinite, 0.9, method: .hyndmanFan7) == 10)
    // n = 10, p = 0.9: h = 8.1 → between the 9th value and +∞.
    let nineFinite = (1...9).map(Double.init) + [.infinity]
    #expect(Quantile.ofSorted(nineFinite, 0.9, method: .hyndmanFan7) == .infinity)
    #expect(Quantile.ofSorted([1, .infinity, .infinity], 0.9, method: .hyndmanFan7) == .infinity)
    #expect(Quantile.interpolate(3, .infinity, 0.7) == .infinity && Quantile.interpolate(3, .infinity, 0) == 3)
  }

  @Test("the order-statistic form is the array form, bit for bit")
  func orderStatisticForm() {
    var generator = SeededGenerator(seed: propertySeed("order statistic form", default: 9))
    for _ in 0..<100 {
      let sorted = generator.values(1 + generator.nextIndex(below: 30), in: -10..<10, step: 0.25).sorted()
      for p in [0, 0.1, 0.37, 0.5, 0.9, 1] {
        #expect(Quantile.ofSorted(count: sorted.count, p, method: .hyndmanFan7) { sorted[$0] } == Quantile.ofSorted(sorted, p, method: .hyndmanFan7))
      }
    }
  }

  @Test("z975 is Φ⁻¹(0.975)")
  func z975() {
    expectClose(StandardNormal.z975, StandardNormal.quantile(0.975), relative: 1e-15)
  }
}
