import AtlasIO
import AtlasStatistics
import AtlasStore
import Foundation

/// The change of one metric of one area between a baseline atlas and a later one.
public struct ChangeRow: Hashable, Sendable {
  /// How the interval of a change is obtained.
  public enum Kind: String, Sendable, CaseIterable {
    /// A 911 response quantile: MOVER over the two order-statistic intervals.
    case quantile
    /// A share of calls (timestamp completeness, share over the dispatch goal): Newcombe.
    case share
    /// Calls per 1,000 residents per 365 days: Poisson (Wald) difference of rates.
    case rate
    /// A coverage share measured from polygons (no sampling): the change itself, no interval.
    case measured
  }

  /// `higher`/`lower`: the 95% interval of the change excludes 0; `not flagged`: it includes 0;
  /// `no interval`: none could be computed (the reason is in `method`); `withheld`: a side
  /// rests on fewer than 11 calls (small-cell rule).
  public enum Flag: String, Sendable {
    case higher, lower
    case notFlagged = "not flagged"
    case noInterval = "no interval"
    case withheld
  }

  public var layer: String
  public var areaID: String
  public var areaName: String
  public var family: String
  public var metric: String
  public var stratum: String
  public var kind: Kind
  public var before: Double
  public var after: Double
  /// after − before, in the metric's unit (seconds, share, calls per 1,000 residents a year).
  public var change: Double { after - before }
  public var ciLow: Double?
  public var ciHigh: Double?
  public var nBefore: Int
  public var nAfter: Int
  /// How the interval was computed, or why there is none.
  public var method: String
  public var flag: Flag
}

/// Two atlases of the same layers compared area by area: what changed since the baseline.
///
/// Intervals (all 95%, all from `ChangeInterval`, the two atlases taken as independent samples):
/// - 911 response quantiles (`…_p50_seconds`, `…_p90_seconds`): each atlas's order-statistic
///   interval from its `quantile_intervals` table (Conover), combined by MOVER (Zou & Donner
///   2008). An atlas without the table (written before it existed) gives no interval;
/// - shares of calls (`completeness_*`, `call_to_dispatch_share_over_goal`; the `metrics` n is
///   the denominator): Newcombe's hybrid score interval (1998, method 10);
/// - calls per 1,000 residents, scaled to 365 days of each atlas's period: the Poisson Wald
///   interval of a rate difference (`Rates.compare`);
/// - camera and cellular coverage shares are measured from polygons, not sampled: their change
///   is given without an interval and never flagged.
///
/// A change is flagged when its interval excludes 0. For an area and metric that did not
/// change, that happens with probability at most about 5% (the intervals' nominal level; the
/// order-statistic intervals are conservative), so among k unchanged area-metrics up to about
/// k/20 are flagged by chance; the reports say so.
public struct AtlasChange: Sendable {
  public var before: ReportModel
  public var after: ReportModel
  /// The layers both atlases have, in natural order.
  public var layers: [String]
  public var rows: [ChangeRow]
  /// What the console and the reports should say (a different tool version, census, …).
  public var notices: [String]

  /// Manifest parameters that may differ between the two atlases: the period they cover.
  public static let periodParameters: Set<String> = ["period_start", "period_end_exclusive", "period_source"]

