import AtlasGeometry
import AtlasStore
import Foundation

/// One layer of the atlas as flat files for dashboards: `<table>.csv` and `<table>.geojson`
/// (table = layer id with `_` for `-`), one row / feature per area with every metric.
///
/// Columns, in order:
/// - `area_id`, `name`, `majority_group` (largest 2020 census group), `data_origin`
///   (`synthetic` or `real`);
/// - every metric of the layer, named as in the GeoPackage's layer table:
///   `<family>_<stratum>_<metric>`, or `<family>_<metric>` for stratum `all`, with every
///   character other than a letter or digit written `_` (e.g. `calls_P1_call_to_dispatch_p90_seconds`,
///   `cellular_any___5G_NR_7_1___in_vehicle_covered_share`);
/// - every comparison with the rest of the city: `<family>_<stratum>_<metric>_<statistic>`
///   (e.g. `calls_P1_call_to_dispatch_ratio_p50`) and, where the statistic has an interval,
///   `…_ci_low` and `…_ci_high`;
/// - on layers with spatial clusters (beats, wards), every local indicator of `local_clusters`:
///   `<family>_<stratum>_<metric>_<statistic>_cluster` (the cluster label, e.g. `high-high`,
///   `not significant`) and `…_q_value` (Benjamini–Hochberg), with statistic `local_moran` or
///   `gi_star`; empty where the area has no row (a figure from fewer than 11 calls);
/// - `withheld_cells`: how many of the row's figures were left empty under the small-cell rule;
/// - `not_finite_cells`: how many were left empty because the atlas holds a value that is not
///   a finite number (NaN, ±infinity; `report` also says so on the console).
///
/// Empty cells (CSV) and nulls (GeoJSON) mean "no figure", "withheld" or "not finite";
/// `withheld_cells` and `not_finite_cells` tell them apart. Numbers are written in their shortest round-tripping form, so the same
/// atlas gives the same bytes.
public struct LayerExport {
  public enum Value: Hashable, Sendable {
    case text(String)
    case number(Double)
    case empty
  }

  public let model: ReportModel
  public let layer: String
  public private(set) var columns: [String] = []
  public private(set) var rows: [[Value]] = []
  /// Per row, the indices of the columns left empty under the small-cell rule (shown as
  /// "<11" where a reader sees the figure, e.g. the web atlas).
  public private(set) var withheldColumns: [Set<Int>] = []

  public init(model: ReportModel, layer: String) {
    self.model = model
    self.layer = layer
    let metrics = model.metricColumns[layer] ?? []
    let comparisons = model.comparisonColumns[layer] ?? []
    let withIntervals = Set(
      comparisons.filter { c in
        model.areas(layer).contains { model.comparison(layer, $0.id, c.family, c.metric, c.stratum, c.statistic)?.ciLow != nil }
      })
    columns = ["area_id", "name", "majority_group", "data_origin"] + metrics.map { Self.columnName($0.family, $0.metric, $0.stratum) }
    for c in comparisons {
      let base = AtlasSchema.comparisonColumnName(family: c.family, metric: c.metric, stratum: c.stratum, statistic: c.statistic)
      columns.append(base)
      if withIntervals.contains(c) { columns += [base + "_ci_low", base + "_ci_high"] }
    }
    let clusters = model.localClusterColumns(layer)
    for c in clusters {
      let base = AtlasSchema.comparisonColumnName(family: c.family, metric: c.metric, stratum: c.stratum, statistic: c.statistic)
      columns += [base + "_cluster", base + "_q_value"]
    }
    columns += ["withheld_cells", "not_finite_cells"]
    for area in model.areas(layer) {
      var withheld = 0
      var notFinite = 0
      var withheldHere: Set<Int> = []
      /// A stored number, or empty (counted) when it is not finite.
      func number(_ x: Double) -> Value {
        guard x.isFinite else {
          notFinite += 1
          return .empty
        }
        return .number(x)
      }
      var row: [Value] = [
        .text(area.id), .text(area.name), area.majorityGroup.map(Value.text) ?? .empty, .text(model.isSynthetic ? "synthetic" : "real"),
      ]
      let population = model.value(layer, area.id, .population(.population))?.value
      for m in metrics {
        guard let figure = model.value(layer, area.id, m.id) else {
          row.append(.empty)
          continue
        }
        if Self.withholds(figure, m, population: population, model) {
          withheld += 1
          withheldHere.insert(row.count)
          row.append(.empty)
        } else {
          row.append(number(figure.value))
        }
      }
      for c in comparisons {
        let comparison = model.comparison(layer, area.id, c.family, c.metric, c.stratum, c.statistic)
        let calls = c.family == AtlasFamily.calls.rawValue ? model.value(layer, area.id, .calls(.calls, c.stratum))?.n : nil
        let hidden = comparison != nil && ((comparison?.n).map { model.withholds($0) } ?? false || calls.map { model.withholds($0) } ?? false)
        if hidden {
          withheld += 1
          withheldHere.formUnion(row.count..<(row.count + (withIntervals.contains(c) ? 3 : 1)))
        }
        row.append(hidden ? .empty : comparison.map { number($0.value) } ?? .empty)
        if withIntervals.contains(c) {
          row.append(hidden ? .empty : comparison?.ciLow.map(number) ?? .empty)
          row.append(hidden ? .empty : comparison?.ciHigh.map(number) ?? .empty)
        }
      }
      for c in clusters {
        let record = model.localCluster(layer, area.id, c.family, c.metric, c.stratum, statistic: c.statistic)
        row.append(record.map { .text($0.cluster) } ?? .empty)
        row.append(record.map { number($0.qValue) } ?? .empty)
      }
      row += [.number(Double(withheld)), .number(Double(notFinite))]
      rows.append(row)
      withheldColumns.append(withheldHere)
    }
  }

