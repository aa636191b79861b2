import AtlasGeometry
import AtlasIO
import AtlasProjection
import AtlasSpatial
import AtlasStore
import Foundation

/// Camera inventory with each camera's uptime over the analysis period.
public struct CameraTable: Sendable {
  public var ids: [String] = []
  public var types: [String] = []
  public var longitude: [Double] = []
  public var latitude: [Double] = []
  /// Uptime fraction (0…1) over the part of the period the camera was installed; NaN if it was
  /// not installed at all during the period, or if uptime was not measured.
  public var uptime: [Double] = []
  /// Hours down during the period.
  public var outageHours: [Double] = []
  /// Whether a log (outages or daily uptime) measured uptime. Without one every listed camera
  /// counts as present and working, and uptime figures are not written.
  public var uptimeMeasured = false
  /// Whether `uptime` holds the share of the period's days on which a camera recorded activity
  /// (a violations export): a proxy for uptime, written under its own metric name.
  public var uptimeIsActivityProxy = false
  /// How uptime was obtained, in words (the manifest parameter `camera_uptime`, which the
  /// camera report states).
  public var uptimeBasis = CameraTable.notMeasured
  public static let notMeasured = "not measured: no outage, uptime or activity log was given"
  public var isSynthetic = false
  /// One accounting per inventory file, then the log's.
  public var inventoryAccountings: [InputAccounting] = []
  public var logAccounting: InputAccounting?

  public var count: Int { ids.count }

