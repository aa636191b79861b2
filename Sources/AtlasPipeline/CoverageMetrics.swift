import AtlasGeometry
import AtlasIO
import AtlasProjection
import AtlasSpatial
import AtlasStore
import AtlasVector
import Foundation

/// Reads a GeoJSON of polygon features (service input), validates and projects it, and groups
/// the polygons by a key built from their properties.
///
/// Every feature ends counted once: read (under the outcome label the key gives), or rejected
/// with its index and the reason (no usable geometry, missing identifying properties). Each
/// polygon that GEOS finds invalid is repaired with `GEOSMakeValid`, and the repair is noted
/// (feature, reason, area change). Errors name the file.
struct PolygonInput {
  /// What the key function makes of one feature's properties.
  enum Keyed {
    /// The group key, and the accounting label of the feature (usually "read").
    case key(String, outcome: String = "read")
    /// A reason (a class, counted as one outcome) and the feature's own values.
    case rejected(String, detail: String = "")
  }

  var groups: [(key: String, polygons: [Polygon<IllinoisEastFtUS>])] = []
  var isSynthetic = false
  var accounting: InputAccounting

  /// `profile` maps the file's columns onto the properties `key` reads, and names the layer of
  /// a file that holds several.
  ///
  /// - Throws: `FileIOError` naming the file: unreadable, or a column the profile maps that no
  ///   feature has.
  init(
    path: String, toFeet: Transformer<WGS84LonLat, IllinoisEastFtUS>, profile: PolygonProfile? = nil,
    key: (_ feature: Int, _ properties: [String: String]) -> Keyed
  ) throws {
    accounting = InputAccounting(file: path)
    let lower = path.lowercased()
    var features: [Result<Feature<WGS84LonLat>, FeatureProblem>]
    if let profile { accounting.note("read with \(profile.title)") }
    if lower.hasSuffix(".geojson") || lower.hasSuffix(".json") {
      if let layer = profile?.layer {
        throw FileIOError(path: path, reason: "the profile names layer '\(layer)', but a GeoJSON file has one layer; remove layer: from the profile")
      }
      guard let bytes = FileManager.default.contents(atPath: path) else {
        throw FileIOError(path: path, reason: "cannot read the file (missing, a directory, or not readable)")
      }
      let expected = "expected a GeoJSON FeatureCollection of Polygon/MultiPolygon features in WGS 84"
      let document: JSONValue
      do { document = try JSONValue.parse(Array(bytes)) } catch { throw FileIOError(path: path, reason: "\(error); \(expected)") }
      do {
        features = try GeoJSON.readEachFeature(document: document, in: WGS84LonLat.self).map { $0.mapError { FeatureProblem(reason: $0.reason) } }
      } catch { throw FileIOError(path: path, reason: "\(error); \(expected)") }
      isSynthetic =
        document[ServiceInputs.originField]?.stringValue == ServiceInputs.syntheticOrigin
        || (document["features"]?.arrayValue ?? []).contains {
          $0["properties"]?[ServiceInputs.originField]?.stringValue == ServiceInputs.syntheticOrigin
        }
    } else {
      let read = try Self.readThroughGDAL(path, layerName: profile?.layer, note: { accounting.note($0) })
      features = read.features
      isSynthetic = read.isSynthetic
    }
    if let profile {
      let present = Set(features.flatMap { (try? $0.get())?.properties.keys.map { $0 } ?? [] })
      if let (ours, theirs) = profile.columns.sorted(by: { $0.key < $1.key }).first(where: { !present.contains($0.value) }) {
        throw FileIOError(
          path: path,
          reason:
            "the profile \(profile.name) reads \(ours) from column '\(theirs)', which no feature has; the features have: \(present.sorted().joined(separator: ", "))"
        )
      }
      features = features.map { $0.map { Feature(properties: profile.properties($0.properties), polygons: $0.polygons) } }
    }
    var order: [String] = []
    var byKey: [String: [Polygon<WGS84LonLat>]] = [:]
    for (index, outcome) in features.enumerated() {
      let feature: Feature<WGS84LonLat>
      switch outcome {
      case .failure(let problem):
        accounting.reject(feature: index, reason: problem.reason)
        continue
      case .success(let f): feature = f
      }
      switch key(index, feature.properties) {
      case .rejected(let reason, let detail):
        accounting.reject(feature: index, reason: reason, detail: detail)
      case .key(let k, let outcome):
        let single = Layer(id: path, areas: [Area(id: k, name: k, polygons: feature.polygons)], featureCount: 1)
        let (valid, repairs) = try LayerValidation.validated(single)
        for repair in repairs { accounting.note("feature \(index): \(repair)") }
        if byKey[k] == nil { order.append(k) }
        byKey[k, default: []] += valid.areas[0].polygons
        accounting.count(outcome)
      }
    }
    let layer = Layer(id: path, areas: order.map { Area(id: $0, name: $0, polygons: byKey[$0]!) }, featureCount: features.count)
    let projected = try toFeet.transform(layer, to: IllinoisEastFtUS.self)
    groups = projected.areas.map { ($0.id, $0.polygons) }
  }

