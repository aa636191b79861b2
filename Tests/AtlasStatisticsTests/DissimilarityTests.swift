import Testing

@testable import AtlasStatistics

@Suite("Dissimilarity")
struct DissimilarityTests {
  @Test("hand-derived: group 10/20/30 of 100 each → D = 5/24")
  func dissimilarityHand() throws {
    // Shares: group 1/6, 1/3, 1/2; others 90/240, 80/240, 70/240 → ½(5/24 + 0 + 5/24).
    expectClose(
      try Dissimilarity.index(group: [10, 20, 30], total: [100, 100, 100]), 5.0 / 24.0,
      relative: 1e-15)
    expectClose(
      try Dissimilarity.index(group: [10, 20, 30], other: [90, 80, 70]), 5.0 / 24.0, relative: 1e-15
    )
  }

  @Test("cross-implementation: PySAL segregation 2.5.4 Dissim (segregation_reference.py)")
  func segregation() throws {
    let group = [120.0, 45, 300, 12, 0, 88, 410, 23, 67, 150]
    let total = [1000.0, 800, 950, 400, 120, 760, 1200, 300, 510, 640]
    expectClose(try Dissimilarity.index(group: group, total: total), 0.35466247990391536)
    // Hoover = Dissim(group = service, total = service + population).
    let service = [14.0, 3, 9, 22, 0, 7, 11, 5, 2, 8]
    expectClose(try Dissimilarity.hoover(service: service, population: total), 0.25463887040733346)
  }

  @Test("hand-derived: proportional service gives 0, disjoint service gives 1, symmetric")
  func bounds() throws {
    #expect(try Dissimilarity.hoover(service: [2, 4, 6], population: [100, 200, 300]) == 0)
    #expect(try Dissimilarity.hoover(service: [5, 0, 0], population: [0, 10, 30]) == 1)
    let a = [3.0, 8, 1, 0, 4]
    let b = [10.0, 2, 7, 5, 1]
    #expect(
      try Dissimilarity.hoover(service: a, population: b)
        == Dissimilarity.hoover(service: b, population: a))
  }

  @Test("edge cases: zero totals, group above total, mismatched and negative inputs throw")
  func edgeCases() {
    expectError(.zeroTotal(argument: "service")) {
      try Dissimilarity.hoover(service: [0, 0], population: [1, 2])
    }
    expectError(.zeroTotal(argument: "other")) {
      try Dissimilarity.index(group: [5, 5], total: [5, 5])
    }
    expectError(.parameterOutOfDomain(name: "group[1]", value: 7, domain: "at most total[1] = 6.0")) {
      try Dissimilarity.index(group: [1, 7], total: [3, 6])
    }
    expectError(.lengthMismatch(argument: "population", expected: 2, actual: 1)) {
      try Dissimilarity.hoover(service: [1, 2], population: [1])
    }
    expectError(.negative(argument: "group", index: 0)) {
      try Dissimilarity.index(group: [-1, 2], other: [1, 2])
    }
    expectError(.tooFewElements(argument: "group", minimum: 1, actual: 0)) {
      try Dissimilarity.index(group: [], other: [])
    }
  }
}
