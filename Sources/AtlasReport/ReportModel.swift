import AtlasGeometry
import AtlasIO
import AtlasStatistics
import AtlasStore
import Foundation

/// Everything the reports show, read from one `atlas.gpkg` (and the `manifest.json` beside
/// it): pure data, no drawing. The reports and exports are built from this value alone.
///
/// Tables read (see `AtlasWriter` in AtlasPipeline for the layout): one feature table per
/// layer (areas, names, polygons), `metrics` (long form), `comparisons` and `disparities` when
/// present, `exposure`, `input_accounting`, `population_balance`, `run_info`. A table that is absent
/// leaves its part of the model empty and the reports say so.
public struct ReportModel: Sendable {
  /// One area of a layer.
  public struct AreaRecord: Hashable, Sendable {
    public var id: String
    public var name: String
    public var majorityGroup: String?
    public var polygons: [Polygon<WGS84LonLat>]
  }

  /// A figure from `metrics`: its value and the observations behind it.
  public struct MetricValue: Hashable, Sendable {
    public var value: Double
    public var n: Int
  }

  /// The identity of a metric column: `<family>_<stratum>_<metric>` in the GeoPackage.
  public struct MetricColumn: Hashable, Sendable {
    public var family: String
    public var metric: String
    public var stratum: String

    public var id: MetricID { MetricID(family: family, metric: metric, stratum: stratum) }
  }

  /// A row of `comparisons`: one area against the rest of the city.
  public struct Comparison: Hashable, Sendable {
    public var value: Double
    public var ciLow: Double?
    public var ciHigh: Double?
    public var n: Int?
    /// What the ratio divides by: the rest of the city's quantile (reweighted for the adjusted
    /// ratios) or rate; nil for other statistics and in atlases without `rest_value`.
    public var restValue: Double? = nil

    /// Whether the interval lies wholly above (1) or below (−1) `reference`, else 0.
    public func side(of reference: Double) -> Int {
      guard let low = ciLow, let high = ciHigh else { return 0 }
      return low > reference ? 1 : high < reference ? -1 : 0
    }
  }

  /// A row of `disparities`: one inequality index over a layer's areas.
  /// A row of `input_accounting`.
  public struct AccountingRow: Hashable, Sendable {
    public var file: String
    public var outcome: String
    public var rows: Int
  }

  /// A row of `population_balance`.
  public struct PopulationBalance: Hashable, Sendable {
    public var layer: String
    public var sourceInside: Double
    public var layerTotal: Double
    public var splitTracts: Int
  }

  /// One input of the run as the manifest lists it.
  public struct InputFile: Hashable, Sendable {
    public var path: String
    public var sha256: String
  }

  /// A camera location (from the inventory named in the manifest).
  public struct CameraPoint: Hashable, Sendable {
    public var type: String
    public var position: Position<WGS84LonLat>
  }

  /// A boundary layer's official source and vintage (from the bundled boundary manifest).
  public struct BoundarySource: Hashable, Sendable {
    public var layer: String
    public var title: String
    public var dataset: String
    public var vintage: String
    /// Whether the file the run read is the verified copy (sha256 equal); nil when the
    /// manifest does not list it.
    public var verified: Bool?
  }

