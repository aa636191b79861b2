import AtlasGeometry
internal import CGDAL
import Foundation

/// A failure reading a vector file: the file, what was being done and GDAL's own message
/// (`CPLGetLastErrorMsg`), or our reason when GDAL did not fail but the data cannot be used.
public struct VectorError: Error, CustomStringConvertible, Equatable {
  public var path: String
  public var operation: String
  public var message: String
  public init(path: String, operation: String, message: String) {
    self.path = path
    self.operation = operation
    self.message = message
  }
  public var description: String { "\(path): \(operation): \(message)" }
}

/// A value of an attribute field, as typed by the file (shapefile numbers are `real`).
public enum VectorValue: Hashable, Sendable, CustomStringConvertible {
  case text(String)
  case integer(Int64)
  case real(Double)

  /// The value as a number: numeric fields as they are, text when it parses as one.
  public var number: Double? {
    switch self {
    case .integer(let n): return Double(n)
    case .real(let d): return d
    case .text(let t): return Double(t.trimmingCharacters(in: .whitespaces))
    }
  }

  public var description: String {
    switch self {
    case .text(let t): return t
    case .integer(let n): return String(n)
    case .real(let d): return d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d)
    }
  }
}

/// The coordinate reference system a file declares: its EPSG code when GDAL identifies one,
/// and its WKT either way.
public struct VectorCRS: Hashable, Sendable, CustomStringConvertible {
  public var epsg: Int?
  public var wkt: String
  public var isGeographic: Bool
  public var description: String { epsg.map { "EPSG:\($0)" } ?? "a CRS with no EPSG code" }
}

/// One polygon feature: its index in the layer (0-based, in reading order), its attributes
/// (null fields left out) and its polygons, positions as stored in the file (x = easting or
/// longitude first, the order of every format read here).
public struct VectorFeature<Space: CoordinateSpace>: Sendable {
  public var index: Int
  public var attributes: [String: VectorValue]
  public var polygons: [Polygon<Space>]
}

/// A feature that was read but cannot be used as a polygon, and why.
public struct VectorRejection: Hashable, Sendable, CustomStringConvertible {
  public var index: Int
  public var reason: String
  public init(index: Int, reason: String) {
    self.index = index
    self.reason = reason
  }
  public var description: String { "feature \(index): \(reason)" }
}

/// The polygon features of one layer of a vector file. Every feature read ends either in
/// `features` or in `rejections`: `features.count + rejections.count == featureCount`.
public struct VectorLayer<Space: CoordinateSpace>: Sendable {
  public var path: String
  public var name: String
  /// The declared CRS, nil when the file declares none (then every coordinate is within
  /// longitude/latitude range; otherwise reading fails).
  public var crs: VectorCRS?
  /// Field names in file order.
  public var fields: [String]
  public var features: [VectorFeature<Space>]
  public var rejections: [VectorRejection]
  public var featureCount: Int

  /// Checks that the file's CRS is the one `Space` stands for (`Space.crs`).
  ///
  /// - Throws: `VectorError` naming both CRSs (or the missing declaration).
  public func requireCRS() throws(VectorError) {
    guard let crs else {
      throw VectorError(path: path, operation: "CRS", message: "the file declares no CRS; \(Space.crs) was expected (add a .prj or declare it)")
    }
    guard crs.epsg == Space.crs.epsg else {
      throw VectorError(path: path, operation: "CRS", message: "the file is in \(crs), \(Space.crs) was expected")
    }
  }
}

/// An open vector file (any format OGR reads: GeoJSON, GeoPackage, shapefile, zipped
/// shapefile, FlatGeobuf, CSV with a `WKT` column). Owns the `GDALDatasetH`, closed in
/// `deinit`. Not thread-safe: one instance per thread.
public final class VectorDataset {
  public let path: String
  private let handle: GDALDatasetH

  private static let registered: Bool = {
    GDALAllRegister()
    return true
  }()