  /// Polygon features of any file GDAL reads (GeoPackage, shapefile plain or zipped,
  /// FlatGeobuf, CSV with WKT, …), reprojected from the CRS the file declares to WGS 84. A
  /// feature GDAL cannot give as polygons is a failure with its reason; a file without a CRS is
  /// read as lon/lat only when its coordinates are (`VectorDataset` refuses it otherwise).
  ///
  /// `layerName` chooses the layer of a file that holds several (a GeoPackage); without it a
  /// file of several layers is refused with their names.
  static func readThroughGDAL(
    _ path: String, layerName: String? = nil, note: (String) -> Void
  ) throws -> (
    features: [Result<Feature<WGS84LonLat>, FeatureProblem>], isSynthetic: Bool
  ) {
    let layer: VectorLayer<FileCoordinates>
    do {
      let dataset = try VectorDataset(path: path)
      layer = try dataset.readPolygons(layer: dataset.layerIndex(named: layerName), in: FileCoordinates.self)
    } catch {
      throw FileIOError(path: path, reason: "\(error.message) (read through GDAL: \(error.operation))")
    }
    var transform: (Polygon<FileCoordinates>) throws -> Polygon<WGS84LonLat> = { $0.relabelled() }
    switch layer.crs {
    case nil:
      note("declares no CRS; its coordinates are longitude/latitude and are read as WGS 84")
    case let crs? where crs.isGeographic && (crs.epsg == 4326 || crs.epsg == 4269):
      note("read through GDAL in \(crs)")
    case let crs?:
      guard let epsg = crs.epsg else {
        throw FileIOError(
          path: path, reason: "declares a CRS with no EPSG code; reproject it to EPSG:4326 first, e.g. ogr2ogr -t_srs EPSG:4326 out.gpkg \(path)")
      }
      let operation = try CoordinateOperation(from: CRS(epsg: epsg), to: .wgs84)
      transform = { try operation.transform($0, to: WGS84LonLat.self) }
      note("read through GDAL and reprojected from \(crs) to WGS 84 with PROJ")
    }
    var byIndex: [Int: Result<Feature<WGS84LonLat>, FeatureProblem>] = [:]
    for feature in layer.features {
      var properties: [String: String] = [:]
      for (name, value) in feature.attributes { properties[name] = value.description }
      byIndex[feature.index] = .success(Feature(properties: properties, polygons: try feature.polygons.map(transform)))
    }
    for rejection in layer.rejections {
      byIndex[rejection.index] = .failure(FeatureProblem(reason: rejection.reason))
    }
    let synthetic = layer.features.contains { $0.attributes[ServiceInputs.originField]?.description == ServiceInputs.syntheticOrigin }
    return (byIndex.keys.sorted().map { byIndex[$0]! }, synthetic)
  }

