import Testing

@testable import AtlasStatistics

@Suite("IndexSummary")
struct IndexSummaryTests {
  typealias F = InequalityFixture

  @Test("keys in order; values equal PySAL inequality 1.1.2 (inequality_reference.py)")
  func ungrouped() throws {
    let summary = try IndexSummary(values: F.positive)
    #expect(summary.entries.map(\.key) == IndexSummary.keys)
    #expect(
      IndexSummary.keys == [
        "gini", "theil_t", "theil_l", "atkinson_0.5", "atkinson_1", "atkinson_2", "cv",
      ])
    expectClose(summary["gini"]?.value, 0.3895506792058516)
    expectClose(summary["theil_t"]?.value, 0.24463543668345228)
    expectClose(summary["theil_l"]?.value, 0.2741147643907466)
    expectClose(summary["atkinson_0.5"]?.value, 0.12209560945019404)
    expectClose(summary["atkinson_1"]?.value, 0.2397551787795762)
    expectClose(summary["atkinson_2"]?.value, 0.43735719313793986)
    expectClose(summary["cv"]?.value, 0.7280856984643568)
    #expect(summary["theil_t_between"] == nil)
  }

  @Test("with weights and groups: Theil T split appended; PySAL TheilD on replicated values")
  func grouped() throws {
    let summary = try IndexSummary(
      values: F.positive, weights: F.weights, groups: F.groups.map { "d\($0)" })
    #expect(summary.entries.map(\.key) == IndexSummary.keys + IndexSummary.groupKeys)
    expectClose(summary["gini"]?.value, 0.3321955817736766)
    expectClose(summary["theil_t_between"]?.value, 0.01825443557244434)
    expectClose(summary["theil_t_within"]?.value, 0.15967934489452273)
  }

  @Test("zeros: Theil L and Atkinson ε ≥ 1 fail with a reason, the others print")
  func zeros() throws {
    let summary = try IndexSummary(values: F.areas)
    expectClose(summary["gini"]?.value, 0.4445370370370367)
    for key in ["theil_l", "atkinson_1", "atkinson_2"] {
      #expect(
        summary[key]?.outcome == .failure(.notPositive(argument: "values", index: 0)), "\(key)")
      #expect(summary[key]?.value == nil)
    }
    #expect(summary["atkinson_0.5"]?.value != nil)
    #expect(
      StatisticsError.notPositive(argument: "values", index: 0).description
        == "values[0] is zero or negative")
  }

  @Test("edge cases: whole-column failures throw")
  func edgeCases() {
    expectError(.negative(argument: "values", index: 1)) { try IndexSummary(values: [1, -1]) }
    expectError(.zeroTotal(argument: "values")) { try IndexSummary(values: [0, 0]) }
    expectError(.lengthMismatch(argument: "groups", expected: 2, actual: 1)) {
      try IndexSummary(values: [1, 2], groups: ["a"])
    }
    expectError(.lengthMismatch(argument: "weights", expected: 2, actual: 3)) {
      try IndexSummary(values: [1, 2], weights: [1, 2, 3])
    }
  }
}