  /// Opens `path` read-only. A `.zip` path is read through `/vsizip/`, a `.gz` path through
  /// `/vsigzip/`; a `.csv` (or `.csv.gz`) path takes
  /// its geometry from a column named `WKT` (also `wkt`, `geometry`, `geom`, `the_geom`).
  ///
  /// - Throws: `VectorError` with GDAL's message when no driver can open the file.
  public init(path: String) throws(VectorError) {
    _ = Self.registered
    self.path = path
    let lower = path.lowercased()
    let gdalPath = path.hasPrefix("/vsi") ? path : lower.hasSuffix(".zip") ? "/vsizip/" + path : lower.hasSuffix(".gz") ? "/vsigzip/" + path : path
    var options: [String] = []
    if lower.hasSuffix(".csv") || lower.hasSuffix(".csv.gz") {
      // Fields stay text (`VectorValue.number` parses them): type detection would read codes
      // such as tract 010100 as the integer 10100.
      options = ["GEOM_POSSIBLE_NAMES=WKT,wkt,geometry,geom,the_geom", "KEEP_GEOM_COLUMNS=NO"]
    }
    let opened: GDALDatasetH? = Self.withQuietErrors {
      withCStringArray(options) { GDALOpenEx(gdalPath, UInt32(GDAL_OF_VECTOR | GDAL_OF_READONLY), nil, $0, nil) }
    }
    guard let opened else {
      throw VectorError(path: path, operation: "open", message: Self.lastError(or: "no GDAL vector driver recognises the file"))
    }
    handle = opened
  }

  deinit { GDALClose(handle) }

  /// Names of the file's layers, in order.
  public var layerNames: [String] {
    (0..<GDALDatasetGetLayerCount(handle)).compactMap { i in
      GDALDatasetGetLayer(handle, i).flatMap { OGR_L_GetName($0) }.map { String(cString: $0) }
    }
  }

  /// The index of the layer to read: the one named `name`, or with no name the file's only
  /// layer.
  ///
  /// - Throws: `VectorError` naming the file's layers when `name` is not one of them, or when
  ///   no name is given and the file holds several (never the first one silently).
  public func layerIndex(named name: String?) throws(VectorError) -> Int {
    let names = layerNames
    if let name {
      guard let index = names.firstIndex(of: name) else {
        throw VectorError(path: path, operation: "layer '\(name)'", message: "no such layer; the file has: \(names.joined(separator: ", "))")
      }
      return index
    }
    guard names.count <= 1 else {
      throw VectorError(
        path: path, operation: "choosing a layer",
        message:
          "the file holds \(names.count) layers (\(names.joined(separator: ", "))); name the one to read (`layer:` in a polygons profile or in the boundary manifest)"
      )
    }
    return 0
  }

