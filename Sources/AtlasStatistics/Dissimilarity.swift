/// Dissimilarity between two distributions over the same areas: how much of one would have to
/// move between areas to match the other.
///
/// Both indices are the same formula applied to different pairs of counts:
///
///     D = ½ · Σᵢ | aᵢ / A − bᵢ / B |,   A = Σ aᵢ,  B = Σ bᵢ
///
/// D lies in [0, 1]: 0 when the two are distributed alike, 1 when they never share an area.
/// Areas where both counts are 0 contribute nothing.
public enum Dissimilarity {
  /// The index of dissimilarity between a group and everyone else in each area.
  ///
  ///     D = ½ · Σᵢ | gᵢ / G − oᵢ / O |,   oᵢ = tᵢ − gᵢ
  ///
  /// Example: group 10, 20, 30 of totals 100, 100, 100 gives D = 5/24.
  /// Edge cases: empty input, arrays of different length, NaN, infinite or negative counts
  /// throw; a group count above its area's total throws `.parameterOutOfDomain`; G = 0 or
  /// O = 0 (nobody in the group, or nobody outside it) throws `.zeroTotal`.
  /// - Complexity: O(n).
  /// Reference: O. D. Duncan & B. Duncan (1955), "A methodological analysis of segregation
  /// indexes", American Sociological Review 20(2):210–217; D. S. Massey & N. A. Denton (1988),
  /// "The dimensions of residential segregation", Social Forces 67(2):281–315; PySAL
  /// `segregation.singlegroup.Dissim`.
  public static func index(group: [Double], total: [Double]) throws -> Double {
    try Validate.nonEmpty(group, "group")
    try Validate.sameLength(total, as: group.count, "total")
    try Validate.nonNegative(group, "group")
    try Validate.nonNegative(total, "total")
    if let i = group.indices.first(where: { group[$0] > total[$0] }) {
      throw StatisticsError.parameterOutOfDomain(
        name: "group[\(i)]", value: group[i], domain: "at most total[\(i)] = \(total[i])")
    }
    return try index(group: group, other: zip(total, group).map { $0 - $1 })
  }

  /// The index of dissimilarity between two disjoint populations given separately.
  ///
  ///     D = ½ · Σᵢ | gᵢ / G − oᵢ / O |
  ///
  /// Edge cases: empty input, arrays of different length, NaN, infinite or negative counts
  /// throw; G = 0 or O = 0 throws `.zeroTotal`.
  /// - Complexity: O(n).
  /// Reference: Duncan & Duncan (1955); Massey & Denton (1988), Social Forces 67(2):281–315.
  public static func index(group: [Double], other: [Double]) throws -> Double {
    try halfAbsoluteShareDifference(group, "group", other, "other")
  }

  /// The Hoover index: the share of a service (patrol hours, stations, calls answered) that
  /// would have to move between areas for every area's service share to equal its population
  /// share.
  ///
  ///     H = ½ · Σᵢ | sᵢ / S − pᵢ / P |
  ///
  /// Edge cases: empty input, arrays of different length, NaN, infinite or negative values
  /// throw; S = 0 or P = 0 throws `.zeroTotal`.
  /// - Complexity: O(n).
  /// Reference: E. M. Hoover (1941), "Interstate redistribution of population, 1850–1940",
  /// Journal of Economic History 1(2):199–205; also known as the Robin Hood or Schutz index.
  public static func hoover(service: [Double], population: [Double]) throws -> Double {
    try halfAbsoluteShareDifference(service, "service", population, "population")
  }

  private static func halfAbsoluteShareDifference(
    _ a: [Double], _ aName: String, _ b: [Double], _ bName: String
  ) throws -> Double {
    try Validate.nonEmpty(a, aName)
    try Validate.sameLength(b, as: a.count, bName)
    try Validate.nonNegative(a, aName)
    try Validate.nonNegative(b, bName)
    let totalA = a.reduce(0, +)
    let totalB = b.reduce(0, +)
    guard totalA > 0 else { throw StatisticsError.zeroTotal(argument: aName) }
    guard totalB > 0 else { throw StatisticsError.zeroTotal(argument: bName) }
    return zip(a, b).reduce(0) { $0 + abs($1.0 / totalA - $1.1 / totalB) } / 2
  }
}
