import AtlasIO
import Foundation

/// The City of Chicago Data Portal's Red Light and Speed Camera Violations exports: one row per
/// camera and day with violations (`CAMERA ID, VIOLATION DATE, VIOLATIONS`, plus the location).
///
/// Read two ways. As an inventory, each camera is listed by its first row that has a location
/// (`camera-` + CAMERA ID; type `red-light` when the export has INTERSECTION, else `speed`). As a
/// log, a camera-day with a row had recorded activity and a day without one had none, so the
/// share of the period's days with activity is a proxy for uptime, never uptime itself.
///
/// Rows that are not data are rejected with the reason: version-control conflict markers
/// (`<<<<<<< HEAD`, `=======`, `>>>>>>> …`) left in a file, rows of separators only, rows with
/// a blank camera id or an unreadable date, and cameras that have no location in any row.
enum CameraActivityLog {
  static let idColumn = "CAMERA ID", dateColumn = "VIOLATION DATE", countColumn = "VIOLATIONS"

  static func matches(_ header: [String]) -> Bool {
    let names = Set(header.map { $0.uppercased() })
    return [idColumn, dateColumn, countColumn].allSatisfy(names.contains)
  }

  /// Why a row is not a data row, or nil.
  static func junk(_ row: CSVTable.Row, width: Int) -> (reason: String, detail: String)? {
    if row.fields.count == 1, let text = row.fields.first, ["<<<<<<<", "=======", ">>>>>>>"].contains(where: text.hasPrefix) {
      return ("a version-control conflict marker line, not data", "'\(text.prefix(40))'")
    }
    if let problem = row.problem { return (problem.reason, problem.message) }
    if row.fields.allSatisfy({ $0.trimmingWhitespace().isEmpty }) { return ("an empty row (separators only)", "") }
    return nil
  }

  /// The camera id of a data row, or nil with the row rejected (not data, or a blank id).
  static func cameraID(_ row: CSVTable.Row, id: Int, width: Int, accounting: inout InputAccounting) -> String? {
    if let junk = junk(row, width: width) {
      accounting.reject(line: row.line, reason: junk.reason, detail: junk.detail)
      return nil
    }
    let camera = row.fields[id].trimmingWhitespace()
    guard !camera.isEmpty else {
      accounting.reject(line: row.line, reason: "missing camera id")
      return nil
    }
    return camera
  }

  /// The cameras the export lists, each with the line of its first located row. Every other
  /// row is counted here: rejected, or "another day of a camera already listed"; the listing
  /// rows are left for the caller to count.
  static func cameras(in csv: CSVTable, accounting: inout InputAccounting) -> [(camera: CameraInventoryFormat.Camera, line: Int)] {
    let id = csv.column(idColumn)!
    let lat = csv.column("LATITUDE")
    let lon = csv.column("LONGITUDE")
    let location = csv.column("LOCATION")
    let type = csv.column("INTERSECTION") != nil ? "red-light" : "speed"
    func position(_ fields: [String]) -> (Double, Double)? {
      if let lat, let lon, let y = Double(fields[lat].trimmingWhitespace()), let x = Double(fields[lon].trimmingWhitespace()),
        x.isFinite, y.isFinite, (-180...180).contains(x), (-90...90).contains(y), !(x == 0 && y == 0)
      {
        return (x, y)
      }
      guard let location, let point = LatLonPoint.parse(fields[location]), point.longitude.isFinite, point.latitude.isFinite else { return nil }
      return (point.longitude, point.latitude)
    }
    // First pass: where each camera is, from its first located row.
    var located: [String: (line: Int, x: Double, y: Double)] = [:]
    var order: [String] = []
    for row in csv.rows where junk(row, width: csv.header.count) == nil {
      let camera = row.fields[id].trimmingWhitespace()
      guard !camera.isEmpty, located[camera] == nil, let (x, y) = position(row.fields) else { continue }
      located[camera] = (row.line, x, y)
      order.append(camera)
    }
    for row in csv.rows {
      guard let camera = cameraID(row, id: id, width: csv.header.count, accounting: &accounting) else { continue }
      guard let first = located[camera] else {
        accounting.reject(line: row.line, reason: "no usable location in any of this camera's rows", detail: "camera \(camera)")
        continue
      }
      if first.line != row.line { accounting.count("another day of a camera already listed") }
    }
    return order.map { camera in
      let place = located[camera]!
      return (
        CameraInventoryFormat.Camera(id: "camera-" + camera, type: type, longitude: place.x, latitude: place.y, installedAt: -.infinity), place.line
      )
    }
  }

  /// For each camera of the inventory (by index), the days of the period with a row, the log
  /// read with `profile` (an `activity` log: its camera and date columns, id prefix and date
  /// formats).
  static func activeDays(
    in log: CSVTable, profile: CameraLogProfile, cameras index: [String: Int], period: AnalysisPeriod, zone: LocalTimeZone,
    accounting: inout InputAccounting
  ) -> [Set<Int>] {
    let id = log.column(profile.cameraID)!
    let date = log.column(profile.date!)!
    let first = AnalysisPeriod.day(of: period.startDate)
    let end = AnalysisPeriod.day(of: period.endDate)
    var days = Array(repeating: Set<Int>(), count: index.count)
    for row in log.rows {
      guard let camera = cameraID(row, id: id, width: log.header.count, accounting: &accounting) else { continue }
      guard let i = index[profile.idPrefix + camera] else {
        accounting.reject(line: row.line, reason: "camera not in the inventory (or its inventory row was rejected)", detail: "'\(camera)'")
        continue
      }
      guard let day = profile.day(row.fields[date].trimmingWhitespace(), zone: zone) else {
        accounting.reject(
          line: row.line,
          reason:
            "unreadable or impossible \(profile.date!.lowercased()) (expected \(profile.timeFormats.map(\.description).joined(separator: " or ")))",
          detail: "'\(row.fields[date])'")
        continue
      }
      guard day >= first, day < end else {
        accounting.count("outside the analysis period")
        continue
      }
      days[i].insert(day)
      accounting.count("applied")
    }
    return days
  }
}