  /// Reads both atlases (each with the checks of `ReportModel.load`, its manifest included),
  /// refuses a pair that cannot be compared, and computes every change.
  /// - Throws: `ReportError` naming the file(s) and each parameter, layer or boundary file
  ///   that differs.
  public static func load(before beforePath: String, after afterPath: String) throws -> AtlasChange {
    if let a = try? FileManager.default.attributesOfItem(atPath: beforePath), let b = try? FileManager.default.attributesOfItem(atPath: afterPath),
      a[.systemNumber] as? Int == b[.systemNumber] as? Int, a[.systemFileNumber] as? Int == b[.systemFileNumber] as? Int
    {
      throw ReportError(path: afterPath, message: "is the same file as \(beforePath): give the baseline atlas and a later one")
    }
    let before = try ReportModel.load(atlas: beforePath)
    let after = try ReportModel.load(atlas: afterPath)
    for model in [before, after] where model.manifestStatus != .read {
      throw ReportError(
        path: model.atlasPath,
        message: "has no readable manifest.json beside it, so its parameters and boundary files cannot be "
          + "checked against the other atlas; restore the manifest analyze wrote with it or rerun analyze")
    }
    let problems = incompatibilities(before: Facts(before), after: Facts(after))
    if !problems.isEmpty {
      throw ReportError(
        path: afterPath,
        message: "cannot be compared with \(beforePath):\n  " + problems.joined(separator: "\n  ")
          + "\nrerun analyze on one of them with the other's boundaries and parameters")
    }
    var change = AtlasChange(before: before, after: after, layers: [], rows: [], notices: before.notices + after.notices)
    change.layers = Set(before.layers.keys).intersection(after.layers.keys).sorted(by: naturalOrder)
    change.notices += notes(before: before, after: after)
    let intervals = (try readQuantileIntervals(beforePath), try readQuantileIntervals(afterPath))
    for (path, table) in [(beforePath, intervals.0), (afterPath, intervals.1)] where table == nil {
      change.notices.append(
        "\(path) has no \(quantileTable) table (written by an older analyze): changes of 911 quantiles get no interval; rerun analyze")
    }
    for layer in change.layers {
      change.rows += try change.compute(layer, intervals: (intervals.0 ?? [:], intervals.1 ?? [:]), have: (intervals.0 != nil, intervals.1 != nil))
    }
    return change
  }

  /// What must agree between two atlases to compare them.
  public struct Facts: Sendable {
    public var path: String
    public var layers: [String]
    /// Per layer, the sha256 of the boundary file the run read (from its manifest).
    public var boundaryDigests: [String: String]
    public var parameters: [String: String]

    public init(path: String, layers: [String], boundaryDigests: [String: String], parameters: [String: String]) {
      self.path = path
      self.layers = layers
      self.boundaryDigests = boundaryDigests
      self.parameters = parameters
    }

    init(_ model: ReportModel) {
      var digests: [String: String] = [:]
      for source in model.boundaries {
        if let input = model.inputs.first(where: { BoundarySourcePath.matches($0.path, layer: source.layer) }) {
          digests[source.layer] = input.sha256
        }
      }
      self.init(
        path: model.atlasPath, layers: model.layers.keys.sorted(by: naturalOrder), boundaryDigests: digests,
        parameters: Dictionary(uniqueKeysWithValues: model.parameters.map { ($0.key, $0.value) }))
    }
  }

  /// Every reason the two atlases cannot be compared, one sentence each (empty: they can).
  /// Layers must be the same; each layer's boundary file must have the same sha256 (the same
  /// vintage and copy); every manifest parameter but the period must be equal.
  public static func incompatibilities(before: Facts, after: Facts) -> [String] {
    var problems: [String] = []
    let onlyBefore = before.layers.filter { !after.layers.contains($0) }
    let onlyAfter = after.layers.filter { !before.layers.contains($0) }
    if !onlyBefore.isEmpty || !onlyAfter.isEmpty {
      problems.append(
        "different layers: "
          + [
            onlyBefore.isEmpty ? nil : "\(onlyBefore.joined(separator: ", ")) only in \(before.path)",
            onlyAfter.isEmpty ? nil : "\(onlyAfter.joined(separator: ", ")) only in \(after.path)",
          ].compactMap { $0 }.joined(separator: "; "))
    }
    for layer in before.layers where after.layers.contains(layer) {
      switch (before.boundaryDigests[layer], after.boundaryDigests[layer]) {
      case (let b?, let a?) where a != b:
        problems.append(
          "boundary vintage: the \(layer) boundary file differs (sha256 \(b.prefix(12))… in \(before.path), \(a.prefix(12))… in \(after.path))")
      case (nil, _?), (_?, nil):
        problems.append("boundary vintage: only one atlas's manifest lists the \(layer) boundary file, so they cannot be checked to be the same")
      default: break
      }
    }
    for key in Set(before.parameters.keys).union(after.parameters.keys).sorted() where !periodParameters.contains(key) {
      let b = before.parameters[key]
      let a = after.parameters[key]
      guard a != b else { continue }
      problems.append(
        "parameter \(key): \(b.map { "'\($0)'" } ?? "(absent)") in \(before.path), \(a.map { "'\($0)'" } ?? "(absent)") in \(after.path)")
    }
    return problems
  }