  public var atlasPath: String
  /// Areas of each layer (by layer id, e.g. `wards-2023`), in natural id order.
  public var layers: [String: [AreaRecord]]
  /// Per layer, the metric columns in the order the GeoPackage stores them.
  public var metricColumns: [String: [MetricColumn]]
  var metrics: [MetricKey: MetricValue]
  var comparisons: [ComparisonKey: Comparison]
  /// Per layer, the compared (family, metric, stratum, statistic) in stored order.
  public var comparisonColumns: [String: [ComparisonColumn]]
  public var disparities: [DisparityIndex]
  public var exposure: [GroupExposure]
  public var accounting: [AccountingRow]
  public var populationBalance: [PopulationBalance]
  /// `run_info` as stored, in row order.
  public var runInfo: [(key: String, value: String)]
  public var inputs: [InputFile]
  /// Manifest parameters, sorted by name.
  public var parameters: [(key: String, value: String)]
  public var projection: String?
  public var cameras: [CameraPoint]
  /// Where the camera locations came from, or why there are none.
  public var cameraSource: String
  public var boundaries: [BoundarySource]
  /// True when any input was synthetic: every page then says so.
  public var isSynthetic: Bool
  /// The seed of the synthetic generator (from `truth.json` beside the synthetic inputs).
  public var syntheticSeed: String?
  public var toolVersion: String
  /// What became of `manifest.json` beside the atlas (the PDFs say which).
  public var manifestStatus: ManifestStatus
  /// What the console should say once about the atlas (values that are not finite numbers,
  /// an unreadable manifest, an atlas that does not record its manifest's sha256, …).
  public var notices: [String]
  /// Per layer, why its reports cannot be made from this atlas (e.g. an area with figures but
  /// no polygon row).
  public var layerProblems: [String: String]
  /// The small-cell rule applied to everything published.
  public var suppression = SuppressionRule(minimumCount: 11)
  /// `local_clusters` and `spatial_autocorrelation` (`localCluster`, `globalMoran`).
  public var spatial = SpatialTables()

  /// Whether `manifest.json` was read.
  public enum ManifestStatus: Hashable, Sendable {
    case read
    case missing
    /// It exists but could not be read or decoded (the reason).
    case unreadable(String)
  }

  struct MetricKey: Hashable {
    var layer, area, family, metric, stratum: String
  }

  struct ComparisonKey: Hashable {
    var layer, area, family, metric, stratum, statistic: String
  }

  public struct ComparisonColumn: Hashable, Sendable {
    public var family, metric, stratum, statistic: String
  }

  /// The figure of one area, or nil when the atlas has none.
  public func value(_ layer: String, _ area: String, _ id: MetricID) -> MetricValue? {
    metrics[MetricKey(layer: layer, area: area, family: id.family, metric: id.metric, stratum: id.stratum)]
  }

  /// One area's comparison with the rest of the city, or nil.
  public func comparison(
    _ layer: String, _ area: String, _ family: String, _ metric: String, _ stratum: String, _ statistic: String
  ) -> Comparison? {
    comparisons[ComparisonKey(layer: layer, area: area, family: family, metric: metric, stratum: stratum, statistic: statistic)]
  }

  /// The comparison of a 911 interval (`call_to_dispatch`, …), stored under the interval's name.
  public func callComparison(
    _ layer: String, _ area: String, interval: CallIntervalName, stratum: String, statistic: ComparisonStatistic
  ) -> Comparison? {
    comparison(layer, area, AtlasFamily.calls.rawValue, interval.rawValue, stratum, statistic.rawValue)
  }

  /// Whether the atlas holds any area-versus-rest comparison for a layer.
  public func hasComparisons(_ layer: String) -> Bool { !(comparisonColumns[layer] ?? []).isEmpty }

  /// The areas of a layer (empty when the atlas lacks it).
  public func areas(_ layer: String) -> [AreaRecord] { layers[layer] ?? [] }
}

/// Failures reading an atlas for reporting.
public struct ReportError: Error, CustomStringConvertible {
  public var path: String
  public var message: String
  public var description: String { "\(path): \(message)" }

  public init(path: String, message: String) {
    self.path = path
    self.message = message
  }
}

