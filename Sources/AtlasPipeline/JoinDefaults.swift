/// Defaults of the join, chosen by measurement (see README, "Boundary rule").
public enum JoinDefaults {
  /// Centre-line tolerance of the south-east rule, in US survey feet.
  public static let toleranceFeet: Double = 0
}
