import AtlasGeometry
import Foundation
internal import GRDB

/// A value in a GeoPackage table cell.
public enum StoreValue: Hashable, Sendable, CustomStringConvertible {
  case null
  case integer(Int64)
  case real(Double)
  case text(String)

  public var description: String {
    switch self {
    case .null: return "NULL"
    case .integer(let v): return String(v)
    case .real(let v): return String(v)
    case .text(let v): return v
    }
  }

  public var doubleValue: Double? {
    switch self {
    case .integer(let v): return Double(v)
    case .real(let v): return v
    default: return nil
    }
  }

  public var textValue: String? {
    if case .text(let v) = self { return v }
    return nil
  }

  var databaseValue: DatabaseValue {
    switch self {
    case .null: return .null
    case .integer(let v): return v.databaseValue
    case .real(let v): return v.isFinite ? v.databaseValue : .null
    case .text(let v): return v.databaseValue
    }
  }

  init(_ value: DatabaseValue) {
    switch value.storage {
    case .null, .blob: self = .null
    case .int64(let v): self = .integer(v)
    case .double(let v): self = .real(v)
    case .string(let v): self = .text(v)
    }
  }
}

/// A column of a user table.
public struct StoreColumn: Hashable, Sendable {
  public enum Kind: String, Sendable {
    case integer = "INTEGER"
    case real = "REAL"
    case text = "TEXT"
  }
  public var name: String
  public var kind: Kind
  public init(_ name: String, _ kind: Kind) {
    self.name = name
    self.kind = kind
  }
}

/// A spatial reference system row of `gpkg_spatial_ref_sys`.
public struct SpatialReference: Sendable {
  public var srsID: Int
  public var name: String
  /// OGC WKT (version 1) definition.
  public var definition: String
  public init(srsID: Int, name: String, definition: String) {
    self.srsID = srsID
    self.name = name
    self.definition = definition
  }

  public static let wgs84 = SpatialReference(
    srsID: 4326, name: "WGS 84 geodetic",
    definition:
      #"GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]"#
  )
}

/// Failures writing or reading a GeoPackage, with SQLite's message and the statement.
public struct StoreError: Error, CustomStringConvertible {
  public var path: String
  public var message: String
  public var description: String { "\(path): \(message)" }

  public init(path: String, message: String) {
    self.path = path
    self.message = message
  }

  /// SQLite's failure said as a sentence with what to do, keeping SQLite's code and message.
  init(path: String, _ error: DatabaseError) {
    let detail = "SQLite: \(error.message ?? "error \(error.resultCode.rawValue)")"
    let sentence: String
    switch error.resultCode.primaryResultCode {
    case .SQLITE_FULL: sentence = "the disk is full; free space or choose another --out, then rerun"
    case .SQLITE_CANTOPEN: sentence = "cannot open the file (its directory is missing or not writable, or a directory is in its place)"
    case .SQLITE_READONLY, .SQLITE_PERM: sentence = "the file or its directory is read-only; choose another location"
    case .SQLITE_IOERR: sentence = "a disk input/output error (is the path a directory, or is the disk failing?)"
    case .SQLITE_NOTADB: sentence = "is not an atlas (not a GeoPackage or SQLite file); give the atlas.gpkg that `equity-atlas analyze` wrote"
    case .SQLITE_CORRUPT: sentence = "is damaged, perhaps cut short by an interrupted copy; copy it again or rerun analyze"
    case .SQLITE_BUSY, .SQLITE_LOCKED: sentence = "the file is locked by another program; close it (QGIS?) and rerun"
    default:
      if let message = error.message, message.hasPrefix("no such table: gpkg_contents") {
        sentence = "is not a GeoPackage (it has no gpkg_contents table); give the atlas.gpkg that `equity-atlas analyze` wrote"
      } else if let message = error.message, message.hasPrefix("no such table: ") {
        sentence = "has no table \(message.dropFirst(15)): the atlas is damaged, was edited, or comes from another version; rerun analyze"
      } else {
        sentence = "the database operation failed"
      }
    }
    self.init(path: path, message: "\(sentence) (\(detail))")
  }
}