extension ReportModel {
  /// Reads an atlas written by `equity-atlas analyze`.
  ///
  /// Also reads, when present: `manifest.json` in the same directory (inputs with sha256,
  /// parameters, PROJ operation); the camera inventory it lists (`cameras.csv`, used only when
  /// its sha256 still matches, for drawing camera locations); and `truth.json` beside
  /// synthetic inputs (the generator's seed).
  ///
  /// Checks, before anything is drawn:
  /// - the manifest belongs to the atlas: when `run_info` holds `manifest_sha256`, the
  ///   manifest's bytes must have that sha256 (a missing manifest is an error too); an atlas
  ///   without the key (older `analyze`) gives a notice. Facts both files hold (`tool_version`
  ///   against the manifest's `version`, any `run_info` key that is also a manifest parameter)
  ///   must agree;
  /// - every area with figures in `metrics` has its row in the layer's table and the other way
  ///   round (else the layer is listed in `layerProblems`);
  /// - values that are not finite numbers (NaN, ±infinity, or a count that is not a whole
  ///   number) are kept, shown as `n/a`, and counted once per table and layer in `notices`.
  ///
  /// - Throws: `ReportError` when the path is a directory, the file is not an atlas (no
  ///   `metrics` table), `metrics` is empty, or the manifest does not belong to the atlas;
  ///   `StoreError` from SQLite.
  public static func load(atlas path: String) throws -> ReportModel {
    // StoreError already says SQLite's failure as a sentence with what to do.
    do { return try read(atlas: path) } catch let error as StoreError { throw ReportError(path: path, message: error.message) }
  }

  private static func read(atlas path: String) throws -> ReportModel {
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
      throw ReportError(
        path: path,
        message: "is a directory, not an atlas; give the atlas.gpkg that analyze wrote into it "
          + "(e.g. --atlas \((path as NSString).appendingPathComponent("atlas.gpkg")))")
    }
    let reader = try GeoPackageReader(path: path)
    let contents = try reader.contents()
    let tables = Set(contents.map(\.table))
    guard tables.contains("metrics") else { throw ReportError(path: path, message: "no 'metrics' table: not an atlas written by analyze") }
    var unusable = UnusableValues()

    var metrics: [MetricKey: MetricValue] = [:]
    var columns: [String: [MetricColumn]] = [:]
    var seen: Set<MetricKey> = []
    var areasWithFigures: [String: Set<String>] = [:]
    let metricRows = try reader.rows(of: "metrics")
    guard !metricRows.isEmpty else {
      throw ReportError(path: path, message: "the metrics table is empty: the atlas holds no figures to report; rerun `equity-atlas analyze`")
    }
    for row in metricRows.sorted(by: { ($0["id"]?.doubleValue ?? 0) < ($1["id"]?.doubleValue ?? 0) }) {
      guard let layer = row["layer"]?.textValue, let area = row["area_id"]?.textValue, let family = row["family"]?.textValue,
        let metric = row["metric"]?.textValue, let stratum = row["stratum"]?.textValue
      else {
        unusable.count("metrics", nil, .unlabelled)
        continue
      }
      guard let stored = row["value"], stored != .null else {
        unusable.count("metrics", layer, .empty)
        continue
      }
      var value = stored.doubleValue ?? .nan
      if !value.isFinite { unusable.count("metrics", layer, .notFinite) }
      var n = 0
      if let count = row["n"]?.doubleValue {
        if let whole = Int(rounding: count), whole >= 0 {
          n = whole
        } else if value.isFinite {
          unusable.count("metrics", layer, .notFinite)
          value = .nan
        }
      }
      areasWithFigures[layer, default: []].insert(area)
      metrics[MetricKey(layer: layer, area: area, family: family, metric: metric, stratum: stratum)] = MetricValue(value: value, n: n)
      if seen.insert(MetricKey(layer: layer, area: "", family: family, metric: metric, stratum: stratum)).inserted {
        columns[layer, default: []].append(MetricColumn(family: family, metric: metric, stratum: stratum))
      }
    }

