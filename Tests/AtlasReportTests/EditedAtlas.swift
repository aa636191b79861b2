import AtlasGeometry
import AtlasIO
import AtlasStore
import AtlasTestSupport
import Foundation

@testable import AtlasReport

/// A copy of the shared fixture's atlas with edits, written through `GeoPackageWriter` (the
/// tests' stand-in for editing the file with sqlite3; `GeoPackageWriter` stores a non-finite
/// Double as NULL, but the text `1e999` in a REAL column becomes +Inf by SQLite's type
/// affinity, exactly as `sqlite3 atlas.gpkg "update metrics set value = 1e999"` does): the way the probes of issue 8 damaged an
/// atlas (a value set to infinity, a row deleted, a table emptied, a layer left out, run_info
/// changed), plus its manifest.json beside it.
struct EditedAtlas {
  /// One table as read: its kind, rows in stored order (`fid` / `id` kept for order only) and,
  /// for feature tables, the polygons by `fid`.
  struct Table {
    var isFeatures: Bool
    var rows: [[String: StoreValue]]
    var polygons: [Int64: [Polygon<WGS84LonLat>]]
    /// The columns as read (kept for a table whose rows are all deleted).
    var columns: [String] = []
  }

  var tables: [String: Table]
  /// The bytes of manifest.json to write beside the atlas (nil: no manifest).
  var manifest: [UInt8]?

  /// The shared fixture's atlas and manifest, read whole (once; each test edits a copy).
  static func fixture() throws -> EditedAtlas { try original.get() }

  private static let original = Result { () throws -> EditedAtlas in
    let run = try ReportFixture.run
    let reader = try GeoPackageReader(path: run.atlasPath)
    var tables: [String: Table] = [:]
    for (name, kind) in try reader.contents() {
      let isFeatures = kind == "features"
      let key = isFeatures ? "fid" : "id"
      let rows = try reader.rows(of: name).sorted { ($0[key]?.doubleValue ?? 0) < ($1[key]?.doubleValue ?? 0) }
      tables[name] = Table(
        isFeatures: isFeatures, rows: rows, polygons: isFeatures ? try reader.geometries(of: name) : [:],
        columns: Set(rows.flatMap(\.keys)).subtracting([key]).sorted())
    }
    let manifestPath = (run.atlasPath as NSString).deletingLastPathComponent + "/manifest.json"
    return EditedAtlas(tables: tables, manifest: FileManager.default.contents(atPath: manifestPath).map { Array($0) })
  }

  /// Applies `change` to every row of `table` for which `matches` holds.
  mutating func update(_ table: String, where matches: ([String: StoreValue]) -> Bool, _ change: (inout [String: StoreValue]) -> Void) {
    guard var t = tables[table] else { return }
    for k in t.rows.indices where matches(t.rows[k]) { change(&t.rows[k]) }
    tables[table] = t
  }

  mutating func delete(_ table: String, where matches: ([String: StoreValue]) -> Bool) {
    tables[table]?.rows.removeAll(where: matches)
  }

  /// Sets (or adds) a `run_info` key.
  mutating func setRunInfo(_ key: String, _ value: String) {
    guard var t = tables["run_info"] else { return }
    if let k = t.rows.firstIndex(where: { $0["key"]?.textValue == key }) {
      t.rows[k]["value"] = .text(value)
    } else {
      t.rows.append(["key": .text(key), "value": .text(value)])
    }
    tables["run_info"] = t
  }

  /// Binds the manifest to the atlas as `analyze` does: run_info.manifest_sha256 = sha256 of
  /// its bytes.
  mutating func bindManifest() throws {
    let directory = try TestData.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("manifest.json").path
    try Data(manifest ?? []).write(to: URL(fileURLWithPath: path))
    setRunInfo(RunManifestFile.bindingKey, try sha256Hex(ofFile: path))
  }

  /// Writes `atlas.gpkg` (and `manifest.json` when there is one) into a new directory;
  /// returns the atlas path.
  func write() throws -> String {
    let directory = try TestData.temporaryDirectory()
    let path = directory.appendingPathComponent("atlas.gpkg").path
    let writer = try GeoPackageWriter(path: path)
    for name in tables.keys.sorted() {
      let table = tables[name]!
      let key = table.isFeatures ? "fid" : "id"
      var names: [String] = table.rows.isEmpty ? table.columns : []
      var kinds: [String: StoreColumn.Kind] = Dictionary(uniqueKeysWithValues: names.map { ($0, .text) })
      for row in table.rows {
        for (column, value) in row.sorted(by: { $0.key < $1.key }) where column != key {
          if kinds[column] == nil { names.append(column) }
          switch value {
          case .integer: kinds[column] = kinds[column] ?? .integer
          case .real: kinds[column] = .real
          case .text: kinds[column] = kinds[column] ?? .text
          default: kinds[column] = kinds[column] ?? .real
          }
        }
      }
      let columns = names.map { StoreColumn($0, kinds[$0]!) }
      let values = table.rows.map { row in names.map { row[$0] ?? .null } }
      if table.isFeatures {
        try writer.addFeatureTable(
          name, description: name, columns: columns,
          rows: zip(table.rows, values).map { row, values in
            (row["fid"].flatMap { if case .integer(let fid) = $0 { return table.polygons[fid] } else { return nil } } ?? [], values)
          })
      } else {
        try writer.addAttributeTable(name, description: name, columns: columns, rows: values)
      }
    }
    try writer.commit()
    if let manifest { try Data(manifest).write(to: directory.appendingPathComponent("manifest.json")) }
    return path
  }

  /// `layer` (e.g. `police-districts`) removed: its table and every row naming it.
  mutating func removeLayer(_ layer: String) {
    tables[layer.replacingOccurrences(of: "-", with: "_")] = nil
    for name in ["metrics", "comparisons", "disparities", "exposure", "population_balance"] {
      delete(name) { $0["layer"]?.textValue == layer }
    }
  }
}

/// Matches a metrics row by layer, area, family, metric and stratum.
func metricRow(_ layer: String, _ area: String, _ family: String, _ metric: String, _ stratum: String = "all") -> ([String: StoreValue]) -> Bool {
  { row in
    row["layer"]?.textValue == layer && row["area_id"]?.textValue == area && row["family"]?.textValue == family
      && row["metric"]?.textValue == metric && row["stratum"]?.textValue == stratum
  }
}

extension StoreValue {
  /// +∞ or −∞ as stored by SQLite: the literal `1e999` in a REAL (or INTEGER) column.
  static func infinity(negative: Bool = false) -> StoreValue { .text(negative ? "-1e999" : "1e999") }
}
