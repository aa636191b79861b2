extension PopulationMethod {
  /// The method a manifest's `population_method` parameter names (its `manifestDescription`,
  /// or the bare name), or nil.
  public init?(manifestDescription text: String) {
    guard let method = Self.allCases.first(where: { text == $0.rawValue || text.hasPrefix($0.rawValue + ":") }) else { return nil }
    self = method
  }
}
