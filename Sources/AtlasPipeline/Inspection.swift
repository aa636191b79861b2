import AtlasGeometry
import AtlasIO
import Foundation

/// What `equity-atlas inspect` finds in a CSV export: which input kind and layout it matches
/// (or the nearest, and which columns it lacks), each column's parse rates, missing values and
/// time range, the share of located rows inside the city, sample rows, and a profile to edit.
///
/// The first `rowLimit` records are examined (said in the report when the file is longer).
public struct Inspection: Sendable {
  /// One candidate layout and how much of it the header has.
  public struct Match: Sendable {
    public var kind: String
    public var layout: String
    public var missingColumns: [String]
    public var score: Double { missingColumns.isEmpty ? 1 : 0 }
  }

  public struct Column: Sendable {
    public var name: String
    public var filled = 0
    /// Count of each missing-value spelling seen (`""`, `NULL`, `None`, …).
    public var missing: [String: Int] = [:]
    public var numeric = 0
    /// The time format that reads the most values, how many it reads, and their range.
    public var timeFormat: String?
    public var timeParsed = 0
    public var timeRange: (first: String, last: String)?
    /// Up to 8 distinct values (nil when there are more).
    public var distinct: [String]?
  }

  public var path: String
  public var header: [String]
  public var rows = 0
  public var truncated = false
  public var matches: [Match] = []
  public var columns: [Column] = []
  public var samples: [[String]] = []
  /// Columns read as the location, and how many rows fell inside the city's layer.
  public var location: (description: String, located: Int, inside: Int?)?
  public var shortOrLongRows = 0

  public static let missingSpellings: Set<String> = ["", "NULL", "null", "None", "NA", "N/A", "-9999", "nan", "NaN"]
  /// Formats tried on every text column, most specific first.
  static let timeFormats: [TimestampFormat] = [
    .iso8601, try! TimestampFormat("MM/dd/yyyy hh:mm:ss a"), try! TimestampFormat("M/d/yyyy h:mm:ss a"),
    try! TimestampFormat("yyyy-MM-dd HH:mm:ss.SSS"), try! TimestampFormat("MM/dd/yyyy HH:mm:ss"), try! TimestampFormat("M/d/yyyy H:mm"),
    try! TimestampFormat("yyyy-MM-dd"), try! TimestampFormat("MM/dd/yyyy"), try! TimestampFormat("M/d/yyyy"), try! TimestampFormat("yyyy.M.d H:mm"),
  ]

  /// Inspects `path`. `inside` locates a lon/lat in the city (nil: no data directory given).
  public init(path: String, rowLimit: Int = 100_000, inside: ((Double, Double) -> Bool)? = nil) throws {
    self.path = path
    let table = try Self.read(path, limit: rowLimit)
    header = table.header
    rows = table.rows.count
    truncated = table.truncated
    matches = Self.candidates(header)
    let width = header.count
    columns = header.map { Column(name: $0) }
    var formatHits = Array(repeating: Array(repeating: 0, count: Self.timeFormats.count), count: width)
    var distinct = Array(repeating: Set<String>(), count: width)
    for row in table.rows {
      if row.count != width { shortOrLongRows += 1 }
      for (c, raw) in row.prefix(width).enumerated() {
        let value = raw.trimmingCharacters(in: .whitespaces)
        if Self.missingSpellings.contains(value) {
          columns[c].missing[value, default: 0] += 1
          continue
        }
        columns[c].filled += 1
        if distinct[c].count <= 8 { distinct[c].insert(value) }
        if Double(value) != nil { columns[c].numeric += 1 }
        for (f, format) in Self.timeFormats.enumerated() where format.parse(value) != nil { formatHits[c][f] += 1 }
      }
    }
    for c in 0..<width {
      columns[c].distinct = distinct[c].count <= 8 ? distinct[c].sorted() : nil
      // A time column: most of its filled values read as times (numbers alone are not times).
      if let best = formatHits[c].indices.max(by: { formatHits[c][$0] < formatHits[c][$1] }), formatHits[c][best] > 0,
        formatHits[c][best] * 2 > columns[c].filled
      {
        let format = Self.timeFormats[best]
        columns[c].timeFormat = format.description
        columns[c].timeParsed = formatHits[c][best]
        var first: (Double, String)?
        var last: (Double, String)?
        for row in table.rows where c < row.count {
          let value = row[c].trimmingCharacters(in: .whitespaces)
          guard let stamp = format.parse(value) else { continue }
          let t: Double
          switch stamp {
          case .instant(let v), .local(let v): t = v
          }
          if first == nil || t < first!.0 { first = (t, value) }
          if last == nil || t > last!.0 { last = (t, value) }
        }
        if let first, let last { columns[c].timeRange = (first.1, last.1) }
      }
    }
    samples = Array(table.rows.prefix(3))
    location = Self.locate(header: header, rows: table.rows, inside: inside)
  }