  /// Reads every feature of layer `index` (the only layer of most files).
  ///
  /// Polygons and multipolygons (2D, Z or M) are kept; a feature with no geometry, an empty
  /// one or another type is a rejection with its index. Positions are the file's own: `Space`
  /// is the caller's claim about them, to check with `VectorLayer.requireCRS()` or to
  /// reproject from `crs`.
  /// - Throws: `VectorError` for a missing layer, a failed read, or a file that declares no CRS
  ///   while its coordinates are not longitude/latitude (never read as if they were).
  public func readPolygons<Space: CoordinateSpace>(layer index: Int = 0, in space: Space.Type = Space.self) throws(VectorError) -> VectorLayer<Space>
  {
    let count = Int(GDALDatasetGetLayerCount(handle))
    guard index >= 0, index < count, let layer = GDALDatasetGetLayer(handle, Int32(index)) else {
      throw VectorError(path: path, operation: "layer \(index)", message: "the file has \(count) layer(s)")
    }
    let name = OGR_L_GetName(layer).map { String(cString: $0) } ?? ""
    guard let definition = OGR_L_GetLayerDefn(layer) else {
      throw VectorError(path: path, operation: "layer \(name)", message: Self.lastError(or: "no layer definition"))
    }
    var fields: [(name: String, type: OGRFieldType)] = []
    for i in 0..<OGR_FD_GetFieldCount(definition) {
      guard let field = OGR_FD_GetFieldDefn(definition, i) else { continue }
      fields.append((OGR_Fld_GetNameRef(field).map { String(cString: $0) } ?? "field\(i)", OGR_Fld_GetType(field)))
    }
    let crs = try spatialReference(OGR_L_GetSpatialRef(layer), layer: name)

    var features: [VectorFeature<Space>] = []
    var rejections: [VectorRejection] = []
    var featureIndex = 0
    var outOfRange: (x: Double, y: Double)?
    CPLErrorReset()
    OGR_L_ResetReading(layer)
    while true {
      let next = Self.withQuietErrors { OGR_L_GetNextFeature(layer) }
      guard let raw = next else {
        if CPLGetLastErrorType() == CE_Failure || CPLGetLastErrorType() == CE_Fatal {
          throw VectorError(path: path, operation: "reading feature \(featureIndex)", message: Self.lastError(or: "read failed"))
        }
        break
      }
      let feature = FeatureHandle(raw)
      defer { featureIndex += 1 }
      var attributes: [String: VectorValue] = [:]
      for (i, field) in fields.enumerated() where OGR_F_IsFieldSetAndNotNull(feature.handle, Int32(i)) != 0 {
        attributes[field.name] = feature.value(Int32(i), type: field.type)
      }
      guard let geometry = OGR_F_GetGeometryRef(feature.handle) else {
        rejections.append(VectorRejection(index: featureIndex, reason: "no geometry"))
        continue
      }
      let type = OGR_GT_Flatten(OGR_G_GetGeometryType(geometry))
      guard type == wkbPolygon || type == wkbMultiPolygon else {
        let typeName = OGR_G_GetGeometryName(geometry).map { String(cString: $0) } ?? "unknown"
        rejections.append(VectorRejection(index: featureIndex, reason: "not a polygon (\(typeName))"))
        continue
      }
      guard OGR_G_IsEmpty(geometry) == 0 else {
        rejections.append(VectorRejection(index: featureIndex, reason: "empty geometry"))
        continue
      }
      let parts = type == wkbPolygon ? [geometry] : (0..<OGR_G_GetGeometryCount(geometry)).compactMap { OGR_G_GetGeometryRef(geometry, $0) }
      let read: [Polygon<Space>?] = parts.map { Self.polygon($0) }
      guard !parts.isEmpty, read.allSatisfy({ $0 != nil }) else {
        rejections.append(VectorRejection(index: featureIndex, reason: "a ring's coordinates could not be read"))
        continue
      }
      let polygons = read.compactMap { $0 }
      if crs == nil, outOfRange == nil {
        outer: for polygon in polygons {
          for p in polygon.exterior.positions where abs(p.x) > 180 || abs(p.y) > 90 {
            outOfRange = (p.x, p.y)
            break outer
          }
        }
      }
      features.append(VectorFeature(index: featureIndex, attributes: attributes, polygons: polygons))
    }
    if let outOfRange {
      throw VectorError(
        path: path, operation: "CRS",
        message: "the file declares no CRS and its coordinates are not longitude/latitude (e.g. \(outOfRange.x), \(outOfRange.y)); "
          + "add the CRS (a .prj beside a shapefile, or convert with `ogr2ogr -a_srs EPSG:NNNN`)")
    }
    return VectorLayer(
      path: path, name: name, crs: crs, fields: fields.map(\.name), features: features, rejections: rejections, featureCount: featureIndex)
  }

  /// The values of `fields` in every feature of layer `index`, in reading order (nil for a
  /// null field): for attribute tables such as a CSV (plain or `/vsigzip/`), geometry ignored.
  ///
  /// - Throws: `VectorError` for a missing layer or field, or a failed read.
  public func readRecords(layer index: Int = 0, fields names: [String]) throws(VectorError) -> [[VectorValue?]] {
    let count = Int(GDALDatasetGetLayerCount(handle))
    guard index >= 0, index < count, let layer = GDALDatasetGetLayer(handle, Int32(index)), let definition = OGR_L_GetLayerDefn(layer) else {
      throw VectorError(path: path, operation: "layer \(index)", message: "the file has \(count) layer(s)")
    }
    var fields: [(index: Int32, type: OGRFieldType)] = []
    for name in names {
      let i = OGR_FD_GetFieldIndex(definition, name)
      guard i >= 0, let field = OGR_FD_GetFieldDefn(definition, i) else {
        throw VectorError(path: path, operation: "fields", message: "no column '\(name)'")
      }
      fields.append((i, OGR_Fld_GetType(field)))
    }
    var rows: [[VectorValue?]] = []
    CPLErrorReset()
    OGR_L_ResetReading(layer)
    while let raw = Self.withQuietErrors({ OGR_L_GetNextFeature(layer) }) {
      let feature = FeatureHandle(raw)
      rows.append(fields.map { OGR_F_IsFieldSetAndNotNull(feature.handle, $0.index) != 0 ? feature.value($0.index, type: $0.type) : nil })
    }
    if CPLGetLastErrorType() == CE_Failure || CPLGetLastErrorType() == CE_Fatal {
      throw VectorError(path: path, operation: "reading record \(rows.count)", message: Self.lastError(or: "read failed"))
    }
    return rows
  }

