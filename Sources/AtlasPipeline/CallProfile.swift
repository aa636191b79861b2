import AtlasGeometry
import AtlasIO
import Foundation

/// How to read one CAD extract: which column holds each stage, how its times are written, what
/// marks a missing value, how priorities map to 1/2/3, and where the location is.
///
/// A profile is a small YAML file (or a built-in name), given as `--calls FILE@PROFILE`:
///
/// ```yaml
/// name: seattle-spd
/// columns:               # any stage may be absent; received is required
///   event_id: CAD Event Number
///   priority: Priority
///   call_type: Call Type
///   received: Original Time Queued
///   on_scene: Arrived Time
///   beat: Beat
/// location:              # longitude + latitude, or point ("(lat, lon)"), or x + y + crs
///   longitude: Blurred_Longitude
///   latitude: Blurred_Latitude
/// time_formats: ["MM/dd/yyyy hh:mm:ss a"]   # tried in order; iso8601, epoch, or a pattern
/// time_zone: America/Los_Angeles            # for times without an offset
/// missing: ["", "NULL", "null", "None", "-9999"]
/// priorities: {"1": 1, "2": 1, "3": 2}     # anything unmapped is rejected with its value
/// ```
///
/// Without `priorities`, CPD codes are read (`1A`–`1C`, `2A`–`2D`, `3A`–`3D`, or a bare level).
public struct CallProfile: Sendable, Equatable {
  public enum Location: Sendable, Equatable {
    case lonLat(longitude: String, latitude: String)
    /// One column holding `(lat, lon)`, as the Data Portal and DataSF write it.
    case point(String)
    /// Projected coordinates in an EPSG CRS, reprojected with PROJ.
    case projected(x: String, y: String, crs: CRS)
    case none
  }

  public var name: String
  public var eventID: String?
  public var priority: String
  public var callType: String?
  /// Column of each stage, indexed by `CallStage.rawValue`; received is required.
  public var stages: [String?]
  public var beat: String?
  public var location: Location
  public var timeFormats: [TimestampFormat]
  public var timeZone: String
  /// Values that mean "not recorded" (compared after trimming spaces).
  public var missing: Set<String>
  /// Priority value (trimmed; matched exactly, then case-insensitively) → level 1…3; nil for
  /// CPD codes.
  public var priorities: [String: UInt8]?
  /// A note on the profile's assumptions, printed and stored with the accounting.
  public var note: String?

  /// The `calls.csv` layout that `synth` writes (`ServiceInputs.Calls`).
  public static let equityAtlas = CallProfile(
    name: "equity-atlas", eventID: ServiceInputs.Calls.eventID, priority: ServiceInputs.Calls.priority, callType: ServiceInputs.Calls.callType,
    stages: CallStage.allCases.map(\.column), beat: ServiceInputs.Calls.beat,
    location: .lonLat(longitude: ServiceInputs.Calls.longitude, latitude: ServiceInputs.Calls.latitude),
    timeFormats: [.iso8601], timeZone: "America/Chicago", missing: [""], priorities: nil, note: nil)

  /// Built-in profiles by name.
  public static let builtIn: [String: CallProfile] = {
    var result = ["equity-atlas": equityAtlas]
    for (name, yaml) in builtInYAML { result[name] = try! CallProfile(yaml: yaml, origin: "built-in profile \(name)") }
    return result
  }()

  /// The built-in profiles as YAML: read by the same loader as users' files, and printed by
  /// `inspect` as examples to edit.
  public static let builtInYAML: [(String, String)] = [
    (
      "seattle-spd",
      """
      name: seattle-spd
      note: "Seattle Police Department Call Data (data.seattle.gov). Queued is read as received and Arrived as on scene; there is no dispatch time. SPD priorities 1-2 are read as P1, 3-4 as P2, 5-7 as P3 (an assumption: SPD's scale is not CPD's)."
      columns:
        event_id: CAD Event Number
        priority: Priority
        call_type: Call Type
        received: Original Time Queued
        on_scene: Arrived Time
        beat: Beat
      location:
        longitude: Blurred_Longitude
        latitude: Blurred_Latitude
      time_formats: ["MM/dd/yyyy hh:mm:ss a"]
      time_zone: America/Los_Angeles
      missing: [""]
      priorities: {"1": 1, "2": 1, "3": 2, "4": 2, "5": 3, "6": 3, "7": 3}
      """
    ),
    (
      "sf-fire",
      """
      name: sf-fire
      note: "San Francisco Fire Department calls for service (DataSF, Learning Spark copy): one row per unit response. CallDate (a date, no time) is read as received and AvailableDtTm as cleared, so only received-to-cleared spans exist, at day resolution. Priority E and 3 (emergency) are read as P1, 2 as P2, 1 as P3."
      columns:
        event_id: RowID
        priority: Priority
        call_type: CallType
        received: CallDate
        cleared: AvailableDtTm
      location:
        point: Location
      time_formats: ["yyyy-MM-dd", "MM/dd/yyyy hh:mm:ss a"]
      time_zone: America/Los_Angeles
      missing: ["", "null", "None", "NULL"]
      priorities: {"E": 1, "3": 1, "2": 2, "1": 3}
      """
    ),
  ]

