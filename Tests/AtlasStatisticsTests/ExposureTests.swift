import Testing

@testable import AtlasStatistics

@Suite("Exposure")
struct ExposureTests {
  // Four areas' p90 response seconds and three groups' populations.
  static let p90 = [480.0, 720.0, 600.0, 910.0]
  static let groups = ["white_nh", "black_nh", "hispanic"]
  static let populations: [[Double]] = [
    [4000, 500, 1500, 0],
    [300, 2500, 700, 1500],
    [1200, 800, 2000, 600],
  ]

  @Test("hand-derived: share living where p90 > 600 s and ratio to White non-Hispanic")
  func handDerived() throws {
    let result = try Exposure.threshold(
      metric: Self.p90, worseThan: 600, direction: .higherIsWorse, groups: Self.groups,
      populations: Self.populations, reference: "white_nh")
    // Worse areas: 1 (720) and 3 (910); area 2 sits exactly at 600 and is not worse.
    // White: 500/6000; Black: 4000/5000; Hispanic: 1400/4600.
    #expect(result.rows.map(\.group) == Self.groups)
    #expect(result.rows.map(\.exposedPopulation) == [500, 4000, 1400])
    expectClose(result.rows[0].share, 1.0 / 12.0, relative: 1e-15)
    expectClose(result.rows[1].share, 0.8, relative: 1e-15)
    expectClose(result.rows[2].share, 1400.0 / 4600.0, relative: 1e-15)
    #expect(result.rows[0].ratioToReference == 1)
    expectClose(result.rows[1].ratioToReference, 9.6, relative: 1e-14)
    expectClose(result.rows[2].ratioToReference, (1400.0 / 4600.0) * 12, relative: 1e-14)
  }

  @Test("hand-derived: lower-is-worse metric and a reference group with no exposure")
  func lowerIsWorse() throws {
    let coverage = [0.95, 0.60, 0.75, 0.40]
    let result = try Exposure.threshold(
      metric: coverage, worseThan: 0.7, direction: .lowerIsWorse, groups: Self.groups,
      populations: Self.populations, reference: "white_nh")
    // Worse: areas 1 and 3 again (0.60, 0.40).
    #expect(result.rows.map(\.exposedPopulation) == [500, 4000, 1400])
    let none = try Exposure.threshold(
      metric: coverage, worseThan: 0.5, direction: .lowerIsWorse, groups: Self.groups,
      populations: Self.populations, reference: "white_nh")
    // Only area 3 (0.40) is worse, where no White non-Hispanic residents live.
    #expect(none.rows[0].share == 0)
    #expect(none.rows.allSatisfy { $0.ratioToReference == nil })
    #expect(
      Direction.higherIsWorse.isWorse(2, than: 1) && !Direction.lowerIsWorse.isWorse(2, than: 1))
  }

  @Test("edge cases: unknown reference, duplicate groups, empty group, bad metric throw")
  func edgeCases() {
    expectError(
      .invalidArgument(argument: "reference", reason: "the reference group is not among the groups")
    ) {
      try Exposure.threshold(
        metric: Self.p90, worseThan: 1, direction: .higherIsWorse, groups: Self.groups,
        populations: Self.populations, reference: "asian_nh")
    }
    expectError(.invalidArgument(argument: "groups", reason: "groups must be distinct")) {
      try Exposure.threshold(
        metric: [1], worseThan: 1, direction: .higherIsWorse, groups: ["a", "a"],
        populations: [[1], [1]], reference: "a")
    }
    expectError(.zeroTotal(argument: "populations[1]")) {
      try Exposure.threshold(
        metric: [1, 2], worseThan: 1, direction: .higherIsWorse, groups: ["a", "b"],
        populations: [[1, 1], [0, 0]], reference: "a")
    }
    expectError(.lengthMismatch(argument: "populations[0]", expected: 2, actual: 1)) {
      try Exposure.threshold(
        metric: [1, 2], worseThan: 1, direction: .higherIsWorse, groups: ["a"],
        populations: [[1]], reference: "a")
    }
    expectError(.notFinite(argument: "metric", index: 1)) {
      try Exposure.threshold(
        metric: [1, .nan], worseThan: 1, direction: .higherIsWorse, groups: ["a"],
        populations: [[1, 1]], reference: "a")
    }
  }
}