  private func spatialReference(_ reference: OGRSpatialReferenceH?, layer: String) throws(VectorError) -> VectorCRS? {
    guard let reference else { return nil }
    var text: UnsafeMutablePointer<CChar>?
    guard OSRExportToWkt(reference, &text) == OGRERR_NONE, let text else {
      throw VectorError(path: path, operation: "layer \(layer) CRS", message: Self.lastError(or: "cannot export the CRS as WKT"))
    }
    let wkt = String(cString: text)
    VSIFree(text)
    var epsg = Self.epsgCode(reference)
    if epsg == nil, let copy = OSRClone(reference) {
      // ESRI .prj files often carry no authority; GDAL can usually identify them.
      if OSRAutoIdentifyEPSG(copy) == OGRERR_NONE { epsg = Self.epsgCode(copy) }
      OSRDestroySpatialReference(copy)
    }
    return VectorCRS(epsg: epsg, wkt: wkt, isGeographic: OSRIsGeographic(reference) != 0)
  }

  private static func epsgCode(_ reference: OGRSpatialReferenceH) -> Int? {
    guard let authority = OSRGetAuthorityName(reference, nil), String(cString: authority).uppercased() == "EPSG",
      let code = OSRGetAuthorityCode(reference, nil)
    else { return nil }
    return Int(String(cString: code))
  }

  /// The rings of an OGR polygon; nil when a ring is missing or its points cannot be copied.
  private static func polygon<Space>(_ geometry: OGRGeometryH) -> Polygon<Space>? {
    let count = OGR_G_GetGeometryCount(geometry)
    let handles = (0..<count).compactMap { OGR_G_GetGeometryRef(geometry, $0) }
    guard count > 0, handles.count == count else { return nil }
    let rings = handles.map { ring -> Ring<Space>? in
      let n = Int(OGR_G_GetPointCount(ring))
      guard n > 0 else { return nil }
      var xs = [Double](repeating: 0, count: n)
      var ys = [Double](repeating: 0, count: n)
      let copied = xs.withUnsafeMutableBytes { x in
        ys.withUnsafeMutableBytes { y in
          OGR_G_GetPoints(ring, x.baseAddress, Int32(MemoryLayout<Double>.stride), y.baseAddress, Int32(MemoryLayout<Double>.stride), nil, 0)
        }
      }
      guard copied == n else { return nil }
      return Ring(zip(xs, ys).map { Position(x: $0, y: $1) })
    }
    guard let exterior = rings.first ?? nil, rings.allSatisfy({ $0 != nil }) else { return nil }
    return Polygon(exterior: exterior, holes: rings.dropFirst().compactMap { $0 })
  }

  /// Runs `body` with GDAL's messages kept in its error state instead of printed to stderr:
  /// they reach the user inside `VectorError`.
  private static func withQuietErrors<T>(_ body: () -> T) -> T {
    CPLPushErrorHandler(CPLQuietErrorHandler)
    defer { CPLPopErrorHandler() }
    return body()
  }

  private static func lastError(or fallback: String) -> String {
    guard let message = CPLGetLastErrorMsg() else { return fallback }
    let text = String(cString: message)
    return text.isEmpty ? fallback : text
  }
}

/// One `OGRFeatureH`, destroyed in `deinit`.
private final class FeatureHandle {
  let handle: OGRFeatureH
  init(_ handle: OGRFeatureH) { self.handle = handle }
  deinit { OGR_F_Destroy(handle) }

  func value(_ i: Int32, type: OGRFieldType) -> VectorValue {
    switch type {
    case OFTInteger, OFTInteger64: return .integer(OGR_F_GetFieldAsInteger64(handle, i))
    case OFTReal: return .real(OGR_F_GetFieldAsDouble(handle, i))
    default: return .text(OGR_F_GetFieldAsString(handle, i).map { String(cString: $0) } ?? "")
    }
  }
}

/// A NULL-terminated `char **` for GDAL option lists, valid inside `body`.
private func withCStringArray<T>(_ strings: [String], _ body: (UnsafeMutablePointer<UnsafePointer<CChar>?>?) -> T) -> T {
  guard !strings.isEmpty else { return body(nil) }
  let copies = strings.map { strdup($0) }
  defer { copies.forEach { free($0) } }
  var pointers: [UnsafePointer<CChar>?] = copies.map { UnsafePointer($0) } + [nil]
  return pointers.withUnsafeMutableBufferPointer { body($0.baseAddress) }
}
