import Testing

@testable import AtlasStatistics

@Suite("Suppression")
struct SuppressionTests {
  @Test("hand-derived: default rule suppresses 1…10, keeps 0 and 11")
  func primary() throws {
    let rule = SuppressionRule()
    #expect(rule.minimumCount == 11)
    #expect(try rule.mask([0, 1, 10, 10.5, 11, 250]) == [false, true, true, true, false, false])
    let strict = SuppressionRule(minimumCount: 20, suppressesZero: true)
    #expect(try strict.mask([0, 19, 20]) == [true, true, false])
  }

  @Test(
    "hand-derived: complementary suppression protects a lone suppressed cell per published total")
  func complementary() throws {
    let rule = SuppressionRule()
    let counts: [Double] = [
      4, 40, 25, 30, /* district B */ 3, 6, 50, /* district C */ 90, 12, /* D */ 2,
    ]
    let districts = ["A", "A", "A", "A", "B", "B", "B", "C", "C", "D"]
    let mask = try rule.mask(counts, totalsPublishedBy: districts)
    // A: 4 alone is suppressed → also the smallest other cell, 25.
    // B: 3 and 6 are both suppressed already → nothing more.
    // C: nothing suppressed. D: a single cell, marked; its total must be withheld by the caller.
    #expect(mask == [true, false, true, false, true, true, false, false, false, true])
    // Ties among partners: the first one.
    #expect(try rule.mask([5, 30, 30], totalsPublishedBy: [1, 1, 1]) == [true, true, false])
  }

  @Test("edge cases: negative or NaN counts, bad minimum, mismatched groups throw")
  func edgeCases() {
    expectError(.negative(argument: "counts", index: 1)) { try SuppressionRule().mask([1, -2]) }
    expectError(.notFinite(argument: "counts", index: 0)) { try SuppressionRule().mask([.nan]) }
    expectError(.parameterOutOfDomain(name: "minimumCount", value: 0, domain: "[1, ∞)")) {
      try SuppressionRule(minimumCount: 0).mask([1])
    }
    expectError(.lengthMismatch(argument: "groups", expected: 2, actual: 1)) {
      try SuppressionRule().mask([1, 2], totalsPublishedBy: ["a"])
    }
  }
}
