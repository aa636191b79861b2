import AtlasIO
import Foundation

/// The camera inventory layouts `analyze` reads, recognised by their header (names compared
/// without regard to case; a UTF-8 byte-order mark is dropped by `CSVTable`):
///
/// | format | required columns | id | type | installed |
/// |---|---|---|---|---|
/// | `cameras.csv` (`synth`, `ServiceInputs.Cameras`) | camera_id, type, install_date, longitude, latitude | camera_id | type | install_date `YYYY-MM-DD` |
/// | Data Portal Speed Camera Locations | ADDRESS, GO-LIVE DATE, LATITUDE, LONGITUDE (ID optional) | `speed-` + ID, else ADDRESS | speed | GO-LIVE DATE `MM/DD/YYYY` |
/// | Data Portal Red Light Camera Locations | INTERSECTION, GO LIVE DATE, LATITUDE, LONGITUDE | `red-light-` + INTERSECTION | red-light | GO LIVE DATE |
/// | POD camera list | id, year, latitude, longitude, locations | `POD-` + id | POD | year `YYYY.M.D H:MM` |
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

  enum Kind {
    case equityAtlas, speedPortal, redLightPortal, podList
  }

  var kind: Kind
  var header: [String]
  private var columns: [String: Int]

  var name: String {
    switch kind {
    case .equityAtlas: return "camera inventory (cameras.csv layout)"
    case .speedPortal: return "City of Chicago Data Portal export: Speed Camera Locations"
    case .redLightPortal: return "City of Chicago Data Portal export: Red Light Camera Locations"
    case .podList: return "POD camera list (id, year, latitude, longitude, locations)"
    }
  }

  /// - Throws: `FileIOError` naming the file and the layouts it knows when none matches.
  static func recognise(_ csv: CSVTable) throws -> CameraInventoryFormat {
    let known: [(Kind, [String])] = [
      (.equityAtlas, [ServiceInputs.Cameras.cameraID, ServiceInputs.Cameras.type, ServiceInputs.Cameras.installDate, "longitude", "latitude"]),
      (.speedPortal, ["ADDRESS", "GO-LIVE DATE", "LATITUDE", "LONGITUDE"]),
      (.redLightPortal, ["INTERSECTION", "GO LIVE DATE", "LATITUDE", "LONGITUDE"]),
      (.podList, ["id", "year", "latitude", "longitude", "locations"]),
    ]
    for (kind, required) in known {
      let found = required.compactMap { name in csv.column(name).map { (name.lowercased(), $0) } }
      guard found.count == required.count else { continue }
      var columns = Dictionary(found, uniquingKeysWith: { first, _ in first })
      for optional in ["id", "location", ServiceInputs.originField] where columns[optional] == nil {
        if let i = csv.column(optional) { columns[optional] = i }
      }
      return CameraInventoryFormat(kind: kind, header: csv.header, columns: columns)
    }
    throw FileIOError(
      path: csv.path,
      reason: "not a camera inventory this tool knows. It reads cameras.csv (camera_id, type, install_date, longitude, latitude) "
        + "and the Data Portal's Speed Camera Locations, Red Light Camera Locations and the POD camera list as exported. "
        + "The header has: \(csv.header.joined(separator: ", "))")
  }

  /// Whether the file carries the synthetic marker (a `data_origin` column holding `synthetic`).
  func isSynthetic(_ csv: CSVTable) -> Bool {
    guard let origin = columns[ServiceInputs.originField] else { return false }
    return csv.rows.contains { origin < $0.fields.count && $0.fields[origin] == ServiceInputs.syntheticOrigin }
  }

  private func field(_ fields: [String], _ name: String) -> String {
    columns[name.lowercased()].map { fields[$0].trimmingWhitespace() } ?? ""
  }

  func camera(_ fields: [String], zone: LocalTimeZone) -> Result<Camera, Problem> {
    let id: String, type: String, date: String
    switch kind {
    case .equityAtlas:
      id = field(fields, ServiceInputs.Cameras.cameraID)
      type = field(fields, ServiceInputs.Cameras.type)
      date = field(fields, ServiceInputs.Cameras.installDate)
    case .speedPortal:
      let number = field(fields, "id")
      id = number.isEmpty ? field(fields, "ADDRESS") : "speed-" + number
      type = "speed"
      date = field(fields, "GO-LIVE DATE")
    case .redLightPortal:
      let intersection = field(fields, "INTERSECTION")
      id = intersection.isEmpty ? "" : "red-light-" + intersection
      type = "red-light"
      date = field(fields, "GO LIVE DATE")
    case .podList:
      let number = field(fields, "id")
      id = number.isEmpty ? "" : "POD-" + number
      type = "POD"
      date = field(fields, "year")
    }
    guard !id.isEmpty else { return .failure(Problem(reason: "missing camera id")) }
    guard let (lon, lat) = location(fields) else {
      let shown = [field(fields, "longitude"), field(fields, "latitude"), field(fields, "location")].filter { !$0.isEmpty }
      return .failure(Problem(reason: "no usable location", detail: shown.isEmpty ? "blank" : "'\(shown.joined(separator: "', '"))'"))
    }
    var installedAt = -Double.infinity
    if !date.isEmpty {
      guard let day = Self.installDay(date, kind: kind) else {
        return .failure(Problem(reason: "unreadable or impossible install date", detail: "'\(date)'"))
      }
      installedAt = zone.instants(ofWall: Double(day) * 86_400).early
    }
    return .success(Camera(id: id, type: type.isEmpty ? "unknown" : type, longitude: lon, latitude: lat, installedAt: installedAt))
  }

  /// Longitude and latitude from their columns, else from `LOCATION` "(lat, lon)"; nil when
  /// neither gives finite lon/lat in range (and not 0, 0).
  private func location(_ fields: [String]) -> (Double, Double)? {
    func valid(_ lon: Double?, _ lat: Double?) -> (Double, Double)? {
      guard let lon, let lat, lon.isFinite, lat.isFinite, (-180...180).contains(lon), (-90...90).contains(lat), !(lon == 0 && lat == 0) else {
        return nil
      }
      return (lon, lat)
    }
    if let found = valid(Double(field(fields, "longitude")), Double(field(fields, "latitude"))) { return found }
    guard let point = LatLonPoint.parse(field(fields, "location")) else { return nil }
    return valid(point.longitude, point.latitude)
  }

  /// Days since 1970 of an install date: `YYYY-MM-DD` (optionally with a time), `MM/DD/YYYY`
  /// (portal), or `YYYY.M.D[ H:MM]` (POD list). Impossible dates give nil.
  static func installDay(_ text: String, kind: Kind) -> Int? {
    let datePart = text.split(separator: " ").first.map(String.init) ?? text
    let y: Int?, m: Int?, d: Int?
    if datePart.contains("/") {
      let p = datePart.split(separator: "/").map { Int($0) }
      guard p.count == 3 else { return nil }
      (m, d, y) = (p[0], p[1], p[2])
    } else if datePart.contains(".") {
      let p = datePart.split(separator: ".").map { Int($0) }
      guard p.count == 3 else { return nil }
      (y, m, d) = (p[0], p[1], p[2])
    } else {
      let p = datePart.prefix(10).split(separator: "-").map { Int($0) }
      guard p.count == 3 else { return nil }
      (y, m, d) = (p[0], p[1], p[2])
    }
    guard let y, let m, let d, (1900...2100).contains(y), (1...12).contains(m), d >= 1, d <= ParsedTimestamp.daysIn(month: m, year: y) else {
      return nil
    }
    return ParsedTimestamp.daysFromCivil(year: y, month: m, day: d)
  }
}