  /// Reads camera inventories (ours, or the City's Data Portal exports, recognised by their
  /// headers, or any layout with a `CameraProfile`) and, when given, one log over `period`:
  /// outage intervals, daily uptime fractions or an activity log, recognised by their headers
  /// or read with a `CameraLogProfile`. `profiles` holds the profile given for a file, by path.
  ///
  /// Outages are clipped to the period; rows wholly outside it are counted as such, clipped
  /// ones are noted, and the period itself never stretches to fit the log.
  public static func read(
    inventories: [String], log logPath: String?, period: AnalysisPeriod?, zone: LocalTimeZone, profiles: [String: InputProfile] = [:]
  ) throws -> CameraTable {
    var table = CameraTable()
    var installed: [Double] = []
    var firstSeen: [String: String] = [:]
    for path in inventories {
      let csv = try CSVTable(contentsOf: path)
      let profile = profiles[path]?.cameraProfile
      if profile == nil, CameraActivityLog.matches(csv.header) {
        var accounting = InputAccounting(file: path)
        accounting.note("read as a camera violations export (one row per camera-day): each camera's first row with a location lists it")
        for (camera, line) in CameraActivityLog.cameras(in: csv, accounting: &accounting) {
          if let first = firstSeen[camera.id] {
            accounting.reject(line: line, reason: "duplicate camera id", detail: "'\(camera.id)', first at \(first)")
            continue
          }
          firstSeen[camera.id] = "\(path):\(line)"
          accounting.count("read")
          table.ids.append(camera.id)
          table.types.append(camera.type)
          table.longitude.append(camera.longitude)
          table.latitude.append(camera.latitude)
          installed.append(camera.installedAt)
        }
        table.inventoryAccountings.append(accounting)
        continue
      }
      let format = try CameraInventoryFormat(csv, profile: profile)
      var accounting = InputAccounting(file: path)
      let firstOfFile = table.count
      accounting.note("read as \(format.name)")
      if format.isSynthetic(csv) { table.isSynthetic = true }
      for row in csv.rows {
        if let problem = row.problem {
          accounting.reject(line: row.line, reason: problem.reason, detail: problem.message)
          continue
        }
        let camera: CameraInventoryFormat.Camera
        switch format.camera(row.fields, zone: zone) {
        case .failure(let problem):
          accounting.reject(line: row.line, reason: problem.reason, detail: problem.detail)
          continue
        case .success(let c): camera = c
        }
        if let first = firstSeen[camera.id] {
          accounting.reject(line: row.line, reason: "duplicate camera id", detail: "'\(camera.id)', first at \(first)")
          continue
        }
        firstSeen[camera.id] = "\(path):\(row.line)"
        table.ids.append(camera.id)
        table.types.append(camera.type)
        table.longitude.append(camera.longitude)
        table.latitude.append(camera.latitude)
        installed.append(camera.installedAt)
        accounting.count("read")
      }
      let odd = Set(table.types[firstOfFile...]).subtracting(["POD", "PTZ", "speed", "red-light"]).sorted()
      if !odd.isEmpty {
        accounting.note("camera types not among POD, PTZ, speed, red-light, kept as given: \(odd.prefix(10).joined(separator: ", "))")
      }
      table.inventoryAccountings.append(accounting)
    }
    let index = Dictionary(uniqueKeysWithValues: table.ids.enumerated().map { ($1, $0) })
    var down = Array(repeating: [(Double, Double)](), count: table.count)
    var daily = Array(repeating: [Double](), count: table.count)
    if let logPath {
      guard let period else {
        throw FileIOError(
          path: logPath, reason: "a camera log needs an analysis period: give --period START/END (e.g. 2023-01-01/2024-01-01) or a calls file")
      }
      let log = try CSVTable(contentsOf: logPath)
      // The same violations export may be the inventory too: its log rows are then accounted
      // under a name of their own, so each role counts every row once.
      var accounting = InputAccounting(file: inventories.contains(logPath) ? logPath + " (as camera activity log)" : logPath)
      if let origin = log.column(ServiceInputs.originField),
        log.rows.contains(where: { origin < $0.fields.count && $0.fields[origin] == ServiceInputs.syntheticOrigin })
      {
        table.isSynthetic = true
      }
      let profile: CameraLogProfile
      if let given = profiles[logPath]?.cameraLogProfile {
        let missing = given.missingColumns(in: log.header)
        guard missing.isEmpty else {
          throw FileIOError(
            path: logPath,
            reason:
              "the camera log profile \(given.name) reads columns the file lacks: \(missing.joined(separator: ", ")). The header has: \(log.header.joined(separator: ", "))"
          )
        }
        profile = given
        accounting.note("read as \(given.title)")
      } else if let found = CameraLogProfile.recognise(header: log.header) {
        profile = found
      } else {
        throw FileIOError(
          path: logPath,
          reason:
            "not a camera log this tool knows: expected columns camera_id, status, start, end (outages), camera_id, date, uptime_fraction (daily uptime), "
            + "or CAMERA ID, VIOLATION DATE, VIOLATIONS (a Data Portal violations export); for another layout give --camera-log FILE@PROFILE. "
            + "The header has: \(log.header.joined(separator: ", "))")
      }
      let idColumn = log.column(profile.cameraID)!
      func column(_ name: String?) -> Int? { name.flatMap { log.column($0) } }
      /// The camera and trimmed fields of a log row, or nil with the row rejected.
      func logRow(_ row: CSVTable.Row, _ cols: [Int]) -> (Int, [String])? {
        if let problem = row.problem {
          accounting.reject(line: row.line, reason: problem.reason, detail: problem.message)
          return nil
        }
        let f = cols.map { row.fields[$0].trimmingWhitespace() }
        guard let camera = index[profile.idPrefix + f[0]] else {
          accounting.reject(line: row.line, reason: "camera not in the inventory (or its inventory row was rejected)", detail: "'\(f[0])'")
          return nil
        }
        return (camera, f)
      }
      let formats = profile.timeFormats.map(\.description).joined(separator: " or ")
      switch profile.layout {
      case .outages:
        var clipped = 0
        let statusColumn = column(profile.status)
        for row in log.rows {
          guard let (camera, f) = logRow(row, [idColumn, column(profile.start)!, column(profile.end)!] + [statusColumn].compactMap { $0 }) else {
            continue
          }
          if statusColumn != nil, !profile.down.contains(f[3].lowercased()) {
            accounting.count("not an outage (status other than \(profile.down.sorted().map { "'\($0)'" }.joined(separator: ", ")))")
            continue
          }
          let stamps = [f[1], f[2]].map { profile.missing.contains($0) ? nil : profile.timestamp($0) }
          guard let start = stamps[0], let end = stamps[1] else {
            accounting.reject(line: row.line, reason: "unreadable or impossible start or end", detail: "'\(f[1])', '\(f[2])'")
            continue
          }
          let placed = zone.placeSequence([start, end])
          guard placed[1]! >= placed[0]! else {
            accounting.reject(line: row.line, reason: "outage ends before it starts")
            continue
          }
          guard placed[1]! > period.start, placed[0]! < period.end else {
            accounting.count("outside the analysis period")
            continue
          }
          if placed[0]! < period.start || placed[1]! > period.end { clipped += 1 }
          down[camera].append((placed[0]!, placed[1]!))
          accounting.count("applied")
        }
        table.uptimeBasis = "measured: outage log"
        if clipped > 0 {
          accounting.note("\(clipped) outage(s) extend beyond the analysis period \(period.startDate)/\(period.endDate) and were clipped to it")
        }
      case .dailyUptime:
        table.uptimeBasis = "measured: daily uptime log"
        for row in log.rows {
          guard let (camera, f) = logRow(row, [idColumn, column(profile.date)!, column(profile.uptimeFraction)!]) else { continue }
          guard let day = profile.day(f[1], zone: zone) else {
            accounting.reject(line: row.line, reason: "unreadable date (expected \(formats))", detail: "'\(f[1])'")
            continue
          }
          guard let fraction = Double(f[2]), (0...1).contains(fraction) else {
            accounting.reject(line: row.line, reason: "uptime fraction not a number within 0…1", detail: "'\(f[2])'")
            continue
          }
          guard day >= AnalysisPeriod.day(of: period.startDate), day < AnalysisPeriod.day(of: period.endDate) else {
            accounting.count("outside the analysis period")
            continue
          }
          daily[camera].append(fraction)
          accounting.count("applied")
        }
      case .activity:
        let days = CameraActivityLog.activeDays(in: log, profile: profile, cameras: index, period: period, zone: zone, accounting: &accounting)
        let periodDays = Double(period.days)
        for (camera, set) in days.enumerated() {
          daily[camera] = [Double(set.count) / periodDays]
        }
        table.uptimeIsActivityProxy = true
        table.uptimeBasis = "proxy: share of the period's days with recorded violations (activity log)"
        accounting.note(
          "activity log: the share of the period's \(period.days) days with at least one recorded violation is an uptime PROXY (a camera can work and record nothing), written as activity_day_share, not uptime"
        )
      }
      table.logAccounting = accounting
      table.uptimeMeasured = true
    }
    for i in 0..<table.count {
      guard table.uptimeMeasured, let period else {
        table.uptime.append(.nan)
        table.outageHours.append(.nan)
        continue
      }
      let from = min(max(period.start, installed[i]), period.end)
      let active = from...period.end
      let activeSeconds = active.upperBound - active.lowerBound
      if table.uptimeIsActivityProxy {
        table.uptime.append(daily[i].first ?? 0)
        table.outageHours.append(.nan)
        continue
      }
      if !daily[i].isEmpty {
        let mean = daily[i].reduce(0, +) / Double(daily[i].count)
        table.uptime.append(mean)
        table.outageHours.append((1 - mean) * Double(daily[i].count) * 24)
        continue
      }
      let downSeconds = Self.mergedLength(down[i], within: active)
      table.uptime.append(activeSeconds > 0 ? 1 - downSeconds / activeSeconds : .nan)
      table.outageHours.append(downSeconds / 3_600)
    }
    return table
  }