  /// Differences that do not prevent the comparison but must be said.
  static func notes(before: ReportModel, after: ReportModel) -> [String] {
    var notes: [String] = []
    if before.toolVersion != after.toolVersion {
      notes.append("the atlases come from different tool versions (\(before.toolVersion) and \(after.toolVersion))")
    }
    if before.projection != after.projection {
      notes.append(
        "the PROJ operations differ (\(before.projection ?? "unknown") and \(after.projection ?? "unknown")); positions may differ by metres")
    }
    func period(_ m: ReportModel) -> String? {
      let start = m.runInfo.first { $0.key == "period_start" }?.value
      let end = m.runInfo.first { $0.key == "period_end_exclusive" }?.value
      return start.flatMap { s in end.map { "\(s)/\($0)" } }
    }
    if let b = period(before), b == period(after) {
      notes.append("both atlases cover the same period (\(b)): the changes are between two extracts, not over time")
    }
    let census = { (m: ReportModel) in m.inputs.first { $0.path.contains("/census/") && $0.path.hasSuffix(".csv") }?.sha256 }
    if census(before) != census(after) { notes.append("the census files differ: changes of calls per 1,000 residents mix a change of population") }
    return notes
  }

  static let quantileTable = "quantile_intervals"

  struct IntervalKey: Hashable { var layer, area, metric, stratum: String }

  /// The `quantile_intervals` table, or nil when the atlas has none.
  static func readQuantileIntervals(_ path: String) throws -> [IntervalKey: ConfidenceInterval]? {
    do {
      let reader = try GeoPackageReader(path: path)
      guard try reader.contents().contains(where: { $0.table == quantileTable }) else { return nil }
      var out: [IntervalKey: ConfidenceInterval] = [:]
      for row in try reader.rows(of: quantileTable) {
        guard let layer = row["layer"]?.textValue, let area = row["area_id"]?.textValue, let metric = row["metric"]?.textValue,
          let stratum = row["stratum"]?.textValue, let low = row["ci_low"]?.doubleValue, let high = row["ci_high"]?.doubleValue,
          low.isFinite, high.isFinite, low <= high
        else { continue }
        out[IntervalKey(layer: layer, area: area, metric: metric, stratum: stratum)] = ConfidenceInterval(lower: low, upper: high, level: 0.95)
      }
      return out
    } catch let error as StoreError { throw ReportError(path: path, message: error.message) }
  }

  /// The days of an atlas's period (`run_info.period_days`).
  func days(_ model: ReportModel) -> Double? {
    model.runInfo.first { $0.key == "period_days" }.flatMap { Double($0.value) }.flatMap { $0 > 0 ? $0 : nil }
  }

