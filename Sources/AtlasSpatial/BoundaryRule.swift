/// How a point on (or, with a tolerance, near) a boundary shared by two areas is assigned.
///
/// Chicago Police Department General Order G01-04: area boundaries run down street
/// centre-lines, and an incident exactly on one belongs to the area on its south/east side.
public enum BoundaryRule: Hashable, Sendable {
  /// G01-04. A point on a boundary goes to the area a step toward the south-east leads into
  /// (direction (1, −1) in lon/lat degrees; on a boundary running
  /// exactly along that direction, to its south-west side). A point on the city limit whose
  /// south-east side is outside every area stays in the area whose boundary it is on (the first
  /// in layer order if it touches several).
  ///
  /// With `toleranceFeet > 0` a point within that distance of a boundary is treated as lying on
  /// the nearest boundary point: geocoded incidents sit on street centre-lines that are also
  /// area boundaries, and the City labels them by the rule, not by which side of the line a
  /// rounding error put them. A point outside every area but within the tolerance of one is
  /// assigned the same way.
  case southEast(toleranceFeet: Double)
  /// Plain covers semantics: a point belongs to the first area, in layer order, whose closed
  /// polygon covers it. No tolerance.
  case none

  /// G01-04 with exact boundaries.
  public static let southEastExact = BoundaryRule.southEast(toleranceFeet: 0)

  public var toleranceFeet: Double {
    if case .southEast(let t) = self { return t }
    return 0
  }
}
