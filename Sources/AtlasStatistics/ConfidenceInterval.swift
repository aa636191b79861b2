/// A two-sided confidence interval [lower, upper] at the stated confidence level.
public struct ConfidenceInterval: Hashable, Sendable {
  public let lower: Double
  public let upper: Double
  /// The nominal coverage, e.g. 0.95.
  public let level: Double

  public init(lower: Double, upper: Double, level: Double) {
    self.lower = lower
    self.upper = upper
    self.level = level
  }

  /// Whether `value` lies in the closed interval.
  public func contains(_ value: Double) -> Bool {
    lower <= value && value <= upper
  }
}
