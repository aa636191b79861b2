import AtlasGeometry
import AtlasIO
import AtlasProjection
import AtlasStore
import Foundation

/// The stages a 911 event passes through, in order.
public enum CallStage: Int, CaseIterable, Sendable {
  case received, dispatched, enRoute, onScene, cleared

  public var column: String {
    switch self {
    case .received: return ServiceInputs.Calls.received
    case .dispatched: return ServiceInputs.Calls.dispatched
    case .enRoute: return ServiceInputs.Calls.enRoute
    case .onScene: return ServiceInputs.Calls.onScene
    case .cleared: return ServiceInputs.Calls.cleared
    }
  }

  /// The stage's name in the atlas's metric names.
  public var name: CallStageName {
    switch self {
    case .received: return .received
    case .dispatched: return .dispatched
    case .enRoute: return .enRoute
    case .onScene: return .onScene
    case .cleared: return .cleared
    }
  }

  public var label: String { name.rawValue }
}

/// The intervals derived from a call's stages.
public enum CallInterval: Int, CaseIterable, Sendable {
  case callToDispatch, dispatchToOnScene, callToOnScene

  public var stages: (from: CallStage, to: CallStage) {
    switch self {
    case .callToDispatch: return (.received, .dispatched)
    case .dispatchToOnScene: return (.dispatched, .onScene)
    case .callToOnScene: return (.received, .onScene)
    }
  }

  /// The interval's name in the atlas's metric and comparison names.
  public var name: CallIntervalName {
    switch self {
    case .callToDispatch: return .callToDispatch
    case .dispatchToOnScene: return .dispatchToOnScene
    case .callToOnScene: return .callToOnScene
    }
  }

  public var label: String { name.rawValue }
}

/// Why an interval has no usable value. Counted per interval, never dropped silently.
public enum IntervalProblem: String, CaseIterable, Sendable {
  case missing, negative
  /// Longer than 24 hours.
  case absurd
}

/// 911 events read from a CAD extract (`ServiceInputs.Calls`), held as columns.
public struct CallTable: Sendable {
  /// Normalised priority: 1 Immediate, 2 Rapid, 3 Routine.
  public var priority: [UInt8] = []
  /// The CPD priority code as given (`1A`, `2C`, …).
  public var priorityCode: [String] = []
  /// Per stage, the instant (seconds since 1970, UTC) or NaN when not recorded.
  public var stamps: [[Double]] = Array(repeating: [], count: CallStage.allCases.count)
  public var longitude: [Double] = []
  public var latitude: [Double] = []
  /// The beat given in the extract (canonical id), used when there is no location.
  public var beat: [String?] = []
  /// Per call, its call type as an index into `callTypes`; empty when the extract has no call
  /// type column (the profile's `call_type`, optional).
  public var callType: [Int32] = []
  /// The distinct call types, trimmed and in upper case ("" for a blank or missing one), in
  /// order of first appearance.
  public var callTypes: [String] = []
  /// Whether the file says it is synthetic (`data_origin` = `synthetic`).
  public var isSynthetic = false
  public var accounting: InputAccounting

  public var count: Int { priority.count }

  /// Longest interval accepted as real (longer ones are data-entry errors).
  public static let absurdSeconds = 86_400.0

  /// The interval's value in seconds, or why there is none.
  public func interval(_ interval: CallInterval, call i: Int) -> Result<Double, IntervalProblemError> {
    let from = stamps[interval.stages.from.rawValue][i]
    let to = stamps[interval.stages.to.rawValue][i]
    guard from.isFinite, to.isFinite else { return .failure(IntervalProblemError(problem: .missing)) }
    let seconds = to - from
    if seconds < 0 { return .failure(IntervalProblemError(problem: .negative)) }
    if seconds > Self.absurdSeconds { return .failure(IntervalProblemError(problem: .absurd)) }
    return .success(seconds)
  }