  /// The GeoPackage's column name of a metric (`AtlasSchema.columnName`).
  public static func columnName(_ family: String, _ metric: String, _ stratum: String) -> String {
    AtlasSchema.columnName(family: family, metric: metric, stratum: stratum)
  }

  /// The small-cell rule on one exported figure: 911 figures resting on 1–10 calls (and counts
  /// of 1–10 calls), and group shares that stand for 1–10 residents.
  static func withholds(_ figure: ReportModel.MetricValue, _ column: ReportModel.MetricColumn, population: Double?, _ model: ReportModel) -> Bool {
    switch column.family {
    case "calls":
      let isCount = column.metric == CallMetric.calls.name || ["_n", "_missing", "_negative", "_absurd"].contains { column.metric.hasSuffix($0) }
      return model.withholds(figure.n) || (isCount && model.withholds(count: figure.value))
    case "population" where column.metric == "share":
      return population.map { model.withholds(count: $0 * figure.value) } ?? false
    default:
      return false
    }
  }

  /// RFC 4180 CSV with a header row, LF line ends.
  public func csv() -> [UInt8] { Self.csv(columns: columns, rows: rows) }

  /// RFC 4180 CSV of a header and rows, LF line ends; a field is quoted only when it must be.
  static func csv(columns: [String], rows: [[Value]]) -> [UInt8] {
    var out = [UInt8]()
    func field(_ s: String) -> String {
      s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
    out += Array(columns.map(field).joined(separator: ",").utf8) + [0x0A]
    for row in rows {
      let text = row.map { value -> String in
        switch value {
        case .text(let s): return field(s)
        case .number(let x): return Self.number(x)
        case .empty: return ""
        }
      }
      out += Array(text.joined(separator: ",").utf8) + [0x0A]
    }
    return out
  }

  /// A GeoJSON FeatureCollection (RFC 7946), properties as in the CSV (numbers as numbers,
  /// empty as null), coordinates to 7 decimals; a top-level `data_origin` member.
  public func geoJSON() -> [UInt8] {
    let areas = model.areas(layer)
    let geometry = GeoJSON.featureCollection(
      areas.map { Feature<WGS84LonLat>(properties: [:], polygons: $0.polygons) },
      members: [("name", .string(AtlasSchema.tableName(layer: layer))), ("data_origin", .string(model.isSynthetic ? "synthetic" : "real"))])
    guard case .object(var members) = geometry, let index = members.firstIndex(where: { $0.0 == "features" }),
      case .array(let features) = members[index].1
    else { return geometry.serialized() }
    let withProperties: [JSONValue] = zip(features, rows).map { feature, row in
      guard case .object(let parts) = feature else { return feature }
      let properties = JSONValue.object(
        zip(columns, row).map { name, value in
          switch value {
          case .text(let s): return (name, .string(s))
          case .number(let x): return (name, x.isFinite ? .number(x) : .null)
          case .empty: return (name, .null)
          }
        })
      return .object(parts.map { $0.0 == "properties" ? ($0.0, properties) : $0 })
    }
    members[index].1 = .array(withProperties)
    return JSONValue.object(members).serialized()
  }

  /// Writes `<table>.csv` and `<table>.geojson` into the directory (each atomically).
  public func write(to directory: URL) throws -> [String] {
    let base = directory.appendingPathComponent(AtlasSchema.tableName(layer: layer))
    let csvPath = base.appendingPathExtension("csv")
    let jsonPath = base.appendingPathExtension("geojson")
    try AtomicFile.write(csv(), to: csvPath.path)
    try AtomicFile.write(geoJSON(), to: jsonPath.path)
    return [csvPath.path, jsonPath.path]
  }

  /// Integral values below 10¹⁵ without a decimal point, others in the shortest form that
  /// reads back to the same Double.
  static func number(_ x: Double) -> String {
    guard x.isFinite else { return "" }
    if abs(x) < 1e15, let whole = Int(rounding: x), Double(whole) == x { return String(whole) }
    return x.description
  }
}
