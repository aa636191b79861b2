import AtlasGeometry
import AtlasIO
import AtlasProjection
import AtlasSpatial
import Foundation

/// Camera inventory with each camera's uptime over the analysis period.
public struct CameraTable: Sendable {
  public var ids: [String] = []
  public var types: [String] = []
  public var longitude: [Double] = []
  public var latitude: [Double] = []
  /// Uptime fraction (0…1) over the part of the period the camera was installed; NaN if it was
  /// not installed at all during the period.
  public var uptime: [Double] = []
  /// Hours down during the period.
  public var outageHours: [Double] = []
  public var isSynthetic = false
  public var inventoryAccounting: InputAccounting
  public var logAccounting: InputAccounting?

  public var count: Int { ids.count }

  /// Reads `cameras.csv` and, if present, `camera_outages.csv` (or else
  /// `camera_uptime_daily.csv`) from `directory`, over the period [start, end).
  public static func read(directory: URL, period: ClosedRange<Double>, zone: LocalTimeZone) throws -> CameraTable {
    typealias C = ServiceInputs.Cameras
    let path = directory.appendingPathComponent(C.file).path
    let csv = try CSVTable(contentsOf: path)
    var table = CameraTable(inventoryAccounting: InputAccounting(file: path))
    let columns = try [C.cameraID, C.type, C.installDate, C.longitude, C.latitude].map { name -> Int in
      guard let i = csv.column(name) else { throw FileIOError(path: path, reason: "no column '\(name)'") }
      return i
    }
    let origin = csv.column(ServiceInputs.originField)
    var installed: [Double] = []
    var seen: Set<String> = []
    for row in csv.rows {
      guard row.fields.count == csv.header.count else {
        table.inventoryAccounting.reject(line: row.line, reason: "row has \(row.fields.count) fields, header has \(csv.header.count)")
        continue
      }
      let f = columns.map { row.fields[$0].trimmingWhitespace() }
      guard !f[0].isEmpty else {
        table.inventoryAccounting.reject(line: row.line, reason: "missing camera id")
        continue
      }
      guard !seen.contains(f[0]) else {
        table.inventoryAccounting.reject(line: row.line, reason: "duplicate camera id '\(f[0])'")
        continue
      }
      guard let lon = Double(f[3]), let lat = Double(f[4]), lon.isFinite, lat.isFinite, !(lon == 0 && lat == 0) else {
        table.inventoryAccounting.reject(line: row.line, reason: "no usable location '\(f[3])', '\(f[4])'")
        continue
      }
      var installedAt = -Double.infinity
      if !f[2].isEmpty {
        guard let stamp = Array((f[2].count == 10 ? f[2] + "T00:00" : f[2]).utf8).withUnsafeBufferPointer({ ParsedTimestamp($0) }) else {
          table.inventoryAccounting.reject(line: row.line, reason: "unreadable install date '\(f[2])'")
          continue
        }
        installedAt = zone.placeSequence([stamp])[0]!
      }
      if let origin, row.fields[origin] == ServiceInputs.syntheticOrigin { table.isSynthetic = true }
      seen.insert(f[0])
      table.ids.append(f[0])
      table.types.append(f[1].isEmpty ? "unknown" : f[1])
      table.longitude.append(lon)
      table.latitude.append(lat)
      installed.append(installedAt)
      table.inventoryAccounting.count("read")
    }
    let index = Dictionary(uniqueKeysWithValues: table.ids.enumerated().map { ($1, $0) })
    var down = Array(repeating: [(Double, Double)](), count: table.count)
    var daily = Array(repeating: [Double](), count: table.count)
    let outagesPath = directory.appendingPathComponent(ServiceInputs.CameraOutages.file).path
    let dailyPath = directory.appendingPathComponent(ServiceInputs.CameraUptimeDaily.file).path
    if FileManager.default.fileExists(atPath: outagesPath) {
      typealias O = ServiceInputs.CameraOutages
      let log = try CSVTable(contentsOf: outagesPath)
      var accounting = InputAccounting(file: outagesPath)
      let cols = try [O.cameraID, O.status, O.start, O.end].map { name -> Int in
        guard let i = log.column(name) else { throw FileIOError(path: outagesPath, reason: "no column '\(name)'") }
        return i
      }
      for row in log.rows {
        guard row.fields.count == log.header.count else {
          accounting.reject(line: row.line, reason: "row has \(row.fields.count) fields, header has \(log.header.count)")
          continue
        }
        let f = cols.map { row.fields[$0].trimmingWhitespace() }
        guard let camera = index[f[0]] else {
          accounting.reject(line: row.line, reason: "camera '\(f[0])' is not in the inventory")
          continue
        }
        guard f[1].lowercased() == "down" else {
          accounting.count("not an outage (status '\(f[1])')")
          continue
        }
        let stamps = [f[2], f[3]].map { text in Array(text.utf8).withUnsafeBufferPointer { ParsedTimestamp($0) } }
        guard let start = stamps[0], let end = stamps[1] else {
          accounting.reject(line: row.line, reason: "unreadable start or end '\(f[2])', '\(f[3])'")
          continue
        }
        let placed = zone.placeSequence([start, end])
        guard placed[1]! >= placed[0]! else {
          accounting.reject(line: row.line, reason: "outage ends before it starts")
          continue
        }
        down[camera].append((placed[0]!, placed[1]!))
        accounting.count("applied")
      }
      table.logAccounting = accounting
    } else if FileManager.default.fileExists(atPath: dailyPath) {
      typealias D = ServiceInputs.CameraUptimeDaily
      let log = try CSVTable(contentsOf: dailyPath)
      var accounting = InputAccounting(file: dailyPath)
      let cols = try [D.cameraID, D.date, D.uptimeFraction].map { name -> Int in
        guard let i = log.column(name) else { throw FileIOError(path: dailyPath, reason: "no column '\(name)'") }
        return i
      }
      for row in log.rows {
        guard row.fields.count == log.header.count else {
          accounting.reject(line: row.line, reason: "row has \(row.fields.count) fields, header has \(log.header.count)")
          continue
        }
        guard let camera = index[row.fields[cols[0]]] else {
          accounting.reject(line: row.line, reason: "camera '\(row.fields[cols[0]])' is not in the inventory")
          continue
        }
        guard let fraction = Double(row.fields[cols[2]]), (0...1).contains(fraction) else {
          accounting.reject(line: row.line, reason: "uptime fraction '\(row.fields[cols[2]])' is not within 0…1")
          continue
        }
        daily[camera].append(fraction)
        accounting.count("applied")
      }
      table.logAccounting = accounting
    }
    for i in 0..<table.count {
      let active = max(period.lowerBound, installed[i])...max(period.upperBound, max(period.lowerBound, installed[i]))
      let activeSeconds = active.upperBound - active.lowerBound
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
    overlays: [Overlay<IllinoisEastFtUS>], toFeet: Transformer, radiusFeet: Double, uptimeThreshold: Double
  ) throws -> [AreaMetric] {
    var metrics: [AreaMetric] = []
    let positions = toFeet.transform(zip(cameras.longitude, cameras.latitude).map { Position<WGS84LonLat>(x: $0, y: $1) }, to: IllinoisEastFtUS.self)
    let types = ["all"] + Set(cameras.types).sorted()
    let working = cameras.uptime.indices.filter { cameras.uptime[$0] >= uptimeThreshold }.map { positions[$0] }
    // One union of discs (the costly buffer), intersected with every layer's areas.
    let discs = try Overlay<IllinoisEastFtUS>.unionOfDiscs(around: working, radius: radiusFeet)
    let coveredByLayer = try parallelMap(overlays.count) { l in try overlays[l].coverage(byDisjoint: discs) }
    for l in assignment.layerIDs.indices {
      let layer = assignment.layerIDs[l]
      let covered = coveredByLayer[l]
      for (a, members) in assignment.members(layer: l).enumerated() {
        let id = assignment.areaIDs[l][a]
        func add(_ metric: String, _ stratum: String, _ value: Double, _ n: Int) {
          metrics.append(AreaMetric(layer: layer, areaID: id, family: "cameras", metric: metric, stratum: stratum, value: value, n: n))
        }
        for type in types {
          let chosen = type == "all" ? members : members.filter { cameras.types[$0] == type }
          let n = chosen.count
          add("count", type, Double(n), n)
          add("per_square_mile", type, Double(n) / squareMiles[l][a], n)
          if population[l][a] > 0 { add("per_10k_residents", type, Double(n) / population[l][a] * 10_000, n) }
          let active = chosen.filter { cameras.uptime[$0].isFinite }
          if !active.isEmpty {
            add("mean_uptime", type, active.reduce(0) { $0 + cameras.uptime[$1] } / Double(active.count), active.count)
            add("below_uptime_threshold", type, Double(active.filter { cameras.uptime[$0] < uptimeThreshold }.count), active.count)
            add("outage_hours", type, active.reduce(0) { $0 + cameras.outageHours[$1] }, active.count)
          }
        }
        let area = overlays[l].targetAreas[a]
        add("coverage_share", "all", area > 0 ? covered[a] / area : 0, members.count)
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