  static func read(_ path: String, limit: Int) throws -> (header: [String], rows: [[String]], truncated: Bool) {
    let reader = try CSVChunkReader(path: path)
    var header: [String]?
    var rows: [[String]] = []
    var fields: [CSVFieldRange] = []
    while rows.count < limit, let chunk = try reader.nextChunk(targetSize: 1 << 20) {
      chunk.withUnsafeBufferPointer { bytes in
        var scanner = CSVScanner(bytes)
        while rows.count < limit, scanner.next(into: &fields) != nil {
          let texts = fields.map { scanner.string($0) }
          if header == nil { header = texts } else { rows.append(texts) }
        }
      }
    }
    guard let header else { throw FileIOError(path: path, reason: "empty file (no header row)") }
    return (header, rows, rows.count >= limit)
  }

  /// Every layout `analyze` knows, with the columns the header lacks; complete matches first.
  static func candidates(_ header: [String]) -> [Match] {
    let names = Set(header.map { $0.lowercased() })
    func lacking(_ required: [String]) -> [String] { required.filter { !names.contains($0.lowercased()) } }
    var result = CallProfile.builtIn.values.sorted { $0.name < $1.name }.map {
      Match(kind: "911 calls (--calls)", layout: "profile \($0.name)", missingColumns: lacking($0.requiredColumns))
    }
    result += CameraProfile.builtIn.map {
      Match(kind: cameraInventory, layout: "profile \($0.name)", missingColumns: $0.missingColumns(in: header))
    }
    result += CameraLogProfile.builtIn.map {
      Match(kind: cameraLog, layout: "profile \($0.name)", missingColumns: $0.missingColumns(in: header))
    }
    result.append(
      Match(kind: "fleet bases (--fleet-bases)", layout: "fleet_bases.csv", missingColumns: lacking(["base_id", "service", "longitude", "latitude"])))
    return result.sorted { ($0.missingColumns.count, $0.layout) < ($1.missingColumns.count, $1.layout) }
  }

  static let cameraInventory = "camera inventory (--cameras)", cameraLog = "camera log (--camera-log)"

  /// The kind of input the file most likely is: that of a layout it matches completely, else
  /// calls when a column speaks of priority, cameras when one speaks of cameras or go-live
  /// dates, else calls.
  public var suggestedKind: InputKind {
    if let best = matches.first, best.missingColumns.isEmpty {
      return best.kind == Self.cameraInventory ? .cameras : best.kind == Self.cameraLog ? .cameraLog : .calls
    }
    let lower = header.map { $0.lowercased() }
    if lower.contains(where: { $0.contains("priority") }) { return .calls }
    if lower.contains(where: { ["camera", "cam_", "go-live", "go live", "install"].contains(where: $0.contains) }) { return .cameras }
    return .calls
  }

  /// The YAML of the built-in profile the file matches completely, if any.
  private var matchedBuiltIn: String? {
    guard let best = matches.first, best.missingColumns.isEmpty, best.layout.hasPrefix("profile ") else { return nil }
    let name = String(best.layout.dropFirst("profile ".count))
    return InputProfile.builtInYAML.first { $0.name == name }?.yaml
  }

  /// The first column whose name contains one of `words` (tried in order), restricted to time
  /// columns when `time`.
  private func guess(_ words: [String], time: Bool = false) -> String? {
    let lower = header.map { $0.lowercased() }
    for word in words {
      if let i = lower.indices.first(where: { lower[$0].contains(word) && (!time || columns[$0].timeFormat != nil) }) { return header[i] }
    }
    return nil
  }