/// Writes an OGC GeoPackage 1.3 (http://www.geopackage.org/spec130/): feature tables of
/// (multi)polygons with attribute columns, and attribute-only tables.
///
/// The file is built beside its destination under a temporary name and moved over it by
/// `commit()` with rename(2), which is atomic: an interrupted run leaves the old file where it
/// was. Without `commit()` the temporary file is removed.
public final class GeoPackageWriter {
  public let path: String
  /// `gpkg_contents.last_change` of every table: pinned, not the clock, so that the same content
  /// gives the same file. `SOURCE_DATE_EPOCH` (reproducible-builds convention) when set, else
  /// the Unix epoch.
  public var lastChange: String = {
    let epoch = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"].flatMap { Int64($0) } ?? 0
    var t = time_t(epoch)
    var parts = tm()
    gmtime_r(&t, &parts)
    return String(
      format: "%04d-%02d-%02dT%02d:%02d:%02d.000Z", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
      Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
  }()
  private let temporaryPath: String
  private var queue: DatabaseQueue?

  public init(path: String) throws {
    self.path = path
    temporaryPath = path + ".partial-\(ProcessInfo.processInfo.processIdentifier)"
    try? FileManager.default.removeItem(atPath: temporaryPath)
    do {
      queue = try DatabaseQueue(path: temporaryPath)
      try queue!.write { db in
        // GeoPackage 1.3: application id "GPKG", user_version 10300 (spec §1.1.1.1.1).
        try db.execute(sql: "PRAGMA application_id = 1196444487")
        try db.execute(sql: "PRAGMA user_version = 10300")
        try db.execute(
          sql: """
            CREATE TABLE gpkg_spatial_ref_sys (
              srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY, organization TEXT NOT NULL,
              organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
            CREATE TABLE gpkg_contents (
              table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
              description TEXT DEFAULT '', last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
              min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
              CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
            CREATE TABLE gpkg_geometry_columns (
              table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
              srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
              CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
              CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
              CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
            INSERT INTO gpkg_spatial_ref_sys VALUES
              ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system'),
              ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system');
            """)
      }
      try addSpatialReference(.wgs84)
    } catch let error as DatabaseError {
      throw StoreError(path: temporaryPath, error)
    } catch {
      throw StoreError(path: temporaryPath, message: "\(error)")
    }
  }

  deinit {
    if queue != nil {
      try? queue?.close()
      try? FileManager.default.removeItem(atPath: temporaryPath)
    }
  }

  public func addSpatialReference(_ srs: SpatialReference) throws {
    try write { db in
      try db.execute(
        sql: "INSERT OR REPLACE INTO gpkg_spatial_ref_sys VALUES (?, ?, 'EPSG', ?, ?, NULL)",
        arguments: [srs.name, srs.srsID, srs.srsID, srs.definition])
    }
  }

  /// A feature table: `fid`, a MultiPolygon `geom` column, then the given columns.
  ///
  /// - Parameter rows: per feature, its polygons (in `srsID`) and one value per column.
  public func addFeatureTable(
    _ name: String, description: String, srsID: Int = 4326, columns: [StoreColumn],
    rows: [(polygons: [Polygon<WGS84LonLat>], values: [StoreValue])]
  ) throws {
    var extent = Envelope.empty
    for row in rows { for p in row.polygons { extent.extend(p.envelope) } }
    try write { db in
      try db.execute(
        sql: "CREATE TABLE \(Self.quoted(name)) (fid INTEGER PRIMARY KEY AUTOINCREMENT, geom MULTIPOLYGON"
          + columns.map { ", \(Self.quoted($0.name)) \($0.kind.rawValue)" }.joined() + ")")
      try db.execute(
        sql:
          "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change, min_x, min_y, max_x, max_y, srs_id) VALUES (?, 'features', ?, ?, ?, ?, ?, ?, ?, ?)",
        arguments: [name, name, description, lastChange, extent.minX, extent.minY, extent.maxX, extent.maxY, srsID])
      try db.execute(
        sql: "INSERT INTO gpkg_geometry_columns VALUES (?, 'geom', 'MULTIPOLYGON', ?, 0, 0)", arguments: [name, srsID])
      let statement = try db.makeStatement(
        sql: "INSERT INTO \(Self.quoted(name)) (geom" + columns.map { ", \(Self.quoted($0.name))" }.joined() + ") VALUES (?"
          + String(repeating: ", ?", count: columns.count) + ")")
      for row in rows {
        precondition(row.values.count == columns.count, "row has \(row.values.count) values for \(columns.count) columns")
        let blob = Self.geometryBlob(row.polygons, srsID: srsID)
        try statement.execute(arguments: StatementArguments([Data(blob).databaseValue] + row.values.map(\.databaseValue)))
      }
    }
  }

  /// An attribute table (no geometry), registered in `gpkg_contents` so GIS tools list it.
  public func addAttributeTable(_ name: String, description: String, columns: [StoreColumn], rows: [[StoreValue]]) throws {
    try write { db in
      try db.execute(
        sql: "CREATE TABLE \(Self.quoted(name)) (id INTEGER PRIMARY KEY AUTOINCREMENT"
          + columns.map { ", \(Self.quoted($0.name)) \($0.kind.rawValue)" }.joined() + ")")
      try db.execute(
        sql: "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change) VALUES (?, 'attributes', ?, ?, ?)",
        arguments: [name, name, description, lastChange])
      let statement = try db.makeStatement(
        sql: "INSERT INTO \(Self.quoted(name)) (" + columns.map { Self.quoted($0.name) }.joined(separator: ", ") + ") VALUES ("
          + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")")
      for row in rows { try statement.execute(arguments: StatementArguments(row.map(\.databaseValue))) }
    }
  }

  /// Removes the temporary files (`PATH.partial-PID` and its SQLite `-journal`/`-wal`/`-shm`)
  /// that earlier runs killed before `commit()` left beside `path`. A file whose process is
  /// still running is left alone (a concurrent run). Returns the names removed.
  @discardableResult
  public static func removeStalePartials(of path: String) -> [String] {
    let url = URL(fileURLWithPath: path)
    let directory = url.deletingLastPathComponent().path
    let prefix = url.lastPathComponent + ".partial-"
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
    var removed: [String] = []
    for name in names.sorted() where name.hasPrefix(prefix) {
      let rest = name.dropFirst(prefix.count)
      let digits = rest.prefix { $0.isNumber }
      guard let pid = Int32(digits), ["", "-journal", "-wal", "-shm"].contains(String(rest.dropFirst(digits.count))) else { continue }
      guard pid != ProcessInfo.processInfo.processIdentifier, kill(pid, 0) != 0, errno == ESRCH else { continue }
      if (try? FileManager.default.removeItem(atPath: directory + "/" + name)) != nil { removed.append(name) }
    }
    return removed
  }

  /// Closes the file and moves it over `path` atomically; then renames each companion file
  /// (written in full beforehand, e.g. the run manifest) over its destination, in the very
  /// next system calls, so that the two files change as nearly together as the file system
  /// allows.
  public func commit(thenRename companions: [(from: String, to: String)] = []) throws {
    guard let queue else { return }
    do {
      try queue.close()
      self.queue = nil
    } catch {
      throw StoreError(path: temporaryPath, message: "closing: \(error)")
    }
    guard rename(temporaryPath, path) == 0 else {
      throw StoreError(path: path, message: "rename from \(temporaryPath) failed: \(String(cString: strerror(errno)))")
    }
    for (from, to) in companions where rename(from, to) != 0 {
      throw StoreError(path: to, message: "rename from \(from) failed: \(String(cString: strerror(errno)))")
    }
  }

  private func write(_ body: (Database) throws -> Void) throws {
    guard let queue else { throw StoreError(path: path, message: "already committed") }
    do { try queue.write(body) } catch let error as DatabaseError {
      throw StoreError(path: temporaryPath, error)
    }
  }

  static func quoted(_ identifier: String) -> String { "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

  /// GeoPackage geometry blob (spec §2.1.3): "GP", version 0, flags (little-endian, envelope
  /// [minx, maxx, miny, maxy]), srs id, envelope, then WKB.
  static func geometryBlob(_ polygons: [Polygon<WGS84LonLat>], srsID: Int) -> [UInt8] {
    var extent = Envelope.empty
    for p in polygons { extent.extend(p.envelope) }
    var out: [UInt8] = [0x47, 0x50, 0, polygons.isEmpty ? 0b0001_0001 : 0b0000_0011]
    withUnsafeBytes(of: Int32(srsID).littleEndian) { out.append(contentsOf: $0) }
    if !polygons.isEmpty {
      for v in [extent.minX, extent.maxX, extent.minY, extent.maxY] {
        withUnsafeBytes(of: v.bitPattern.littleEndian) { out.append(contentsOf: $0) }
      }
    }
    return out + WKB.multiPolygon(polygons)
  }
}

/// Reads the tables of a GeoPackage written by `GeoPackageWriter` (or any GeoPackage with
/// polygon features).
public final class GeoPackageReader {
  public let path: String
  private let queue: DatabaseQueue

  public init(path: String) throws {
    self.path = path
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw StoreError(path: path, message: "no such file; give the atlas.gpkg that analyze wrote")
    }
    guard !isDirectory.boolValue else {
      throw StoreError(path: path, message: "is a directory; give the atlas.gpkg file inside it")
    }
    var configuration = Configuration()
    configuration.readonly = true
    do { queue = try DatabaseQueue(path: path, configuration: configuration) } catch let error as DatabaseError {
      throw StoreError(path: path, error)
    } catch {
      throw StoreError(path: path, message: "\(error)")
    }
  }

  /// `(table_name, data_type)` of every table in `gpkg_contents`.
  public func contents() throws -> [(table: String, dataType: String)] {
    try read { db in
      try Row.fetchAll(db, sql: "SELECT table_name, data_type FROM gpkg_contents ORDER BY table_name").map { ($0[0], $0[1]) }
    }
  }

  /// Every row of a table as column name → value (geometry columns are skipped).
  public func rows(of table: String) throws -> [[String: StoreValue]] {
    try read { db in
      try Row.fetchAll(db, sql: "SELECT * FROM \(GeoPackageWriter.quoted(table))").map { row in
        var values: [String: StoreValue] = [:]
        for (column, value) in row where column != "geom" { values[column] = StoreValue(value) }
        return values
      }
    }
  }

  /// The polygons of each feature of a feature table, by `fid`.
  public func geometries(of table: String) throws -> [Int64: [Polygon<WGS84LonLat>]] {
    let blobs: [(Int64, [UInt8])] = try read { db in
      try Row.fetchAll(db, sql: "SELECT fid, geom FROM \(GeoPackageWriter.quoted(table))").map { ($0[0], [UInt8]($0[1] as Data)) }
    }
    var result: [Int64: [Polygon<WGS84LonLat>]] = [:]
    for (fid, blob) in blobs {
      guard blob.count >= 8, blob[0] == 0x47, blob[1] == 0x50 else {
        throw StoreError(path: path, message: "\(table) fid \(fid): not a GeoPackage geometry")
      }
      let envelopeDoubles = [0, 4, 6, 6, 8][Int((blob[3] >> 1) & 0b111)]
      do { result[fid] = try WKB.polygons(blob[(8 + 8 * envelopeDoubles)...], in: WGS84LonLat.self) } catch {
        throw StoreError(path: path, message: "\(table) fid \(fid): \(error)")
      }
    }
    return result
  }

  private func read<T>(_ body: (Database) throws -> T) throws -> T {
    do { return try queue.read(body) } catch let error as DatabaseError {
      throw StoreError(path: path, error)
    }
  }
}