    var layers: [String: [AreaRecord]] = [:]
    var layerProblems: [String: String] = [:]
    for (layer, withFigures) in areasWithFigures {
      let table = AtlasSchema.tableName(layer: layer)
      guard tables.contains(table) else {
        layerProblems[layer] = "the atlas has figures for \(layer) in its metrics table but no \(table) table"
        continue
      }
      let geometries = try reader.geometries(of: table)
      var areas: [AreaRecord] = []
      for row in try reader.rows(of: table) {
        guard let id = row["area_id"]?.textValue, case .integer(let fid)? = row["fid"] else { continue }
        areas.append(
          AreaRecord(
            id: id, name: row["name"]?.textValue ?? id, majorityGroup: row["majority_group"]?.textValue, polygons: geometries[fid] ?? []))
      }
      layers[layer] = areas.sorted { naturalOrder($0.id, $1.id) }
      let inTable = Set(areas.map(\.id))
      let noRow = withFigures.subtracting(inTable).sorted(by: naturalOrder)
      let noFigures = inTable.subtracting(withFigures).sorted(by: naturalOrder)
      if !noRow.isEmpty {
        layerProblems[layer] = "\(areaList(noRow)) of \(layer) \(noRow.count == 1 ? "has" : "have") figures in metrics but no row in table \(table)"
      } else if !noFigures.isEmpty {
        layerProblems[layer] =
          "\(areaList(noFigures)) of \(layer) \(noFigures.count == 1 ? "is" : "are") in table \(table) but \(noFigures.count == 1 ? "has" : "have") no figures in metrics"
      }
    }

    for (table, kind) in contents where kind == "features" {
      let layer = table.replacingOccurrences(of: "_", with: "-")
      guard areasWithFigures[layer] == nil else { continue }
      layerProblems[layer] = "table \(table) has no figures in the metrics table (no rows with layer '\(layer)')"
    }

    var comparisons: [ComparisonKey: Comparison] = [:]
    var comparisonColumns: [String: [ComparisonColumn]] = [:]
    if tables.contains("comparisons") {
      var seenColumns: Set<ComparisonKey> = []
      for row in try reader.rows(of: "comparisons").sorted(by: { ($0["id"]?.doubleValue ?? 0) < ($1["id"]?.doubleValue ?? 0) }) {
        guard let layer = row["layer"]?.textValue, let area = row["area_id"]?.textValue, let family = row["family"]?.textValue,
          let metric = row["metric"]?.textValue, let stratum = row["stratum"]?.textValue, let statistic = row["statistic"]?.textValue,
          let value = row["value"]?.doubleValue
        else { continue }
        let low = row["ci_low"]?.doubleValue
        let high = row["ci_high"]?.doubleValue
        if !value.isFinite || low.map({ !$0.isFinite }) == true || high.map({ !$0.isFinite }) == true {
          unusable.count("comparisons", layer, .notFinite)
        }
        comparisons[ComparisonKey(layer: layer, area: area, family: family, metric: metric, stratum: stratum, statistic: statistic)] =
          Comparison(
            value: value, ciLow: low, ciHigh: high, n: row["n"]?.doubleValue.flatMap { Int(rounding: $0) }, restValue: row["rest_value"]?.doubleValue)
        if seenColumns.insert(ComparisonKey(layer: layer, area: "", family: family, metric: metric, stratum: stratum, statistic: statistic)).inserted
        {
          comparisonColumns[layer, default: []].append(ComparisonColumn(family: family, metric: metric, stratum: stratum, statistic: statistic))
        }
      }
    }

    var disparities: [DisparityIndex] = []
    if tables.contains("disparities") {
      for row in try reader.rows(of: "disparities").sorted(by: { ($0["id"]?.doubleValue ?? 0) < ($1["id"]?.doubleValue ?? 0) }) {
        guard let layer = row["layer"]?.textValue, let family = row["family"]?.textValue, let metric = row["metric"]?.textValue,
          let index = row["index"]?.textValue, let value = row["value"]?.doubleValue
        else { continue }
        let low = row["ci_low"]?.doubleValue
        let high = row["ci_high"]?.doubleValue
        if !value.isFinite || low.map({ !$0.isFinite }) == true || high.map({ !$0.isFinite }) == true {
          unusable.count("disparities", layer, .notFinite)
        }
        let grouping = row["grouping"]?.textValue.flatMap { $0.isEmpty ? nil : $0 }
        disparities.append(
          DisparityIndex(
            layer: layer, family: family, metric: metric, stratum: row["stratum"]?.textValue ?? "all", index: index, grouping: grouping, value: value,
            ciLow: low, ciHigh: high))
      }
    }

