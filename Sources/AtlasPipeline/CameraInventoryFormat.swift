import AtlasGeometry
import AtlasIO
import AtlasProjection
import Foundation

/// A camera inventory file read with a `CameraProfile`: the one given (`--cameras
/// FILE@PROFILE`), else the built-in one whose columns the header has (names compared without
/// regard to case; a UTF-8 byte-order mark is dropped by `CSVTable`):
///
/// | profile | required columns | id | type | installed |
/// |---|---|---|---|---|
/// | `equity-atlas-cameras` (`synth`) | camera_id, type, install_date, longitude, latitude | camera_id | type | install_date `YYYY-MM-DD` |
/// | `chicago-speed` | ID or ADDRESS, GO-LIVE DATE, LATITUDE, LONGITUDE | `speed-` + ID, else ADDRESS | speed | GO-LIVE DATE `MM/DD/YYYY` |
/// | `chicago-red-light` | INTERSECTION, GO LIVE DATE, LATITUDE, LONGITUDE | `red-light-` + INTERSECTION | red-light | GO LIVE DATE |
/// | `chicago-pod` | id, year, latitude, longitude, locations | `POD-` + id | POD | year `YYYY.M.D H:MM` |
///
/// A blank LATITUDE/LONGITUDE falls back on the portal's `LOCATION` column, `"(lat, lon)"`.
struct CameraInventoryFormat {
  struct Camera {
    var id: String
    var type: String
    var longitude: Double
    var latitude: Double
    /// Instant of installation; −∞ when unknown.
    var installedAt: Double
  }

  struct Problem: Error {
    var reason: String
    var detail = ""
  }

  var profile: CameraProfile
  private var idColumns: [Int]
  private var typeColumn: Int?
  private var installedColumn: Int?
  private var locationColumns: [Int]
  private var pointColumn: Int?
  private var originColumn: Int?
  private var transformer: CoordinateOperation?

  var name: String { profile.title }

  /// - Throws: `FileIOError` naming the file: the profile given lacks columns of the header,
  ///   or (no profile given) no built-in profile matches, with the layouts it knows.
  init(_ csv: CSVTable, profile given: CameraProfile?) throws {
    if let given {
      let missing = given.missingColumns(in: csv.header)
      guard missing.isEmpty else {
        throw FileIOError(
          path: csv.path,
          reason:
            "the camera profile \(given.name) reads columns the file lacks: \(missing.joined(separator: ", ")). The header has: \(csv.header.joined(separator: ", "))"
        )
      }
      profile = given
    } else {
      guard let found = CameraProfile.recognise(header: csv.header) else {
        throw FileIOError(
          path: csv.path,
          reason: "not a camera inventory this tool knows. It reads cameras.csv (camera_id, type, install_date, longitude, latitude) "
            + "and the Data Portal's Speed Camera Locations, Red Light Camera Locations and the POD camera list as exported "
            + "(built-in profiles \(CameraProfile.builtIn.map(\.name).joined(separator: ", "))); for another layout give --cameras FILE@PROFILE "
            + "(`equity-atlas inspect FILE` suggests one). The header has: \(csv.header.joined(separator: ", "))")
      }
      profile = found
    }
    idColumns = profile.idColumns.compactMap { csv.column($0) }
    typeColumn = profile.typeColumn.flatMap { csv.column($0) }
    installedColumn = profile.installedColumn.flatMap { csv.column($0) }
    locationColumns = profile.location.columns.compactMap { csv.column($0) }
    pointColumn = profile.fallbackPoint.flatMap { csv.column($0) }
    originColumn = csv.column(ServiceInputs.originField)
    if case .projected(_, _, let crs) = profile.location { transformer = try CoordinateOperation(from: crs, to: .wgs84) }
  }

  /// Whether the file carries the synthetic marker (a `data_origin` column holding `synthetic`).
  func isSynthetic(_ csv: CSVTable) -> Bool {
    guard let origin = originColumn else { return false }
    return csv.rows.contains { origin < $0.fields.count && $0.fields[origin] == ServiceInputs.syntheticOrigin }
  }

