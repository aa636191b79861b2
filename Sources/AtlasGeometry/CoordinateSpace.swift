import Foundation

/// A coordinate reference system, named by its EPSG code.
public struct CRS: Hashable, Sendable, CustomStringConvertible {
  public var epsg: Int

  public static func epsg(_ code: Int) -> CRS { CRS(epsg: code) }

  /// WGS 84 longitude/latitude in degrees (axis order lon, lat as in GeoJSON).
  public static let wgs84 = CRS(epsg: 4326)
  /// NAD83 / Illinois East (ftUS): the City of Chicago's planar system, US survey feet.
  public static let illinoisEastFtUS = CRS(epsg: 3435)

  public var description: String { "EPSG:\(epsg)" }

  /// Parses `EPSG:3435`, `epsg:3435` or `3435`.
  public init?(parsing text: String) {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    let digits = trimmed.lowercased().hasPrefix("epsg:") ? String(trimmed.dropFirst(5)) : trimmed
    guard let code = Int(digits), code > 0 else { return nil }
    self.epsg = code
  }

  public init(epsg: Int) { self.epsg = epsg }
}

/// A coordinate space known at compile time, so that positions in different spaces cannot mix.
public protocol CoordinateSpace: Sendable {
  static var crs: CRS { get }
}

/// Longitude/latitude on WGS 84, degrees.
public enum WGS84LonLat: CoordinateSpace { public static let crs = CRS.wgs84 }
/// NAD83 / Illinois East, US survey feet.
public enum IllinoisEastFtUS: CoordinateSpace { public static let crs = CRS.illinoisEastFtUS }

/// A position in a coordinate space: `x` is longitude or easting, `y` latitude or northing.
public struct Position<Space: CoordinateSpace>: Hashable, Sendable {
  public var x: Double
  public var y: Double
  public init(x: Double, y: Double) {
    self.x = x
    self.y = y
  }
}