    let exposure: [GroupExposure] =
      tables.contains("exposure")
      ? try reader.rows(of: "exposure").sorted(by: { ($0["id"]?.doubleValue ?? 0) < ($1["id"]?.doubleValue ?? 0) }).compactMap { row in
        guard let layer = row["layer"]?.textValue, let family = row["family"]?.textValue, let metric = row["metric"]?.textValue,
          let stratum = row["stratum"]?.textValue, let threshold = row["threshold"]?.doubleValue, let group = row["group"]?.textValue,
          let measure = row["measure"]?.textValue, let value = row["value"]?.doubleValue
        else { return nil }
        if !value.isFinite || !threshold.isFinite { unusable.count("exposure", layer, .notFinite) }
        return GroupExposure(
          layer: layer, family: family, metric: metric, stratum: stratum, threshold: threshold, group: group, measure: measure, value: value)
      } : []
    let accounting: [AccountingRow] =
      tables.contains("input_accounting")
      ? try reader.rows(of: "input_accounting").sorted(by: { ($0["id"]?.doubleValue ?? 0) < ($1["id"]?.doubleValue ?? 0) }).compactMap { row in
        guard let file = row["file"]?.textValue, let outcome = row["outcome"]?.textValue, let stored = row["rows"]?.doubleValue else { return nil }
        guard let rows = Int(rounding: stored), rows >= 0, rows <= Self.maximumRowCount else {
          unusable.count("input_accounting", nil, .notFinite)
          return nil
        }
        return AccountingRow(file: file, outcome: outcome, rows: rows)
      } : []
    let balance: [PopulationBalance] =
      tables.contains("population_balance")
      ? try reader.rows(of: "population_balance").sorted(by: { ($0["id"]?.doubleValue ?? 0) < ($1["id"]?.doubleValue ?? 0) }).compactMap { row in
        guard let layer = row["layer"]?.textValue, let inside = row["source_inside"]?.doubleValue, let total = row["layer_total"]?.doubleValue else {
          return nil
        }
        let split = row["split_tracts"]?.doubleValue.flatMap { Int(rounding: $0) }
        if !inside.isFinite || !total.isFinite || (row["split_tracts"]?.doubleValue != nil && split == nil) {
          unusable.count("population_balance", layer, .notFinite)
        }
        return PopulationBalance(layer: layer, sourceInside: inside, layerTotal: total, splitTracts: split ?? 0)
      } : []
    let runInfo: [(key: String, value: String)] =
      tables.contains("run_info")
      ? try reader.rows(of: "run_info").sorted(by: { ($0["id"]?.doubleValue ?? 0) < ($1["id"]?.doubleValue ?? 0) }).compactMap { row in
        guard let key = row["key"]?.textValue, let value = row["value"] else { return nil }
        return (key, value.description)
      } : []

    var notices = unusable.notices(atlas: path)
    let (manifest, manifestStatus) = try RunManifestFile.checked(beside: path, runInfo: runInfo, notices: &notices)
    let inputs = manifest?.inputs.map { InputFile(path: $0.path, sha256: $0.sha256) } ?? []
    let synthetic = runInfo.contains { $0.key == "data_origin" && $0.value == "synthetic" } || manifest?.synthetic == true
    let (cameras, cameraSource) = tables.contains("cameras") ? try atlasCameras(reader) : readCameras(inputs)
    let boundaries = boundarySources(layers: columns.keys.sorted(), inputs: inputs)
    let registry = try? BoundaryManifest.bundled()
    for layer in columns.keys.sorted() where layerProblems[layer] == nil {
      guard let spec = registry?.layers.first(where: { $0.id == layer }), let count = layers[layer]?.count,
        count < spec.areas
      else { continue }
      notices.append("\(path): \(layer) has \(count) areas; the boundary registry lists \(spec.areas) (reports cover the \(count) in the atlas)")
    }