  /// Every change of one layer, areas in natural order, metrics in the baseline's stored order.
  func compute(
    _ layer: String, intervals: ([IntervalKey: ConfidenceInterval], [IntervalKey: ConfidenceInterval]), have: (Bool, Bool)
  ) throws -> [ChangeRow] {
    var rows: [ChangeRow] = []
    let columns = (before.metricColumns[layer] ?? []).filter { Self.kind(of: $0) != nil }
    let afterAreas = Set(after.areas(layer).map(\.id))
    let days = (self.days(before), self.days(after))
    for area in before.areas(layer) where afterAreas.contains(area.id) {
      for column in columns {
        guard let kind = Self.kind(of: column),
          let b = before.value(layer, area.id, column.id),
          let a = after.value(layer, area.id, column.id), a.value.isFinite, b.value.isFinite
        else { continue }
        var row = ChangeRow(
          layer: layer, areaID: area.id, areaName: area.name, family: column.family, metric: column.metric, stratum: column.stratum,
          kind: kind, before: b.value, after: a.value, ciLow: nil, ciHigh: nil, nBefore: b.n, nAfter: a.n, method: "", flag: .noInterval)
        switch kind {
        case .quantile:
          let key = IntervalKey(layer: layer, area: area.id, metric: column.metric, stratum: column.stratum)
          if let ib = intervals.0[key], let ia = intervals.1[key], ib.contains(b.value), ia.contains(a.value) {
            let ci = try ChangeInterval.mover(before: b.value, ib, after: a.value, ia)
            (row.ciLow, row.ciHigh) = (ci.lower, ci.upper)
            row.method = "MOVER over the order-statistic 95% intervals (Conover; Zou & Donner 2008)"
          } else {
            row.method =
              !(have.0 && have.1) ? "no interval: an atlas lacks the quantile_intervals table" : "no interval: fewer than 20 values in an atlas"
          }
        case .share:
          guard b.n > 0, a.n > 0, (0...1).contains(b.value), (0...1).contains(a.value) else {
            row.method = "no interval: no calls behind the share"
            break
          }
          let ci = try ChangeInterval.newcombe(
            before: ((b.value * Double(b.n)).rounded(), Double(b.n)), after: ((a.value * Double(a.n)).rounded(), Double(a.n)))
          (row.ciLow, row.ciHigh) = (ci.lower, ci.upper)
          row.method = "Newcombe hybrid score (Wilson intervals, MOVER)"
        case .rate:
          let residents = (
            before.value(layer, area.id, .population(.population))?.value, after.value(layer, area.id, .population(.population))?.value
          )
          guard let pb = residents.0, let pa = residents.1, pb > 0, pa > 0, let db = days.0, let da = days.1 else {
            row.method = "no interval: no residents or no analysis period"
            break
          }
          // Calls per 1,000 residents per 365 days; exposure in 1,000 resident-years.
          let exposure = (pb / 1_000 * db / 365, pa / 1_000 * da / 365)
          let rates = try Rates.compare(areaEvents: a.value, areaExposure: exposure.1, restEvents: b.value, restExposure: exposure.0)
          (row.before, row.after) = (rates.restRate, rates.areaRate)
          (row.ciLow, row.ciHigh) = (rates.differenceInterval.lower, rates.differenceInterval.upper)
          row.metric = "calls_per_1000_residents_per_year"
          row.method = "Poisson rate difference (Wald)"
        case .measured:
          row.method = "measured from polygons, no sampling: no interval"
        }
        if kind != .measured && (before.withholds(b.n) || after.withholds(a.n)) {
          row.flag = .withheld
        } else if let low = row.ciLow, let high = row.ciHigh {
          row.flag = low > 0 ? .higher : high < 0 ? .lower : .notFlagged
        }
        rows.append(row)
      }
    }
    return rows
  }

  /// The kind of change a metric gets, or nil when it is not compared (counts of problems,
  /// population, areas, distances).
  static func kind(of column: ReportModel.MetricColumn) -> ChangeRow.Kind? {
    switch column.family {
    case "calls":
      if column.metric == "calls" { return .rate }
      if column.metric.hasSuffix("_p50_seconds") || column.metric.hasSuffix("_p90_seconds") { return .quantile }
      if column.metric.hasPrefix("completeness_") || column.metric == "call_to_dispatch_share_over_goal" { return .share }
      return nil
    case "cameras": return column.metric == "coverage_share" ? .measured : nil
    case "cellular": return column.metric == "covered_share" ? .measured : nil
    default: return nil
    }
  }

  /// True when either atlas is synthetic: every output then says so.
  public var isSynthetic: Bool { before.isSynthetic || after.isSynthetic }
}

/// Whether a manifest input path is a layer's boundary file (its registry path).
enum BoundarySourcePath {
  static func matches(_ path: String, layer: String) -> Bool {
    guard let spec = registry?.layers.first(where: { $0.id == layer }) else { return false }
    return path.hasSuffix("/" + spec.path) || path == spec.path
  }

  static let registry = try? BoundaryManifest.bundled()
}
