// Input checks shared by every public entry point. Each one throws the `StatisticsError` that
// names the argument, so that the policy "validate first, then compute" reads the same in every
// file.

enum Validate {
  static func nonEmpty<C: Collection>(_ values: C, _ argument: String) throws {
    if values.isEmpty {
      throw StatisticsError.tooFewElements(argument: argument, minimum: 1, actual: 0)
    }
  }

  static func atLeast<C: Collection>(_ minimum: Int, _ values: C, _ argument: String) throws {
    if values.count < minimum {
      throw StatisticsError.tooFewElements(
        argument: argument, minimum: minimum, actual: values.count)
    }
  }

  static func sameLength<C: Collection>(_ values: C, as expected: Int, _ argument: String) throws {
    if values.count != expected {
      throw StatisticsError.lengthMismatch(
        argument: argument, expected: expected, actual: values.count)
    }
  }

  static func finite(_ values: [Double], _ argument: String) throws {
    if let index = values.firstIndex(where: { !$0.isFinite }) {
      throw StatisticsError.notFinite(argument: argument, index: index)
    }
  }

  /// Finite and ≥ 0.
  static func nonNegative(_ values: [Double], _ argument: String) throws {
    try finite(values, argument)
    if let index = values.firstIndex(where: { $0 < 0 }) {
      throw StatisticsError.negative(argument: argument, index: index)
    }
  }

  /// Finite and > 0.
  static func positive(_ values: [Double], _ argument: String) throws {
    try finite(values, argument)
    if let index = values.firstIndex(where: { $0 <= 0 }) {
      throw StatisticsError.notPositive(argument: argument, index: index)
    }
  }

  static func probability(_ p: Double, _ name: String) throws {
    guard p.isFinite, p >= 0, p <= 1 else {
      throw StatisticsError.parameterOutOfDomain(name: name, value: p, domain: "[0, 1]")
    }
  }

  static func confidenceLevel(_ level: Double) throws {
    guard level.isFinite, level > 0, level < 1 else {
      throw StatisticsError.parameterOutOfDomain(
        name: "confidenceLevel", value: level, domain: "(0, 1)")
    }
  }
}