  /// Adds another file's groups: polygons under the same key join that group.
  mutating func merge(_ other: PolygonInput) {
    isSynthetic = isSynthetic || other.isSynthetic
    for (key, polygons) in other.groups {
      if let i = groups.firstIndex(where: { $0.key == key }) { groups[i].polygons += polygons } else { groups.append((key, polygons)) }
    }
  }
}

/// Per-area cellular coverage (family `cellular`), stratum `<provider> | <technology> |
/// <environment>`, plus `any | <technology> | <environment>` for the union over providers:
/// `covered_share`, the share of the area inside the coverage polygons (EPSG:3435).
public enum CellularMetrics {
  static func key(_ feature: Int, _ p: [String: String]) -> PolygonInput.Keyed {
    typealias C = ServiceInputs.Coverage
    let missing = [C.provider, C.technology, C.environment].filter { (p[$0] ?? "").trimmingWhitespace().isEmpty }
    guard missing.isEmpty else { return .rejected("no \(missing.joined(separator: ", ")) property") }
    let documented =
      ["4G LTE 5/1", "5G-NR 7/1", "5G-NR 35/3"].contains(p[C.technology]!) && ["outdoor-stationary", "in-vehicle"].contains(p[C.environment]!)
    return .key(
      "\(p[C.provider]!) | \(p[C.technology]!) | \(p[C.environment]!)",
      outcome: documented ? "read" : "read; technology or environment not among those documented (kept as given)")
  }

  static func compute(_ input: PolygonInput, layers: [Layer<WGS84LonLat>], overlays: [Overlay<IllinoisEastFtUS>]) throws -> [AreaMetric] {
    var strata = input.groups
    var anyProvider: [String: [Polygon<IllinoisEastFtUS>]] = [:]
    var anyOrder: [String] = []
    for (key, polygons) in input.groups {
      let tier = "any | " + key.split(separator: "|").dropFirst().map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " | ")
      if anyProvider[tier] == nil { anyOrder.append(tier) }
      anyProvider[tier, default: []] += polygons
    }
    strata += anyOrder.map { ($0, anyProvider[$0]!) }
    // Each stratum's union once, intersected with every layer's areas.
    let unions = try parallelMap(strata.count) { s in try Overlay<IllinoisEastFtUS>.union(strata[s].polygons) }
    let coveredByLayer = try parallelMap(layers.count) { l in try unions.map { try overlays[l].coverage(byDisjoint: $0) } }
    var metrics: [AreaMetric] = []
    for (l, layer) in layers.enumerated() {
      for (s, (stratum, _)) in strata.enumerated() {
        let covered = coveredByLayer[l][s]
        for (a, area) in layer.areas.enumerated() {
          let total = overlays[l].targetAreas[a]
          metrics.append(
            AreaMetric(
              layer: layer.id, areaID: area.id, family: AtlasFamily.cellular.rawValue, metric: CellularMetric.coveredShare.rawValue, stratum: stratum,
              value: total > 0 ? covered[a] / total : 0, n: 1))
        }
      }
    }
    return metrics
  }
}

/// Fleet service zones (`fleet_zones.geojson`), keyed by `zone_id`, with each zone's service
/// and base.
///
/// A feature without a `zone_id`, or repeating an earlier feature's, is rejected; a zone whose
/// `base_id` is missing or names no base of the bases file is read under an outcome that says
/// it has no distance to its base, and noted with the base it names.
struct FleetZones {
  var input: PolygonInput
  var service: [String: String] = [:]
  var base: [String: String] = [:]

