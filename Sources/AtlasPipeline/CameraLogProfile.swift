import AtlasIO
import Foundation

/// How to read a camera log: which of the three layouts it is, and its columns and formats.
///
/// - `outages`: one row per outage: camera, start and end (times in `time_formats`, Chicago
///   time when they carry no offset) and, optionally, a status column whose values in `down`
///   mark an outage (without a status column every row is one).
/// - `daily-uptime`: one row per camera and day with the uptime fraction (0…1).
/// - `activity`: one row per camera and day with recorded activity (a violations export); a
///   camera-day without a row had none, and the share of days with activity is an uptime
///   proxy, never uptime.
///
/// ```yaml
/// kind: camera-log
/// name: county-outages
/// log: outages
/// columns: {camera_id: CAM, status: STATE, start: DOWN_AT, end: UP_AT}
/// down: [DOWN, OFFLINE]
/// id_prefix: ""              # prepended to the log's ids to match the inventory's
/// time_formats: ["MM/dd/yyyy HH:mm:ss"]
/// missing: ["", "NULL"]
/// ```
public struct CameraLogProfile: Sendable, Equatable {
  public enum Layout: String, Sendable, CaseIterable {
    case outages
    case dailyUptime = "daily-uptime"
    case activity
  }

  public var name: String
  public var note: String?
  public var layout: Layout
  public var cameraID: String
  /// Outages: the status column and the values meaning down (compared ignoring case).
  public var status: String?
  public var down: Set<String>
  public var start: String?
  public var end: String?
  /// Daily uptime and activity: the day column.
  public var date: String?
  public var uptimeFraction: String?
  public var idPrefix: String
  public var timeFormats: [TimestampFormat]
  public var missing: Set<String>
  /// Columns the header must have, beyond those read, for the profile to be recognised.
  public var requires: [String]

  init(_ d: ProfileDocument) throws {
    try d.check(
      keys: ["log", "columns", "down", "id_prefix", "time_formats", "missing", "requires"],
      columns: ["camera_id", "status", "start", "end", "date", "uptime_fraction"])
    try d.requireColumns()
    name = d.name
    note = d.note
    let layouts = Layout.allCases.map(\.rawValue).joined(separator: ", ")
    guard let text = try d.string("log") else { throw d.fail("log is required: one of \(layouts)") }
    guard let layout = Layout(rawValue: text) else { throw d.fail("unknown log '\(text)'; log is one of \(layouts)") }
    self.layout = layout
    guard let id = try d.column("camera_id") else { throw d.fail("columns.camera_id is required") }
    cameraID = id
    status = try d.column("status")
    down = Set((d.texts("down") ?? ["down"]).map { $0.lowercased() })
    start = try d.column("start")
    end = try d.column("end")
    date = try d.column("date")
    uptimeFraction = try d.column("uptime_fraction")
    let needs: [String]
    switch layout {
    case .outages: needs = start == nil ? ["start"] : end == nil ? ["end"] : []
    case .dailyUptime: needs = date == nil ? ["date"] : uptimeFraction == nil ? ["uptime_fraction"] : []
    case .activity: needs = date == nil ? ["date"] : []
    }
    if let first = needs.first { throw d.fail("a \(layout.rawValue) log needs columns.\(first)") }
    idPrefix = try d.string("id_prefix") ?? ""
    timeFormats = try d.timeFormats("time_formats", default: [layout == .outages ? .iso8601 : try TimestampFormat("yyyy-MM-dd")])
    missing = d.missing
    requires = d.texts("requires") ?? []
  }

  /// The built-in log profiles: `synth`'s outage log and daily uptime file, and the Data
  /// Portal's Red Light / Speed Camera Violations export (recognised by their headers).
  public static let builtInYAML: [(name: String, yaml: String)] = [
    (
      "equity-atlas-outages",
      """
      kind: camera-log
      name: equity-atlas-outages
      note: "camera outage log (camera_outages.csv layout)"
      log: outages
      columns: {camera_id: camera_id, status: status, start: start, end: end}
      down: [down]
      time_formats: [iso8601]
      """
    ),
    (
      "equity-atlas-uptime-daily",
      """
      kind: camera-log
      name: equity-atlas-uptime-daily
      note: "daily camera uptime (camera_uptime_daily.csv layout)"
      log: daily-uptime
      columns: {camera_id: camera_id, date: date, uptime_fraction: uptime_fraction}
      time_formats: ["yyyy-MM-dd"]
      """
    ),
    (
      "chicago-violations",
      """
      kind: camera-log
      name: chicago-violations
      note: "City of Chicago Data Portal export: Red Light / Speed Camera Violations, an activity log"
      log: activity
      columns: {camera_id: CAMERA ID, date: VIOLATION DATE}
      id_prefix: "camera-"
      time_formats: ["M/d/yyyy"]
      requires: [VIOLATIONS]
      """
    ),
  ]

  public static let builtIn: [CameraLogProfile] = builtInYAML.map { InputProfile.builtIn[$0.name]!.cameraLogProfile! }

  /// Every column the profile reads or requires.
  var requiredColumns: [String] { [cameraID] + [status, start, end, date, uptimeFraction].compactMap { $0 } + requires }

  func missingColumns(in header: [String]) -> [String] {
    let names = Set(header.map { $0.lowercased() })
    return requiredColumns.filter { !names.contains($0.lowercased()) }
  }

  /// The first built-in profile whose columns the header has.
  public static func recognise(header: [String]) -> CameraLogProfile? {
    builtIn.first { $0.missingColumns(in: header).isEmpty }
  }

  var title: String { note.map { "\($0) (profile \(name))" } ?? "profile \(name)" }

  /// The first format that reads the text, or nil.
  func timestamp(_ text: String) -> ParsedTimestamp? {
    for format in timeFormats { if let t = format.parse(text) { return t } }
    return nil
  }

  /// The Chicago day (days since 1970) of a date or time, or nil.
  func day(_ text: String, zone: LocalTimeZone) -> Int? {
    guard let stamp = timestamp(text) else { return nil }
    switch stamp {
    case .local(let wall): return Int((wall / 86_400).rounded(.down))
    case .instant(let t): return Int(((t + Double(zone.zone.secondsFromGMT(for: Date(timeIntervalSince1970: t)))) / 86_400).rounded(.down))
    }
  }

  /// The days a daily-uptime or activity log covers, first to last; nil for an outage log
  /// (its intervals say when cameras were down, not which period was watched) or no day.
  func span(of log: CSVTable, zone: LocalTimeZone) -> (first: Int, last: Int)? {
    guard layout != .outages, let date, let column = log.column(date) else { return nil }
    let days = log.rows.compactMap { column < $0.fields.count ? day($0.fields[column].trimmingWhitespace(), zone: zone) : nil }
    guard let first = days.min(), let last = days.max() else { return nil }
    return (first, last)
  }
}
