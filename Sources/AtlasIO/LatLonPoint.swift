import Foundation

/// A location written as `(latitude, longitude)` in one field, as the City's Data Portal and
/// DataSF export it: `"(41.7644, -87.7097)"`.
public enum LatLonPoint {
  /// Longitude and latitude of the text, or nil when it is not two numbers in parentheses.
  /// The values are not range-checked: callers check them as they check any coordinate.
  public static func parse(_ text: String) -> (longitude: Double, latitude: Double)? {
    let inner = text.trimmingCharacters(in: .whitespaces)
    guard inner.hasPrefix("("), inner.hasSuffix(")") else { return nil }
    let parts = inner.dropFirst().dropLast().split(separator: ",", omittingEmptySubsequences: false)
    guard parts.count == 2, let lat = Double(parts[0].trimmingCharacters(in: .whitespaces)),
      let lon = Double(parts[1].trimmingCharacters(in: .whitespaces))
    else { return nil }
    return (lon, lat)
  }
}