    var model = ReportModel(
      atlasPath: path, layers: layers, metricColumns: columns, metrics: metrics, comparisons: comparisons,
      comparisonColumns: comparisonColumns, disparities: disparities, exposure: exposure, accounting: accounting, populationBalance: balance,
      runInfo: runInfo, inputs: inputs, parameters: (manifest?.parameters ?? [:]).sorted { $0.key < $1.key }.map { ($0.key, $0.value) },
      projection: manifest?.projection, cameras: cameras, cameraSource: cameraSource,
      boundaries: boundaries, isSynthetic: synthetic,
      syntheticSeed: synthetic ? syntheticSeed(inputs) : nil,
      toolVersion: runInfo.first { $0.key == "tool_version" }?.value ?? manifest?.version ?? "unknown",
      manifestStatus: manifestStatus, notices: notices, layerProblems: layerProblems)
    model.spatial = try SpatialTables.read(reader, tables: tables)
    return model
  }

  /// Row counts above this (10¹⁵) in `input_accounting` are taken as damage, not data: sums of
  /// them stay exact in an `Int`.
  static let maximumRowCount = 1_000_000_000_000_000

  /// "area 47", "areas 3, 47", "areas 1, 2, 3 and 9 more".
  static func areaList(_ ids: [String]) -> String {
    let shown = ids.prefix(5).joined(separator: ", ")
    return (ids.count == 1 ? "area " : "areas ") + shown + (ids.count > 5 ? " and \(ids.count - 5) more" : "")
  }

  /// The camera inventory the atlas stores (table `cameras`, written by analyze since 0.2).
  static func atlasCameras(_ reader: GeoPackageReader) throws -> ([CameraPoint], String) {
    let points = try reader.rows(of: "cameras").compactMap { row -> CameraPoint? in
      guard let x = row["longitude"]?.doubleValue, let y = row["latitude"]?.doubleValue, x.isFinite, y.isFinite else { return nil }
      return CameraPoint(type: row["type"]?.textValue ?? "unknown", position: Position(x: x, y: y))
    }
    return (points, points.isEmpty ? "the atlas's camera table is empty" : "camera locations from the atlas (\(points.count) cameras, as analysed)")
  }

  /// The camera inventory listed in the manifest, for atlases older than the `cameras` table:
  /// locations and types, used only when the file is still the one the run read.
  static func readCameras(_ inputs: [InputFile]) -> ([CameraPoint], String) {
    guard let input = inputs.first(where: { ($0.path as NSString).lastPathComponent == CameraInventory.file }) else {
      return ([], "no camera inventory among the run's inputs")
    }
    guard FileManager.default.fileExists(atPath: input.path) else { return ([], "\(input.path) is no longer there") }
    guard (try? sha256Hex(ofFile: input.path)) == input.sha256 else { return ([], "\(input.path) has changed since the run") }
    guard let table = try? CSVTable(contentsOf: input.path), let type = table.column(CameraInventory.type),
      let lon = table.column(CameraInventory.longitude), let lat = table.column(CameraInventory.latitude)
    else { return ([], "\(input.path) lacks type or location columns") }
    let points = table.rows.compactMap { row -> CameraPoint? in
      guard row.fields.count == table.header.count, let x = Double(row.fields[lon]), let y = Double(row.fields[lat]), x.isFinite, y.isFinite,
        !(x == 0 && y == 0)
      else { return nil }
      return CameraPoint(type: row.fields[type].isEmpty ? "unknown" : row.fields[type], position: Position(x: x, y: y))
    }
    return (points, "camera locations from \((input.path as NSString).lastPathComponent) (sha256 \(input.sha256.prefix(12))…, as analysed)")
  }

  /// `seed` of `truth.json` in the directory of the synthetic inputs.
  static func syntheticSeed(_ inputs: [InputFile]) -> String? {
    for input in inputs {
      let truth = ((input.path as NSString).deletingLastPathComponent as NSString).appendingPathComponent("truth.json")
      guard let bytes = FileManager.default.contents(atPath: truth), let json = try? JSONValue.parse(Array(bytes)),
        json["data_origin"]?.stringValue == "synthetic"
      else { continue }
      if let seed = json["seed"]?.propertyText { return seed }
    }
    return nil
  }

  /// The bundled boundary registry's entries for the layers, checked against the run's inputs.
  static func boundarySources(layers: [String], inputs: [InputFile]) -> [BoundarySource] {
    guard let manifest = try? BoundaryManifest.bundled() else { return [] }
    return layers.compactMap { id in
      guard let spec = manifest.layers.first(where: { $0.id == id }) else { return nil }
      let input = inputs.first { $0.path.hasSuffix("/" + spec.path) || $0.path == spec.path }
      return BoundarySource(
        layer: id, title: spec.title, dataset: spec.dataset,
        vintage: "from \(spec.vintage.from)" + (spec.vintage.to.map { " to \($0)" } ?? " (current)"),
        verified: input.map { $0.sha256 == spec.sha256 })
    }
  }
}

