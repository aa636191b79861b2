import AtlasGeometry
import AtlasIO
import Foundation

/// How to read a camera inventory: which column holds each camera's id, type and go-live date,
/// how the date is written, what marks a missing value, and where the camera is.
///
/// ```yaml
/// kind: cameras
/// name: chicago-speed
/// columns:
///   id: [ID, ADDRESS]        # one column, or several tried in order (the first with a value)
///   installed: GO-LIVE DATE  # optional: without it every camera counts from the period's start
///   # type: TYPE             # a column, or a fixed `type:` below
/// id_prefix: "speed-"        # prepended to every id (keeps ids of several files apart)
/// type: speed
/// location: {longitude: LONGITUDE, latitude: LATITUDE, point: LOCATION}  # point: read when lon/lat are blank
/// date_formats: ["M/d/yyyy"] # tried in order; a time after the date is allowed by the pattern
/// missing: [""]
/// requires: []               # further columns the header must have for the profile to be recognised
/// ```
///
/// Dates are Chicago dates. Location takes `longitude` + `latitude` (with an optional `point`
/// column holding `"(lat, lon)"` read when they are blank), `point` alone, or `x` + `y` + `crs`
/// (reprojected with PROJ).
public struct CameraProfile: Sendable, Equatable {
  public var name: String
  public var note: String?
  /// Columns tried in order for the id; the first present with a value gives it.
  public var idColumns: [String]
  public var idPrefix: String
  public var typeColumn: String?
  /// The type of every camera when there is no type column.
  public var fixedType: String?
  public var installedColumn: String?
  public var location: CallProfile.Location
  /// A `"(lat, lon)"` column read when the longitude or latitude is blank.
  public var fallbackPoint: String?
  public var dateFormats: [TimestampFormat]
  public var missing: Set<String>
  /// Columns the header must have, beyond those read, for the profile to be recognised.
  public var requires: [String]

  init(_ d: ProfileDocument) throws {
    try d.check(keys: ["columns", "id_prefix", "type", "location", "date_formats", "missing", "requires"], columns: ["id", "type", "installed"])
    try d.requireColumns()
    name = d.name
    note = d.note
    idColumns = try d.columns("id")
    guard !idColumns.isEmpty else { throw d.fail("columns.id is required (one column, or a list tried in order)") }
    idPrefix = try d.string("id_prefix") ?? ""
    typeColumn = try d.column("type")
    fixedType = try d.string("type")
    if typeColumn != nil, fixedType != nil { throw d.fail("give the type as columns.type or as a fixed type, not both") }
    installedColumn = try d.column("installed")
    (location, fallbackPoint) = try d.location(allowFallback: true)
    if case .none = location { throw d.fail("a camera inventory needs a location: longitude + latitude, or point, or x + y + crs") }
    dateFormats = try d.timeFormats("date_formats", default: [try TimestampFormat("yyyy-MM-dd")])
    missing = d.missing
    requires = d.texts("requires") ?? []
  }

  /// The built-in inventory profiles as YAML: `cameras.csv` as `synth` writes it, and the City
  /// of Chicago Data Portal exports as they come (recognised by their headers in this order).
  public static let builtInYAML: [(name: String, yaml: String)] = [
    (
      "equity-atlas-cameras",
      """
      kind: cameras
      name: equity-atlas-cameras
      note: "camera inventory (cameras.csv layout)"
      columns: {id: camera_id, type: type, installed: install_date}
      location: {longitude: longitude, latitude: latitude}
      date_formats: ["yyyy-MM-dd", iso8601]
      """
    ),
    (
      "chicago-speed",
      """
      kind: cameras
      name: chicago-speed
      note: "City of Chicago Data Portal export: Speed Camera Locations"
      columns: {id: [ID, ADDRESS], installed: GO-LIVE DATE}
      id_prefix: "speed-"
      type: speed
      location: {longitude: LONGITUDE, latitude: LATITUDE, point: LOCATION}
      date_formats: ["M/d/yyyy", "M/d/yyyy h:mm:ss a"]
      """
    ),
    (
      "chicago-red-light",
      """
      kind: cameras
      name: chicago-red-light
      note: "City of Chicago Data Portal export: Red Light Camera Locations"
      columns: {id: INTERSECTION, installed: GO LIVE DATE}
      id_prefix: "red-light-"
      type: red-light
      location: {longitude: LONGITUDE, latitude: LATITUDE, point: LOCATION}
      date_formats: ["M/d/yyyy", "M/d/yyyy h:mm:ss a"]
      """
    ),
    (
      "chicago-pod",
      """
      kind: cameras
      name: chicago-pod
      note: "POD camera list (id, year, latitude, longitude, locations)"
      columns: {id: id, installed: year}
      id_prefix: "POD-"
      type: POD
      location: {longitude: longitude, latitude: latitude}
      date_formats: ["yyyy.M.d H:mm", "yyyy.M.d"]
      requires: [locations]
      """
    ),
  ]

  /// The built-in profiles in the order headers are matched.
  public static let builtIn: [CameraProfile] = builtInYAML.map { InputProfile.builtIn[$0.name]!.cameraProfile! }

  /// Columns the header must have: one of the id columns, and every other column named.
  func missingColumns(in header: [String]) -> [String] {
    let names = Set(header.map { $0.lowercased() })
    var missing = idColumns.contains { names.contains($0.lowercased()) } ? [] : [idColumns.joined(separator: " or ")]
    missing += ([typeColumn, installedColumn].compactMap { $0 } + location.columns + requires).filter { !names.contains($0.lowercased()) }
    return missing
  }

  /// The first built-in profile whose columns the header has.
  public static func recognise(header: [String]) -> CameraProfile? {
    builtIn.first { $0.missingColumns(in: header).isEmpty }
  }

  /// A description for notes: the profile's name and its note.
  var title: String { note.map { "\($0) (profile \(name))" } ?? "profile \(name)" }
}