  /// Profile lines for the location found, or commented hints.
  private var locationLines: [String] {
    if let location {
      let parts = location.description.components(separatedBy: ", ")
      if location.description.hasSuffix("as (lat, lon)") {
        return ["location:", "  point: \(location.description.replacingOccurrences(of: " as (lat, lon)", with: ""))"]
      } else if parts.count == 2 {
        return ["location:", "  longitude: \(parts[0])", "  latitude: \(parts[1])"]
      }
    }
    let lower = header.map { $0.lowercased() }
    if let x = lower.firstIndex(where: { ["x", "x coordinate", "x_coord", "xcoord", "x_coordinate"].contains($0) }),
      let y = lower.firstIndex(where: { ["y", "y coordinate", "y_coord", "ycoord", "y_coordinate"].contains($0) })
    {
      return [
        "location:", "  x: \(header[x])", "  y: \(header[y])", "  crs: \"EPSG:3435\"   # check: Illinois East, US feet, as the City writes X/Y",
      ]
    }
    return [
      "# location:", "#   longitude: COLUMN", "#   latitude: COLUMN", "#   (or point: COLUMN holding \"(lat, lon)\", or x, y and crs: EPSG:3435)",
    ]
  }

  private var missingLine: String {
    let seen = Set(columns.flatMap { $0.missing.keys }).sorted()
    return "missing: [\((seen.isEmpty ? [""] : seen).map { "\"\($0)\"" }.joined(separator: ", "))]"
  }

  /// A camera inventory profile to start from: the built-in one the file matches, else one
  /// with columns guessed from the header names and the date format found.
  var suggestedCameraProfile: String {
    if let matchedBuiltIn { return matchedBuiltIn }
    var lines = ["kind: cameras", "name: my-cameras", "columns:"]
    lines.append("  id: \(guess(["camera_id", "camera id", "camera", "cam", "id", "address", "intersection"]) ?? "COLUMN")")
    if let type = guess(["type", "kind"]) { lines.append("  type: \(type)") } else { lines.append("  # type: COLUMN") }
    let installed = guess(["go-live", "go live", "install", "live", "date", "year"], time: true)
    lines.append(installed.map { "  installed: \($0)" } ?? "  # installed: COLUMN")
    if guess(["type", "kind"]) == nil { lines.append("type: unknown   # the type of every camera: speed, red-light, POD, PTZ, …") }
    lines.append("id_prefix: \"\"")
    lines += locationLines
    let format = installed.flatMap { name in columns.first { $0.name == name }?.timeFormat }
    lines.append("date_formats: [\"\(format ?? "yyyy-MM-dd")\"]")
    lines.append(missingLine)
    return lines.joined(separator: "\n")
  }

  /// A profile to start from, for the kind the file most likely is (`suggestedKind`).
  public var suggestedProfile: String {
    switch suggestedKind {
    case .cameras: return suggestedCameraProfile
    case .cameraLog: return matchedBuiltIn ?? CameraLogProfile.builtInYAML[0].yaml
    case .calls, .polygons: return suggestedCallProfile
    }
  }

  static func locate(header: [String], rows: [[String]], inside: ((Double, Double) -> Bool)?) -> (String, Int, Int?)? {
    let lower = header.map { $0.lowercased() }
    let lon = lower.firstIndex { ["longitude", "lon", "lng", "long", "blurred_longitude"].contains($0) }
    let lat = lower.firstIndex { ["latitude", "lat", "blurred_latitude"].contains($0) }
    let point = lower.firstIndex { $0 == "location" }
    var located: [(Double, Double)] = []
    var description = ""
    if let lon, let lat {
      description = "\(header[lon]), \(header[lat])"
      located = rows.compactMap { row in
        guard lon < row.count, lat < row.count, let x = Double(row[lon]), let y = Double(row[lat]), x.isFinite, y.isFinite, !(x == 0 && y == 0) else {
          return nil
        }
        return (x, y)
      }
    }
    if located.isEmpty, let point {
      description = "\(header[point]) as (lat, lon)"
      located = rows.compactMap { row in
        guard point < row.count, let parsed = LatLonPoint.parse(row[point]) else { return nil }
        return (parsed.longitude, parsed.latitude)
      }
    }
    guard !description.isEmpty else { return nil }
    return (description, located.count, inside.map { test in located.filter { test($0.0, $0.1) }.count })
  }

  /// A calls profile to start from, with columns guessed from the header names and the time
  /// formats found.
  var suggestedCallProfile: String {
    let timeStages: Set = ["received", "dispatched", "en_route", "on_scene", "cleared"]
    var lines = ["name: my-cad-extract", "columns:"]
    let stages: [(String, [String])] = [
      ("event_id", ["event", "incident", "cad", "call number", "callnumber"]), ("priority", ["priority"]),
      ("call_type", ["call type", "calltype", "type"]),
      ("received", ["receiv", "queued", "entry", "call time", "calldate", "call date", "created"]), ("dispatched", ["dispatch"]),
      ("en_route", ["en route", "enroute", "respond"]), ("on_scene", ["on scene", "onscene", "arriv"]), ("cleared", ["clear", "available", "close"]),
      ("beat", ["beat"]),
    ]
    var formats: [String] = []
    for (key, words) in stages {
      if let column = guess(words, time: timeStages.contains(key)) {
        lines.append("  \(key): \(column)")
        if let format = columns.first(where: { $0.name == column })?.timeFormat, !formats.contains(format) { formats.append(format) }
      } else {
        lines.append("  # \(key): COLUMN")
      }
    }
    lines += locationLines
    lines.append("time_formats: [\((formats.isEmpty ? ["iso8601"] : formats).map { "\"\($0)\"" }.joined(separator: ", "))]")
    lines.append("time_zone: America/Chicago")
    lines.append(missingLine)
    // Values that are not CPD codes need a priority map.
    if let priority = guess(["priority"]), let values = columns.first(where: { $0.name == priority })?.distinct,
      !values.allSatisfy({ Array($0.utf8).withUnsafeBufferPointer { CallTable.priority($0) != nil } })
    {
      lines.append("priorities: {\(values.map { "\"\($0)\": 1" }.joined(separator: ", "))}   # edit: map each value to 1, 2 or 3")
    }
    return lines.joined(separator: "\n")
  }

  /// The report as printed.
  public var report: String {
    var out = ["\(path): \(rows) rows\(truncated ? " (the first \(rows) examined)" : ""), \(header.count) columns"]
    if shortOrLongRows > 0 { out.append("  \(shortOrLongRows) rows have a different number of fields than the header") }
    if let best = matches.first, best.missingColumns.isEmpty {
      out.append("matches: \(best.kind), \(best.layout)")
    } else if let best = matches.first {
      out.append(
        "matches no known layout; nearest: \(best.kind), \(best.layout), which needs \(best.missingColumns.map { "'\($0)'" }.joined(separator: ", "))"
      )
    }
    out.append("")
    out.append("column".padding(toLength: 32, withPad: " ", startingAt: 0) + "  filled  missing  numeric  time")
    for c in columns {
      let missing = c.missing.sorted { $0.key < $1.key }.map { "\($0.value)×\($0.key.isEmpty ? "empty" : $0.key)" }.joined(separator: " ")
      var time = ""
      if let format = c.timeFormat, let range = c.timeRange {
        time = "\(percent(c.timeParsed, c.filled)) as \(format), \(range.first) … \(range.last)"
      }
      let name = c.name.count > 32 ? String(c.name.prefix(31)) + "…" : c.name.padding(toLength: 32, withPad: " ", startingAt: 0)
      out.append(
        "\(name)  \(percent(c.filled, rows).leftPadded(6))  \((missing.isEmpty ? "-" : missing).leftPadded(7))  \(percent(c.numeric, c.filled).leftPadded(7))  \(time)"
      )
      if let values = c.distinct, c.timeFormat == nil, !values.isEmpty { out.append("    values: \(values.joined(separator: " | "))") }
    }
    out.append("")
    if let location {
      var line = "location from \(location.description): \(location.located) of \(rows) rows have coordinates"
      if let inside = location.inside { line += "; \(inside) (\(percent(inside, location.located))) inside the city" }
      out.append(line)
    } else {
      out.append("location: no longitude/latitude or LOCATION column found")
    }
    out.append("")
    out.append("first rows:")
    for row in samples { out.append("  " + row.joined(separator: " | ")) }
    return out.joined(separator: "\n")
  }

  private func percent(_ n: Int, _ d: Int) -> String { d > 0 ? String(format: "%.1f%%", Double(n) / Double(d) * 100) : "-" }
}

extension String {
  fileprivate func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