/// The camera inventory's file and columns (the contract is `ServiceInputs.Cameras` in
/// AtlasPipeline, which the report module does not depend on).
enum CameraInventory {
  static let file = "cameras.csv"
  static let type = "type"
  static let longitude = "longitude"
  static let latitude = "latitude"
}

/// Values of the atlas that cannot be shown as numbers, counted per table and layer, for one
/// notice each.
struct UnusableValues {
  enum Kind: Hashable {
    /// NaN, ±infinity, text in a number column, or a count that is not a whole number ≥ 0.
    case notFinite
    /// NULL where a figure belongs.
    case empty
    /// A row without its layer, area, family, metric or stratum.
    case unlabelled
  }

  struct Key: Hashable, Comparable {
    var table: String
    var layer: String
    var kind: Kind
    static func < (a: Key, b: Key) -> Bool { (a.table, a.layer, "\(a.kind)") < (b.table, b.layer, "\(b.kind)") }
  }

  private(set) var counts: [Key: Int] = [:]

  mutating func count(_ table: String, _ layer: String?, _ kind: Kind) {
    counts[Key(table: table, layer: layer ?? "", kind: kind), default: 0] += 1
  }

  /// "atlas.gpkg: metrics of wards-2023: 12 values are not finite numbers and are shown as n/a".
  func notices(atlas: String) -> [String] {
    counts.keys.sorted().map { key in
      let n = counts[key]!
      let table = key.layer.isEmpty ? key.table : "\(key.table) of \(key.layer)"
      let what: String
      switch key.kind {
      case .notFinite:
        what = n == 1 ? "1 value is not a finite number" : "\(n) values are not finite numbers"
        return "\(atlas): \(table): \(what) and \(n == 1 ? "is" : "are") shown as \(Format.notAvailable) (left empty in exports)"
      case .empty:
        what = n == 1 ? "1 figure is empty (NULL)" : "\(n) figures are empty (NULL)"
        return "\(atlas): \(table): \(what) and \(n == 1 ? "is" : "are") shown as \(Format.missing)"
      case .unlabelled:
        return
          "\(atlas): \(table): \(n) row\(n == 1 ? " lacks" : "s lack") a layer, area, family, metric or stratum and \(n == 1 ? "is" : "are") left out"
      }
    }
  }
}

/// The parts of `manifest.json` (written by `analyze` as `RunManifest`) the reports show.
struct RunManifestFile: Decodable {
  struct Input: Decodable {
    var path: String
    var sha256: String
  }

  var version: String?
  var inputs: [Input]
  var parameters: [String: String]
  var projection: String?
  var synthetic: Bool?

  /// The `run_info` key holding the sha256 of the manifest analyze wrote beside the atlas.
  static let bindingKey = "manifest_sha256"