  /// `baseIDs`: the bases read from the bases file; nil when no bases file was given.
  init(path: String, toFeet: Transformer<WGS84LonLat, IllinoisEastFtUS>, profile: PolygonProfile? = nil, baseIDs: Set<String>?) throws {
    typealias Z = ServiceInputs.FleetZones
    var service: [String: String] = [:]
    var base: [String: String] = [:]
    var firstFeature: [String: Int] = [:]
    input = try PolygonInput(path: path, toFeet: toFeet, profile: profile) { feature, p -> PolygonInput.Keyed in
      guard let id = p[Z.zoneID]?.trimmingWhitespace(), !id.isEmpty else { return .rejected("no \(Z.zoneID) property") }
      if let first = firstFeature[id] { return .rejected("duplicate \(Z.zoneID)", detail: "'\(id)', first in feature \(first)") }
      firstFeature[id] = feature
      service[id] = p[Z.service] ?? "unknown"
      let named = p[Z.baseID]?.trimmingWhitespace() ?? ""
      guard !named.isEmpty else { return .key(id, outcome: "read; no \(Z.baseID), so no distance to its base") }
      base[id] = named
      guard let baseIDs else { return .key(id, outcome: "read; no fleet bases file, so no distance to its base") }
      guard baseIDs.contains(named) else { return .key(id, outcome: "read; \(Z.baseID) not among the fleet bases, so no distance to its base") }
      return .key(id)
    }
    (self.service, self.base) = (service, base)
    if let baseIDs {
      let unknown = base.filter { !baseIDs.contains($0.value) }.sorted { $0.key < $1.key }
      if !unknown.isEmpty {
        input.accounting.note(
          "zones naming a base that is not in the fleet bases: " + unknown.prefix(10).map { "\($0.key) → \($0.value)" }.joined(separator: ", ")
            + (unknown.count > 10 ? ", …" : ""))
      }
    }
  }
}

/// Fleet service zones and bases (family `fleet`):
/// - `zone_share`, stratum = zone id: share of the area inside each zone (the zone × area
///   overlap matrix; only non-zero cells);
/// - `unzoned_share`, stratum = service: share of the area in no zone of that service;
/// - `centroid_to_nearest_base_miles`, stratum = service: straight-line distance from the
///   area's population-weighted centroid to the nearest base (EPSG:3435);
/// - `centroid_to_zone_base_miles`, stratum = service: the same to the base of the zone that
///   serves most of the area — what a stretched zone makes long.
public enum FleetMetrics {
  static func compute(
    zones: PolygonInput?, zoneService: [String: String], zoneBase: [String: String],
    bases: [(id: String, service: String, position: Position<IllinoisEastFtUS>)],
    layers: [Layer<WGS84LonLat>], overlays: [Overlay<IllinoisEastFtUS>], centroids: [[Position<IllinoisEastFtUS>?]]
  ) throws -> [AreaMetric] {
    var metrics: [AreaMetric] = []
    let services = Array(Set(bases.map(\.service)).union(zoneService.values)).sorted()
    for (l, layer) in layers.enumerated() {
      func add(_ a: Int, _ metric: FleetMetric, _ stratum: String, _ value: Double) {
        metrics.append(
          AreaMetric(
            layer: layer.id, areaID: layer.areas[a].id, family: AtlasFamily.fleet.rawValue, metric: metric.rawValue, stratum: stratum, value: value,
            n: 1))
      }
      if let zones {
        let pieces = try overlays[l].overlaps(of: zones.groups.map(\.polygons))
        var zonedByService: [String: [Double]] = [:]
        for piece in pieces {
          let total = overlays[l].targetAreas[piece.target]
          let zone = zones.groups[piece.source].key
          add(piece.target, .zoneShare, zone, piece.area / total)
          zonedByService[zoneService[zone] ?? "unknown", default: Array(repeating: 0, count: layer.areas.count)][piece.target] += piece.area / total
        }
        for service in Set(zoneService.values).sorted() {
          for a in layer.areas.indices { add(a, .unzonedShare, service, max(0, 1 - (zonedByService[service]?[a] ?? 0))) }
        }
        let basePositions = Dictionary(bases.map { ($0.id, $0.position) }, uniquingKeysWith: { first, _ in first })
        var serving: [String: [Int: (zone: String, area: Double)]] = [:]
        for piece in pieces {
          let zone = zones.groups[piece.source].key
          let service = zoneService[zone] ?? "unknown"
          if piece.area > serving[service]?[piece.target]?.area ?? 0 { serving[service, default: [:]][piece.target] = (zone, piece.area) }
        }
        for (service, byArea) in serving.sorted(by: { $0.key < $1.key }) {
          for (a, best) in byArea.sorted(by: { $0.key < $1.key }) {
            guard let c = centroids[l][a], let base = zoneBase[best.zone].flatMap({ basePositions[$0] }) else { continue }
            add(a, .centroidToZoneBaseMiles, service, ((base.x - c.x) * (base.x - c.x) + (base.y - c.y) * (base.y - c.y)).squareRoot() / 5_280)
          }
        }
      }
      for service in services {
        let own = bases.filter { $0.service == service }.map(\.position)
        guard !own.isEmpty else { continue }
        for a in layer.areas.indices {
          guard let c = centroids[l][a] else { continue }
          let feet = own.map { (($0.x - c.x) * ($0.x - c.x) + ($0.y - c.y) * ($0.y - c.y)).squareRoot() }.min()!
          add(a, .centroidToNearestBaseMiles, service, feet / 5_280)
        }
      }
    }
    return metrics
  }