  /// The built-in profile whose columns all appear in `header`, if one does (the most specific
  /// first: the one naming the most columns).
  public static func recognise(header: [String]) -> CallProfile? {
    let names = Set(header.map { $0.lowercased() })
    return builtIn.values.sorted {
      $0.requiredColumns.count > $1.requiredColumns.count || ($0.requiredColumns.count == $1.requiredColumns.count && $0.name < $1.name)
    }
    .first { $0.requiredColumns.allSatisfy { names.contains($0.lowercased()) } }
  }

  /// The header (first record) of a CSV file, BOM dropped.
  public static func header(of path: String) throws -> [String] {
    let reader = try CSVChunkReader(path: path)
    guard let chunk = try reader.nextChunk(targetSize: 1 << 16) else { return [] }
    return chunk.withUnsafeBufferPointer { bytes in
      var scanner = CSVScanner(bytes)
      var fields: [CSVFieldRange] = []
      guard scanner.next(into: &fields) != nil else { return [] }
      return fields.map { scanner.string($0) }
    }
  }

  /// The profile for a calls file given without one: the built-in profile whose columns its
  /// header has (ours first).
  public static func detect(_ path: String) throws -> CallProfile {
    let header = try header(of: path)
    let names = Set(header.map { $0.lowercased() })
    if names.contains(equityAtlas.priority), names.contains(ServiceInputs.Calls.received) { return equityAtlas }
    return recognise(header: header) ?? equityAtlas
  }

  /// Every column the profile names.
  public var requiredColumns: [String] {
    [priority] + stages.compactMap { $0 } + [eventID, callType, beat].compactMap { $0 } + location.columns
  }

  /// A calls profile from YAML text. `origin` names the file in errors.
  ///
  /// - Throws: `ProfileError` naming the origin and the key at fault, or the kind when the
  ///   YAML describes another kind of input.
  public init(yaml text: String, origin: String) throws {
    let document = try ProfileDocument(yaml: text, origin: origin)
    guard document.kind == .calls else { throw document.fail("a \(document.kind.rawValue) profile, not a calls profile") }
    try self.init(document)
  }

  init(_ d: ProfileDocument) throws {
    try d.check(
      keys: ["columns", "location", "time_formats", "time_zone", "missing", "priorities"],
      columns: ["event_id", "priority", "call_type", "received", "dispatched", "en_route", "on_scene", "cleared", "beat"])
    try d.requireColumns()
    name = d.name
    note = d.note
    eventID = try d.column("event_id")
    guard let priority = try d.column("priority") else { throw d.fail("columns.priority is required") }
    self.priority = priority
    callType = try d.column("call_type")
    stages = try CallStage.allCases.map { try d.column($0.label) }
    guard stages[CallStage.received.rawValue] != nil else { throw d.fail("columns.received is required") }
    beat = try d.column("beat")
    location = try d.location(allowFallback: false).0
    timeFormats = try d.timeFormats("time_formats", default: [.iso8601])
    timeZone = try d.string("time_zone") ?? "America/Chicago"
    guard TimeZone(identifier: timeZone) != nil else { throw d.fail("unknown time_zone '\(timeZone)' (use an IANA name like America/Chicago)") }
    missing = d.missing
    if let table = d.map["priorities"] {
      guard let pairs = table as? [AnyHashable: Any] else { throw d.fail("priorities must map values to 1, 2 or 3") }
      var result: [String: UInt8] = [:]
      for (key, value) in pairs {
        guard let level = Int("\(value)"), (1...3).contains(level) else { throw d.fail("priorities: '\(key)' maps to \(value), not 1, 2 or 3") }
        result["\(key)"] = UInt8(level)
      }
      priorities = result
    } else {
      priorities = nil
    }
  }

  init(
    name: String, eventID: String?, priority: String, callType: String?, stages: [String?], beat: String?, location: Location,
    timeFormats: [TimestampFormat], timeZone: String, missing: Set<String>, priorities: [String: UInt8]?, note: String?
  ) {
    (self.name, self.eventID, self.priority, self.callType, self.stages, self.beat) = (name, eventID, priority, callType, stages, beat)
    (self.location, self.timeFormats, self.timeZone, self.missing, self.priorities, self.note) = (
      location, timeFormats, timeZone, missing, priorities, note
    )
  }

  /// A built-in calls profile's name, or a path to a YAML calls profile.
  ///
  /// - Throws: `ProfileError` when neither, or when the profile is of another kind.
  public static func named(_ nameOrPath: String) throws -> CallProfile {
    try InputProfile.named(nameOrPath, for: .calls).callProfile!
  }

  /// The level (1…3) of a priority value, and the value as stored, or nil when unmapped.
  func level(_ raw: UnsafeBufferPointer<UInt8>) -> (Int, [UInt8])? {
    guard let priorities else { return CallTable.priority(raw) }
    let text = String(decoding: raw, as: UTF8.self).trimmingWhitespace()
    if let level = priorities[text] { return (Int(level), Array(text.utf8)) }
    if let (_, level) = priorities.first(where: { $0.key.caseInsensitiveCompare(text) == .orderedSame }) { return (Int(level), Array(text.utf8)) }
    return nil
  }

  /// The first format that reads the text, or nil.
  func timestamp(_ raw: UnsafeBufferPointer<UInt8>) -> ParsedTimestamp? {
    for format in timeFormats { if let t = format.parse(raw) { return t } }
    return nil
  }
}