  /// Reads `manifest.json` beside the atlas and checks that it belongs to it (see
  /// `ReportModel.load`). Problems that leave the reports honest (no manifest, an unreadable
  /// one, an atlas without the binding) are appended to `notices`.
  /// - Throws: `ReportError` naming both files when they do not belong together.
  static func checked(
    beside atlas: String, runInfo: [(key: String, value: String)], notices: inout [String]
  ) throws -> (RunManifestFile?, ReportModel.ManifestStatus) {
    let path = ((atlas as NSString).deletingLastPathComponent as NSString).appendingPathComponent("manifest.json")
    let recorded = runInfo.first { $0.key == bindingKey }?.value.lowercased()
    guard FileManager.default.fileExists(atPath: path) else {
      if let recorded {
        throw ReportError(
          path: path,
          message: "is missing, but \(atlas) records the sha256 of the manifest analyze wrote with it (\(recorded)); "
            + "restore that manifest.json beside the atlas or rerun analyze")
      }
      notices.append("\(path) was not found: the reports cannot list the inputs, their sha256 or the run's parameters")
      return (nil, .missing)
    }
    let digest: String
    do { digest = try sha256Hex(ofFile: path) } catch {
      throw ReportError(path: path, message: "cannot be read (\(FileProblem.reason(error))); check its permissions and rerun")
    }
    if let recorded {
      guard recorded == digest else {
        throw ReportError(
          path: path,
          message: "does not belong to \(atlas) (sha256 \(digest) vs \(recorded) recorded in the atlas); "
            + "the two come from different analyze runs: rerun analyze")
      }
    } else {
      notices.append(
        "\(atlas) records no \(bindingKey) (written by an older analyze): cannot check that \(path) belongs to it; rerun analyze to bind them")
    }
    let manifest: RunManifestFile
    do {
      guard let data = FileManager.default.contents(atPath: path) else { throw CocoaError(.fileReadUnknown) }
      guard !data.isEmpty else { throw ManifestEmpty() }
      manifest = try JSONDecoder().decode(RunManifestFile.self, from: data)
    } catch {
      let reason = Self.reason(error)
      notices.append("\(path) could not be read (\(reason)): the reports say so instead of listing the inputs")
      return (nil, .unreadable(reason))
    }
    var disagreements: [String] = []
    if let stored = runInfo.first(where: { $0.key == "tool_version" })?.value, let version = manifest.version, stored != version {
      disagreements.append("tool version \(stored) in the atlas, \(version) in the manifest")
    }
    for (key, value) in runInfo {
      guard let other = manifest.parameters[key], other != value else { continue }
      disagreements.append("\(key) \(value) in the atlas, \(other) in the manifest")
    }
    if !disagreements.isEmpty {
      throw ReportError(
        path: path,
        message: "disagrees with \(atlas) (run_info): \(disagreements.joined(separator: "; ")); "
          + "one of them was edited or they come from different runs: rerun analyze")
    }
    if let origin = runInfo.first(where: { $0.key == "data_origin" })?.value, (origin == "synthetic") != (manifest.synthetic ?? false) {
      notices.append(
        "\(atlas) says data_origin \(origin) but \(path) says synthetic \(manifest.synthetic.map { "\($0)" } ?? "(absent)"): "
          + "the reports are marked SYNTHETIC, the safer reading")
    }
    return (manifest, .read)
  }

  struct ManifestEmpty: Error {}

  /// A decoding or reading failure in a sentence: "not valid JSON", "no member 'inputs'", ….
  static func reason(_ error: Error) -> String {
    switch error {
    case is ManifestEmpty: return "it is empty"
    case DecodingError.dataCorrupted: return "it is not valid JSON"
    case DecodingError.keyNotFound(let key, _): return "it has no member '\(key.stringValue)'"
    case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
      return "member '\(context.codingPath.map(\.stringValue).joined(separator: "."))' has the wrong type"
    default: return FileProblem.reason(error)
    }
  }
}

/// Orders ids as numbers when both are numbers (`2` before `10`), else as text.
func naturalOrder(_ a: String, _ b: String) -> Bool {
  switch (Int(a), Int(b)) {
  case (let x?, let y?): return x != y ? x < y : a < b
  case (_?, nil): return true
  case (nil, _?): return false
  default: return a < b
  }
}