  /// The trimmed value of a column, "" when missing.
  private func value(_ fields: [String], _ column: Int?) -> String {
    guard let column else { return "" }
    let text = fields[column].trimmingWhitespace()
    return profile.missing.contains(text) ? "" : text
  }

  func camera(_ fields: [String], zone: LocalTimeZone) -> Result<Camera, Problem> {
    let id = idColumns.lazy.map { value(fields, $0) }.first { !$0.isEmpty } ?? ""
    guard !id.isEmpty else { return .failure(Problem(reason: "missing camera id")) }
    guard let (lon, lat) = location(fields) else {
      let shown = (locationColumns + [pointColumn].compactMap { $0 }).map { value(fields, $0) }.filter { !$0.isEmpty }
      return .failure(Problem(reason: "no usable location", detail: shown.isEmpty ? "blank" : "'\(shown.joined(separator: "', '"))'"))
    }
    var installedAt = -Double.infinity
    let date = value(fields, installedColumn)
    if !date.isEmpty {
      guard let day = installDay(date, zone: zone) else {
        return .failure(Problem(reason: "unreadable or impossible install date", detail: "'\(date)'"))
      }
      installedAt = zone.instants(ofWall: Double(day) * 86_400).early
    }
    let type = profile.fixedType ?? value(fields, typeColumn)
    return .success(Camera(id: profile.idPrefix + id, type: type.isEmpty ? "unknown" : type, longitude: lon, latitude: lat, installedAt: installedAt))
  }

  /// Longitude and latitude from the profile's location, else from the fallback `"(lat, lon)"`
  /// column; nil when neither gives finite lon/lat in range (and not 0, 0).
  private func location(_ fields: [String]) -> (Double, Double)? {
    func valid(_ lon: Double?, _ lat: Double?) -> (Double, Double)? {
      guard let lon, let lat, lon.isFinite, lat.isFinite, (-180...180).contains(lon), (-90...90).contains(lat), !(lon == 0 && lat == 0) else {
        return nil
      }
      return (lon, lat)
    }
    switch profile.location {
    case .lonLat:
      if let found = valid(Double(value(fields, locationColumns[0])), Double(value(fields, locationColumns[1]))) { return found }
    case .point:
      if let point = LatLonPoint.parse(value(fields, locationColumns[0])), let found = valid(point.longitude, point.latitude) { return found }
    case .projected:
      if let x = Double(value(fields, locationColumns[0])), let y = Double(value(fields, locationColumns[1])), x.isFinite, y.isFinite,
        !(x == 0 && y == 0),
        let transformer, let p = try? transformer.transform(x: x, y: y)
      {
        // A position PROJ cannot transform comes back as (∞, ∞) and is not valid.
        if let found = valid(p.x, p.y) { return found }
      }
    case .none: break
    }
    guard let point = LatLonPoint.parse(value(fields, pointColumn)) else { return nil }
    return valid(point.longitude, point.latitude)
  }

  /// Days since 1970 of an install date read with the profile's formats (the Chicago day of
  /// a time with an offset); nil when none reads it, or the year is before 1900 or after 2100.
  func installDay(_ text: String, zone: LocalTimeZone) -> Int? {
    for format in profile.dateFormats {
      guard let stamp = format.parse(text) else { continue }
      let wall: Double
      switch stamp {
      case .local(let w): wall = w
      case .instant(let t): wall = t + Double(zone.zone.secondsFromGMT(for: Date(timeIntervalSince1970: t)))
      }
      let day = Int((wall / 86_400).rounded(.down))
      guard (ParsedTimestamp.daysFromCivil(year: 1900, month: 1, day: 1)..<ParsedTimestamp.daysFromCivil(year: 2101, month: 1, day: 1)).contains(day)
      else { return nil }
      return day
    }
    return nil
  }
}