  /// Bases from `fleet_bases.csv`, projected. A base without a usable location, or whose
  /// `base_id` is empty or repeats an earlier row's, is rejected with its line.
  static func readBases(
    path: String, toFeet: Transformer<WGS84LonLat, IllinoisEastFtUS>
  ) throws -> (bases: [(id: String, service: String, position: Position<IllinoisEastFtUS>)], accounting: InputAccounting) {
    typealias B = ServiceInputs.FleetBases
    let csv = try CSVTable(contentsOf: path)
    var accounting = InputAccounting(file: path)
    let cols = try [B.baseID, B.service, B.longitude, B.latitude].map { name -> Int in
      guard let i = csv.column(name) else {
        throw FileIOError(path: path, reason: "no column '\(name)'; the header has: \(csv.header.joined(separator: ", "))")
      }
      return i
    }
    var found: [(String, String, Position<WGS84LonLat>)] = []
    var firstLine: [String: Int] = [:]
    for row in csv.rows {
      if let problem = row.problem {
        accounting.reject(line: row.line, reason: problem.reason, detail: problem.message)
        continue
      }
      let id = row.fields[cols[0]].trimmingWhitespace()
      guard !id.isEmpty else {
        accounting.reject(line: row.line, reason: "empty base_id")
        continue
      }
      if let first = firstLine[id] {
        accounting.reject(line: row.line, reason: "duplicate base_id", detail: "'\(id)', first on line \(first)")
        continue
      }
      guard let lon = Double(row.fields[cols[2]].trimmingWhitespace()), let lat = Double(row.fields[cols[3]].trimmingWhitespace()),
        lon.isFinite, lat.isFinite, (-180...180).contains(lon), (-90...90).contains(lat)
      else {
        accounting.reject(line: row.line, reason: "no usable location", detail: "'\(row.fields[cols[2]])', '\(row.fields[cols[3]])'")
        continue
      }
      firstLine[id] = row.line
      found.append((id, row.fields[cols[1]], Position(x: lon, y: lat)))
      accounting.count("read")
    }
    let projected = try toFeet.transform(found.map(\.2), to: IllinoisEastFtUS.self)
    return (zip(found, projected).map { ($0.0, $0.1, $1) }, accounting)
  }
}

/// Why one feature of a polygon file cannot be used.
struct FeatureProblem: Error {
  var reason: String
}

/// Coordinates as a file stores them, before reprojection (their CRS is the file's).
enum FileCoordinates: CoordinateSpace { static let crs = CRS(epsg: 0) }

extension Polygon {
  /// The same coordinates in another space: only for a file already in that space.
  func relabelled<T>() -> Polygon<T> {
    Polygon<T>(
      exterior: Ring(exterior.positions.map { Position(x: $0.x, y: $0.y) }),
      holes: holes.map { Ring($0.positions.map { Position(x: $0.x, y: $0.y) }) })
  }
}
