import AtlasGeometry
import AtlasIO
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

  public var label: String {
    switch self {
    case .received: return "received"
    case .dispatched: return "dispatched"
    case .enRoute: return "en_route"
    case .onScene: return "on_scene"
    case .cleared: return "cleared"
    }
  }
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

  public var label: String {
    switch self {
    case .callToDispatch: return "call_to_dispatch"
    case .dispatchToOnScene: return "dispatch_to_on_scene"
    case .callToOnScene: return "call_to_on_scene"
    }
  }
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
  /// Whether the file says it is synthetic (`data_origin` = `synthetic`).
  public var isSynthetic = false
  public var accounting: InputAccounting

  public var count: Int { priority.count }

  /// Longest interval accepted as real (longer ones are data-entry errors).
  public static let absurdSeconds = 86_400.0

  /// The interval's value in seconds, or why there is none.
  public func interval(_ interval: CallInterval, call i: Int) -> Result<Double, IntervalProblemError> {
    let from = stamps[interval.stages.from.rawValue][i], to = stamps[interval.stages.to.rawValue][i]
    guard from.isFinite, to.isFinite else { return .failure(IntervalProblemError(problem: .missing)) }
    let seconds = to - from
    if seconds < 0 { return .failure(IntervalProblemError(problem: .negative)) }
    if seconds > Self.absurdSeconds { return .failure(IntervalProblemError(problem: .absurd)) }
    return .success(seconds)
  }

  /// Reads a CAD extract. Rows with an unknown priority code, an unreadable timestamp or no
  /// received time are rejected with their line; a row with neither a usable location nor a beat
  /// is rejected too. Blank stage columns are kept as "not recorded".
  ///
  /// - Throws: `FileIOError` if the file cannot be read or lacks a required column.
  public static func read(path: String, zone: LocalTimeZone) throws -> CallTable {
    let csv = try CSVTable(contentsOf: path)
    var table = CallTable(accounting: InputAccounting(file: path))
    func column(_ name: String, required: Bool = true) throws -> Int? {
      if let index = csv.column(name) { return index }
      if required { throw FileIOError(path: path, reason: "no column '\(name)'; the header has: \(csv.header.joined(separator: ", "))") }
      return nil
    }
    let priorityColumn = try column(ServiceInputs.Calls.priority)!
    let stageColumns = try CallStage.allCases.map { try column($0.column, required: $0 == .received) }
    let lonColumn = try column(ServiceInputs.Calls.longitude, required: false)
    let latColumn = try column(ServiceInputs.Calls.latitude, required: false)
    let beatColumn = try column(ServiceInputs.Calls.beat, required: false)
    let originColumn = try column(ServiceInputs.originField, required: false)
    table.isSynthetic = originColumn.map { index in csv.rows.contains { $0.fields.count > index && $0.fields[index] == ServiceInputs.syntheticOrigin } } ?? false

    for row in csv.rows {
      func field(_ index: Int?) -> String {
        guard let index, index < row.fields.count else { return "" }
        return row.fields[index].trimmingCharacters(in: .whitespaces)
      }
      guard row.fields.count == csv.header.count else {
        table.accounting.reject(line: row.line, reason: "row has \(row.fields.count) fields, header has \(csv.header.count)")
        continue
      }
      let code = field(priorityColumn)
      guard let first = code.first, let level = first.wholeNumberValue, (1...3).contains(level) else {
        table.accounting.reject(line: row.line, reason: "unknown priority code '\(code)'")
        continue
      }
      var parsed: [ParsedTimestamp?] = []
      var badStamp: String?
      for (stage, index) in zip(CallStage.allCases, stageColumns) {
        let text = field(index)
        if text.isEmpty {
          parsed.append(nil)
          continue
        }
        let stamp = Array(text.utf8).withUnsafeBufferPointer { ParsedTimestamp($0) }
        if stamp == nil { badStamp = "unreadable \(stage.column) '\(text.prefix(40))'" }
        parsed.append(stamp)
      }
      if let badStamp {
        table.accounting.reject(line: row.line, reason: badStamp)
        continue
      }
      guard parsed[CallStage.received.rawValue] != nil else {
        table.accounting.reject(line: row.line, reason: "no \(ServiceInputs.Calls.received)")
        continue
      }
      let lon = Double(field(lonColumn)), lat = Double(field(latColumn))
      let beat = field(beatColumn)
      let hasLocation = lon.map { $0.isFinite } == true && lat.map { $0.isFinite } == true && !(lon == 0 && lat == 0)
      guard hasLocation || !beat.isEmpty else {
        table.accounting.reject(line: row.line, reason: "no usable location and no beat")
        continue
      }
      let instants = zone.placeSequence(parsed)
      table.priority.append(UInt8(level))
      table.priorityCode.append(code)
      for stage in CallStage.allCases { table.stamps[stage.rawValue].append(instants[stage.rawValue] ?? .nan) }
      table.longitude.append(hasLocation ? lon! : .nan)
      table.latitude.append(hasLocation ? lat! : .nan)
      table.beat.append(beat.isEmpty ? nil : Layer<WGS84LonLat>.canonicalID(beat))
      table.accounting.count(hasLocation ? "read (located)" : "read (beat only)")
    }
    return table
  }
}

/// An interval problem as an error value, for `Result`.
public struct IntervalProblemError: Error, Hashable, Sendable {
  public var problem: IntervalProblem
}