  /// Reads a CAD extract, streaming.
  ///
  /// Rows with an unknown priority code, an unreadable or impossible timestamp or no received
  /// time are rejected with their line. A row whose `event_id` repeats an earlier row's is
  /// rejected as a duplicate (the first row is kept: CAD extracts hold one row per event, and
  /// a repeat is an export artefact); without an `event_id` column duplicates cannot be told
  /// apart, which is noted. A record whose quoting swallowed line breaks, or with the wrong
  /// number of fields, is rejected with the lines it spans. Coordinates are checked as the join checks them (missing,
  /// non-numeric, zero, out of range, swapped, against `extent`); a row whose coordinates are
  /// unusable but which names a beat is located by the beat, and counted as such with the
  /// coordinates' problem, when `beats` accepts the beat (it returns the rejection reason
  /// otherwise); one with neither is rejected. The file is synthetic when any row, rejected
  /// or not, has `data_origin` = `synthetic`. Blank stage columns are kept as "not
  /// recorded".
  ///
  /// - Throws: `FileIOError` if the file cannot be read or lacks a required column.
  public static func read(
    path: String, profile: CallProfile = .equityAtlas, zone: LocalTimeZone, extent: Envelope, beats: (String) -> String? = { _ in nil }
  ) throws -> CallTable {
    var table = CallTable(accounting: InputAccounting(file: path))
    if profile != .equityAtlas { table.accounting.note("read with the \(profile.name) profile" + (profile.note.map { ": \($0)" } ?? "")) }
    let zone = profile.timeZone == zone.zone.identifier ? zone : try LocalTimeZone(identifier: profile.timeZone)
    let reader = try CSVChunkReader(path: path)
    var header: [String]?
    var priorityColumn = 0
    var stageColumns: [Int?] = []
    var beatColumn: Int?
    var originColumn: Int?
    var eventColumn: Int?
    var typeColumn: Int?
    var typeIndex: [[UInt8]: Int32] = [:]
    var firstLineOfEvent: [String: Int32] = [:]
    var multiLine = (records: 0, lines: 0)
    var validator: CoordinateValidator?
    var xColumn = 0
    var yColumn = 0
    var pointColumn: Int?
    var codes: [[UInt8]: String] = [:]
    var fields: [CSVFieldRange] = []
    var line = 1
    let missing = Set(profile.missing.map { Array($0.utf8) })
    let checksMissing = profile.missing != [""]
    while let chunk = try reader.nextChunk() {
      try chunk.withUnsafeBufferPointer { bytes in
        var scanner = CSVScanner(bytes)
        var consumed = 0
        /// Whether a field is blank or one of the profile's missing-value sentinels.
        func isMissing(_ field: CSVFieldRange) -> Bool {
          if scanner.isBlank(field) { return true }
          guard checksMissing else { return false }
          var s = field.start
          var e = field.end
          while s < e, bytes[s] == 0x20 { s += 1 }
          while e > s, bytes[e - 1] == 0x20 { e -= 1 }
          return missing.contains(Array(bytes[s..<e]))
        }
        while let info = scanner.next(into: &fields) {
          let recordLine = line + consumed + scanner.blankLines
          consumed += info.lineBreaks
          guard let header else {
            let names = fields.map { scanner.string($0) }
            if let duplicate = CSVTable.duplicateName(in: names) {
              throw FileIOError(path: path, reason: CSVTable.duplicateHeaderReason(duplicate, header: names))
            }
            header = names
            func column(_ name: String) -> Int? { names.firstIndex(of: name) ?? names.firstIndex { $0.lowercased() == name.lowercased() } }
            func required(_ name: String) throws -> Int {
              guard let index = column(name) else {
                throw FileIOError(
                  path: path, reason: "no column '\(name)' (profile \(profile.name)); the header has: \(names.joined(separator: ", "))")
              }
              return index
            }
            priorityColumn = try required(profile.priority)
            stageColumns = try CallStage.allCases.map { stage in
              guard let name = profile.stages[stage.rawValue] else { return nil }
              return stage == .received ? try required(name) : column(name)
            }
            beatColumn = profile.beat.flatMap(column)
            typeColumn = profile.callType.flatMap(column)
            if typeColumn == nil {
              table.accounting.note(
                (profile.callType.map { "no \($0) column" } ?? "the \(profile.name) profile has no call_type column")
                  + ": the case-mix adjusted ratios adjust for hour of week only")
            }
            originColumn = column(ServiceInputs.originField)
            eventColumn = profile.eventID.flatMap(column)
            switch profile.location {
            case .lonLat(let lon, let lat):
              if let x = column(lon), let y = column(lat) {
                (xColumn, yColumn) = (x, y)
                validator = CoordinateValidator(xName: lon, yName: lat, extent: extent, geographic: true)
              }
            case .point(let name):
              pointColumn = column(name)
              if pointColumn != nil { validator = CoordinateValidator(xName: "longitude", yName: "latitude", extent: extent, geographic: true) }
            case .projected(let x, let y, _):
              if let xc = column(x), let yc = column(y) {
                (xColumn, yColumn) = (xc, yc)
                validator = CoordinateValidator(xName: x, yName: y, extent: extent, geographic: false)
              }
            case .none: break
            }
            if validator == nil { table.accounting.note("no location columns: every call is located by its beat only") }
            for (stage, index) in zip(CallStage.allCases, stageColumns) where index == nil {
              table.accounting.note(
                (profile.stages[stage.rawValue].map { "no \($0) column" } ?? "the \(profile.name) profile has no \(stage.label) column")
                  + ": every call counts as missing its \(stage.label) time")
            }
            if eventColumn == nil {
              table.accounting.note("no \(profile.eventID ?? ServiceInputs.Calls.eventID) column: duplicate calls cannot be detected")
            }
            continue
          }
          if !table.isSynthetic, let originColumn, originColumn < fields.count, scanner.string(fields[originColumn]) == ServiceInputs.syntheticOrigin
          {
            table.isSynthetic = true
          }
          if let problem = info.problem(expectedFieldCount: header.count, firstLine: recordLine, fields: fields, in: bytes) {
            table.accounting.reject(line: recordLine, reason: problem.reason, detail: problem.message)
            if info.physicalLines > 1 { multiLine = (multiLine.records + 1, multiLine.lines + info.physicalLines) }
            continue
          }
          let codeField = fields[priorityColumn]
          guard let (level, codeBytes) = profile.level(UnsafeBufferPointer(rebasing: bytes[codeField.start..<codeField.end])) else {
            let known =
              profile.priorities.map { "the profile maps \($0.keys.sorted().joined(separator: ", "))" } ?? "CPD codes are 1A–1C, 2A–2D, 3A–3D"
            table.accounting.reject(line: recordLine, reason: "unknown priority code (\(known))", detail: "'\(scanner.string(codeField).prefix(40))'")
            continue
          }
          var parsed: [ParsedTimestamp?] = []
          var badStamp: (reason: String, value: String)?
          for (stage, index) in zip(CallStage.allCases, stageColumns) {
            guard let index, !isMissing(fields[index]) else {
              parsed.append(nil)
              continue
            }
            let field = fields[index]
            let stamp = profile.timestamp(UnsafeBufferPointer(rebasing: bytes[field.start..<field.end]))
            if stamp == nil, badStamp == nil {
              badStamp = ("unreadable or impossible \(profile.stages[stage.rawValue] ?? stage.column)", "'\(scanner.string(field).prefix(40))'")
            }
            parsed.append(stamp)
          }
          if let badStamp {
            table.accounting.reject(line: recordLine, reason: badStamp.reason, detail: badStamp.value)
            continue
          }
          guard parsed[CallStage.received.rawValue] != nil else {
            table.accounting.reject(line: recordLine, reason: "no \(profile.stages[CallStage.received.rawValue]!)")
            continue
          }
          var lon = Double.nan
          var lat = Double.nan
          var problem: (RejectReason, String)? = (.missingCoordinate, "no location columns")
          if let validator {
            if let pointColumn {
              (lon, lat, problem) =
                isMissing(fields[pointColumn])
                ? (
                  .nan, .nan,
                  (
                    .missingCoordinate,
                    "missing \(scanner.string(fields[pointColumn]).isEmpty ? "location" : "location '\(scanner.string(fields[pointColumn]))'")"
                  )
                )
                : Self.point(scanner.string(fields[pointColumn]), validator: validator)
            } else if isMissing(fields[xColumn]) || isMissing(fields[yColumn]) {
              problem = (.missingCoordinate, "missing \(validator.xName) or \(validator.yName)")
            } else {
              (lon, lat, problem) = validator.check(scanner, fields[xColumn], fields[yColumn])
            }
          }
          var beat: String?
          if problem != nil {
            guard let beatColumn, !isMissing(fields[beatColumn]) else {
              table.accounting.reject(line: recordLine, reason: "\(problem!.0.rawValue), and no beat", detail: problem!.1)
              continue
            }
            let named = Layer<WGS84LonLat>.canonicalID(scanner.string(fields[beatColumn]).trimmingCharacters(in: .whitespaces))
            if let unknown = beats(named) {
              table.accounting.reject(
                line: recordLine, reason: "\(problem!.0.rawValue), and the beat is unknown", detail: "\(problem!.1); \(unknown)")
              continue
            }
            beat = named
          }
          if let eventColumn, !isMissing(fields[eventColumn]) {
            let id = scanner.string(fields[eventColumn])
            if let first = firstLineOfEvent[id] {
              table.accounting.reject(
                line: recordLine, reason: "duplicate event_id (the first row is kept)", detail: "'\(id.prefix(40))', first on line \(first)")
              continue
            }
            firstLineOfEvent[id] = Int32(clamping: recordLine)
          }
          table.accounting.count(beat != nil ? "located by beat only: \(problem!.0.rawValue)" : "read (located)")
          let instants = zone.placeSequence(parsed)
          table.priority.append(UInt8(level))
          if codes[codeBytes] == nil { codes[codeBytes] = String(decoding: codeBytes, as: UTF8.self) }
          table.priorityCode.append(codes[codeBytes]!)
          for stage in CallStage.allCases { table.stamps[stage.rawValue].append(instants[stage.rawValue] ?? .nan) }
          table.longitude.append(lon)
          table.latitude.append(lat)
          table.beat.append(beat)
          if let typeColumn {
            var type: [UInt8] = []
            if !isMissing(fields[typeColumn]) {
              let field = fields[typeColumn]
              // A quoted field may hold doubled quotes: read it through the scanner.
              let raw = field.quoted ? Array(scanner.string(field).utf8) : Array(bytes[field.start..<field.end])
              var s = 0
              var e = raw.count
              while s < e, raw[s] == 0x20 || raw[s] == 0x09 { s += 1 }
              while e > s, raw[e - 1] == 0x20 || raw[e - 1] == 0x09 { e -= 1 }
              type = raw[s..<e].map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0 }
            }
            if let index = typeIndex[type] {
              table.callType.append(index)
            } else {
              let index = Int32(table.callTypes.count)
              typeIndex[type] = index
              table.callTypes.append(String(decoding: type, as: UTF8.self))
              table.callType.append(index)
            }
          }
        }
        line += consumed + scanner.blankLines
      }
    }
    guard header != nil else { throw FileIOError(path: path, reason: "empty file (no header row)") }
    if multiLine.records > 0 {
      table.accounting.note(
        "\(multiLine.records) rejected record(s) spanned \(multiLine.lines) physical lines in all (quotes that ran over line ends)")
    }
    if case .projected(_, _, let crs) = profile.location {
      let operation = try CoordinateOperation(from: crs, to: .wgs84)
      try operation.transform(xs: &table.longitude, ys: &table.latitude)
      table.accounting.note("coordinates reprojected from \(crs) to WGS 84 with PROJ")
    }
    return table
  }

  /// Longitude and latitude from a `(lat, lon)` text, checked as the join checks coordinates.
  static func point(_ text: String, validator: CoordinateValidator) -> (Double, Double, (RejectReason, String)?) {
    guard let point = LatLonPoint.parse(text) else {
      return (.nan, .nan, (.notANumber, "location '\(text.prefix(40))' is not '(latitude, longitude)'"))
    }
    return validator.check(point.longitude, point.latitude)
  }

}

extension CallTable {
  /// Normalised priority (1…3) and the CPD code as given, trimmed and upper-cased: `1A`–`1C`,
  /// `2A`–`2D`, `3A`–`3D`, or the bare level `1`, `2`, `3`. Nil for anything else.
  static func priority(_ raw: UnsafeBufferPointer<UInt8>) -> (Int, [UInt8])? {
    var s = 0
    var e = raw.count
    while s < e, raw[s] == 0x20 || raw[s] == 0x09 { s += 1 }
    while e > s, raw[e - 1] == 0x20 || raw[e - 1] == 0x09 { e -= 1 }
    guard e - s == 1 || e - s == 2 else { return nil }
    let level = Int(raw[s]) - 0x30
    guard (1...3).contains(level) else { return nil }
    guard e - s == 2 else { return (level, [raw[s]]) }
    let letter = raw[s + 1] & 0xDF  // upper case
    guard letter >= 0x41, letter <= (level == 1 ? 0x43 : 0x44) else { return nil }
    return (level, [raw[s], letter])
  }
}

/// An interval problem as an error value, for `Result`.
public struct IntervalProblemError: Error, Hashable, Sendable {
  public var problem: IntervalProblem
}
