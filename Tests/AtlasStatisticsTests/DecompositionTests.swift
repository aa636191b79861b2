import Foundation
import Testing

@testable import AtlasStatistics

@Suite("Inequality decomposition")
struct DecompositionTests {
  typealias F = InequalityFixture

  @Test("cross-implementation: Theil T between/within vs PySAL inequality 1.1.2 TheilD")
  func pysalTheilD() throws {
    let split = try Inequality.theilT(F.positive, groupedBy: F.groups)
    expectClose(split.total, 0.24463543668345228)
    expectClose(split.between, 0.005988707940752687)
    expectClose(split.within, 0.2386467287426996)
    #expect(split.components.map(\.group) == [0, 1, 2])

    // Integer weights: TheilD of numpy.repeat-replicated values and groups.
    let weighted = try Inequality.theilT(F.positive, weights: F.weights, groupedBy: F.groups)
    expectClose(weighted.total, 0.1779337804669671)
    expectClose(weighted.between, 0.01825443557244434)
    expectClose(weighted.within, 0.15967934489452273)
  }

  @Test("hand-derived: Theil L of [1, 1, 4, 4] by halves is all between, ln(5/4)")
  func theilLHand() throws {
    // μ = 2.5, group means 1 and 4: between = ½ ln(2.5/1) + ½ ln(2.5/4) = ln(2.5/2).
    let split = try Inequality.theilL([1, 1, 4, 4], groupedBy: ["a", "a", "b", "b"])
    expectClose(split.between, log(1.25), relative: 1e-15)
    #expect(split.within == 0)
    expectClose(split.total, log(1.25), relative: 1e-15)
    #expect(split.components.map(\.index) == [0, 0])
  }

  @Test("hand-derived: Gini of [1,2,3 | 10,11,12]: between 9/26, within 4/117, no overlap")
  func giniHand() throws {
    // Group means 2 and 11, μ = 6.5, a = ½ each: between = 2·¼·9 / (2·6.5) = 9/26.
    // Within: G(1,2,3) = 2/9 with s = 2/13; G(10,11,12) = 4/99 with s = 11/13;
    // ½·(2/13)·(2/9) + ½·(11/13)·(4/99) = 2/117 + 2/117. Total (PySAL Gini) = 89/234.
    let split = try Inequality.gini([1, 2, 3, 10, 11, 12], groupedBy: [0, 0, 0, 1, 1, 1])
    expectClose(split.between, 9.0 / 26.0, relative: 1e-14)
    expectClose(split.within, 4.0 / 117.0, relative: 1e-14)
    expectClose(split.total, 89.0 / 234.0, relative: 1e-14)
    #expect(abs(split.overlap) < 1e-15)
    expectClose(split.components[0].index, 2.0 / 9.0, relative: 1e-14)
    expectClose(split.components[1].valueShare, 11.0 / 13.0, relative: 1e-14)

    // Interleaved groups overlap: [1, 10, 3 | 2, 11, 12].
    let mixed = try Inequality.gini([1, 10, 3, 2, 11, 12], groupedBy: [0, 0, 0, 1, 1, 1])
    #expect(mixed.overlap > 0.01)
  }

  @Test("property: Theil T and L decompose exactly (total = between + within), weighted")
  func exactness() throws {
    var generator = SeededGenerator(seed: propertySeed("Theil decomposition", default: 4242))
    for trial in 0..<100 {
      let n = 2 + generator.nextIndex(below: 60)
      let values = generator.values(n, in: 0.5..<300, step: 0.5)
      let weights = generator.values(n, in: 0..<2000, step: 1)
      guard weights.contains(where: { $0 > 0 }) else { continue }
      let groups = (0..<n).map { _ in "g\(generator.nextIndex(below: 6))" }
      for split in [
        try Inequality.theilT(values, weights: weights, groupedBy: groups),
        try Inequality.theilL(values, weights: weights, groupedBy: groups),
      ] {
        expectClose(
          split.between + split.within, split.total, relative: 1e-11, absolute: 1e-15,
          "trial \(trial)")
        #expect(split.between >= -1e-15 && split.within >= -1e-15)
        expectClose(split.components.reduce(0) { $0 + $1.weightShare }, 1, relative: 1e-12)
        expectClose(split.components.reduce(0) { $0 + $1.valueShare }, 1, relative: 1e-12)
      }
      let gini = try Inequality.gini(values, weights: weights, groupedBy: groups)
      #expect(gini.overlap >= -1e-12, "trial \(trial): Gini overlap \(gini.overlap)")
      expectClose(gini.total, try Inequality.gini(values, weights: weights), relative: 1e-15)
    }
  }

  @Test("edge cases: zero-weight groups are omitted, zero-mean groups have no index")
  func groupEdgeCases() throws {
    let split = try Inequality.theilT(
      [0, 0, 5, 7, 3], weights: [2, 1, 1, 1, 0], groupedBy: ["zero", "zero", "b", "b", "nobody"])
    #expect(split.components.map(\.group) == ["zero", "b"])
    #expect(split.components[0].index == nil)
    #expect(split.components[0].valueShare == 0)
    expectClose(split.components[0].weightShare, 0.6, relative: 1e-15)
    expectClose(split.between + split.within, split.total, relative: 1e-14)
    expectError(.lengthMismatch(argument: "groups", expected: 3, actual: 2)) {
      try Inequality.theilT([1, 2, 3], groupedBy: ["a", "b"])
    }
    expectError(.notPositive(argument: "values", index: 0)) {
      try Inequality.theilL([0, 2, 3], groupedBy: ["a", "b", "b"])
    }
  }
}