  /// Total length of the union of intervals, clipped to `range`.
  public static func mergedLength(_ intervals: [(Double, Double)], within range: ClosedRange<Double>) -> Double {
    var total = 0.0
    var current: (Double, Double)?
    for (s, e) in intervals.map({ (max($0.0, range.lowerBound), min($0.1, range.upperBound)) }).filter({ $0.0 < $0.1 }).sorted(by: { $0.0 < $1.0 }) {
      if let c = current, s <= c.1 {
        current = (c.0, max(c.1, e))
      } else {
        if let c = current { total += c.1 - c.0 }
        current = (s, e)
      }
    }
    if let c = current { total += c.1 - c.0 }
    return total
  }
}

/// Per-area camera metrics (family `cameras`), stratum = camera type or `all`:
/// `count`, `per_square_mile`, `per_10k_residents`, `mean_uptime` (cameras installed during the
/// period), `below_uptime_threshold`, `outage_hours`; and for `all`, `coverage_share`: the
/// share of the area within the radius of a working camera (uptime ≥ threshold), in EPSG:3435.
public enum CameraMetrics {
  public static func compute(
    _ cameras: CameraTable, assignment: AreaAssignment, squareMiles: [[Double]], population: [[Double]],
    overlays: [Overlay<IllinoisEastFtUS>], toFeet: Transformer<WGS84LonLat, IllinoisEastFtUS>, radiusFeet: Double, uptimeThreshold: Double
  ) throws -> [AreaMetric] {
    var metrics: [AreaMetric] = []
    let positions = try toFeet.transform(
      zip(cameras.longitude, cameras.latitude).map { Position<WGS84LonLat>(x: $0, y: $1) }, to: IllinoisEastFtUS.self)
    let types = ["all"] + Set(cameras.types).sorted()
    // Without a log every listed camera counts as working (inventory figures only); an
    // activity share is no uptime, so the uptime threshold does not apply to it either.
    let thresholded = cameras.uptimeMeasured && !cameras.uptimeIsActivityProxy
    let working = cameras.uptime.indices.filter { !thresholded || cameras.uptime[$0] >= uptimeThreshold }.map { positions[$0] }
    // One union of discs (the costly buffer), intersected with every layer's areas.
    let discs = try Overlay<IllinoisEastFtUS>.unionOfDiscs(around: working, radius: radiusFeet)
    let coveredByLayer = try parallelMap(overlays.count) { l in try overlays[l].coverage(byDisjoint: discs) }
    for l in assignment.layerIDs.indices {
      let layer = assignment.layerIDs[l]
      let covered = coveredByLayer[l]
      for (a, members) in assignment.members(layer: l).enumerated() {
        let id = assignment.areaIDs[l][a]
        func add(_ metric: CameraMetric, _ stratum: String, _ value: Double, _ n: Int) {
          metrics.append(
            AreaMetric(layer: layer, areaID: id, family: AtlasFamily.cameras.rawValue, metric: metric.rawValue, stratum: stratum, value: value, n: n))
        }
        for type in types {
          let chosen = type == "all" ? members : members.filter { cameras.types[$0] == type }
          let n = chosen.count
          add(.count, type, Double(n), n)
          add(.perSquareMile, type, Double(n) / squareMiles[l][a], n)
          if population[l][a] > 0 { add(.perTenThousandResidents, type, Double(n) / population[l][a] * 10_000, n) }
          let active = chosen.filter { cameras.uptime[$0].isFinite }
          if cameras.uptimeIsActivityProxy {
            if !active.isEmpty { add(.activityDayShare, type, active.reduce(0) { $0 + cameras.uptime[$1] } / Double(active.count), active.count) }
          } else if !active.isEmpty {
            add(.meanUptime, type, active.reduce(0) { $0 + cameras.uptime[$1] } / Double(active.count), active.count)
            add(.belowUptimeThreshold, type, Double(active.filter { cameras.uptime[$0] < uptimeThreshold }.count), active.count)
            add(.outageHours, type, active.reduce(0) { $0 + cameras.outageHours[$1] }, active.count)
          }
        }
        let area = overlays[l].targetAreas[a]
        add(.coverageShare, AtlasSchema.allStrata, area > 0 ? covered[a] / area : 0, members.count)
      }
    }
    return metrics
  }
}

extension String {
  /// The text without leading and trailing whitespace as Foundation's
  /// `CharacterSet.whitespaces` has it (tab, the Unicode space separators and U+200B zero width
  /// space): what `trimmingCharacters(in: .whitespaces)` returns, without its round trip
  /// through NSString (most of the time of reading a camera outage log of 228k rows went there).
  func trimmingWhitespace() -> String {
    func isWhitespace(_ u: Unicode.Scalar) -> Bool {
      u == " " || u == "\t" || u == "\u{200B}" || (!u.isASCII && u.properties.generalCategory == .spaceSeparator)
    }
    let scalars = unicodeScalars
    guard let first = scalars.firstIndex(where: { !isWhitespace($0) }), let last = scalars.lastIndex(where: { !isWhitespace($0) }) else {
      return ""
    }
    return String(scalars[first...last])
  }
}
