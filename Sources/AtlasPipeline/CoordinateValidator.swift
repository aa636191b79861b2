import AtlasGeometry
import AtlasIO

/// Checks the coordinate fields of one record and says why they are unusable: missing,
/// non-numeric, NaN or infinite, (0, 0), out of range, or swapped (the exchanged pair falls in
/// the city while the given one does not).
struct CoordinateValidator: Sendable {
  var xName: String
  var yName: String
  /// Where the layers are (padded): the reference for "swapped".
  var extent: Envelope
  /// WGS 84 input: range and swap checks apply here; projected input is checked after PROJ.
  var geographic: Bool

  func check(_ scanner: CSVScanner, _ xField: CSVFieldRange, _ yField: CSVFieldRange) -> (Double, Double, (RejectReason, String)?) {
    for (field, name) in [(xField, xName), (yField, yName)] where scanner.isBlank(field) {
      return (.nan, .nan, (.missingCoordinate, "missing \(name)"))
    }
    guard let x = scanner.number(xField) else {
      return (.nan, .nan, (.notANumber, "non-numeric \(xName) '\(scanner.string(xField).prefix(40))'"))
    }
    guard let y = scanner.number(yField) else {
      return (.nan, .nan, (.notANumber, "non-numeric \(yName) '\(scanner.string(yField).prefix(40))'"))
    }
    return check(x, y)
  }

  /// The checks after parsing: finite, not (0, 0), in range, not swapped.
  func check(_ x: Double, _ y: Double) -> (Double, Double, (RejectReason, String)?) {
    guard x.isFinite, y.isFinite else {
      return (.nan, .nan, (.nonFinite, "\(xName) \(x), \(yName) \(y) are not finite numbers"))
    }
    if x == 0 && y == 0 { return (.nan, .nan, (.zeroCoordinates, "zero coordinates (0, 0), a placeholder for a missing location")) }
    guard geographic else { return (x, y, nil) }
    if abs(y) > 90 || abs(x) > 180 || !extent.contains(x: x, y: y) {
      if extent.contains(x: y, y: x) {
        return (.nan, .nan, (.swappedCoordinates, "swapped coordinates: \(xName) \(x), \(yName) \(y) look like latitude and longitude exchanged"))
      }
      if abs(y) > 90 || abs(x) > 180 {
        return (
          .nan, .nan, (.outOfRange, "coordinate out of range: \(xName) \(x), \(yName) \(y) (longitude must be within ±180, latitude within ±90)")
        )
      }
    }
    return (x, y, nil)
  }
}
