import AtlasGeometry
import AtlasIO
import AtlasSpatial
import Foundation

/// The layers a join assigns points to, each loaded, validated, repaired if needed and indexed
/// once.
public struct JoinEngine: Sendable {
  public var layers: [Layer<WGS84LonLat>]
  public var indexes: [PolygonIndex]
  /// Repairs made to invalid polygons, per layer id (empty when all were valid).
  public var repairs: [String: [ValidityRepair]]
  /// The union of the layers' envelopes, padded: a point outside it whose swapped coordinates
  /// fall inside is reported as swapped.
  public var extent: Envelope
  public var rule: BoundaryRule

  public init(layers: [Layer<WGS84LonLat>], rule: BoundaryRule, resolution: Int = PolygonIndex.defaultResolution) throws {
    // Each layer is validated (its own GEOS context) and indexed on its own core.
    let built = try parallelMap(layers.count) { l -> (Layer<WGS84LonLat>, [ValidityRepair], PolygonIndex) in
      let (checked, layerRepairs) = try LayerValidation.validated(layers[l])
      return (checked, layerRepairs, PolygonIndex(checked, rule: rule, resolution: resolution))
    }
    let validated = built.map(\.0)
    var repairs: [String: [ValidityRepair]] = [:]
    for (layer, layerRepairs, _) in built where !layerRepairs.isEmpty { repairs[layer.id] = layerRepairs }
    self.layers = validated
    self.repairs = repairs
    self.rule = rule
    self.indexes = built.map(\.2)
    var extent = Envelope.empty
    for layer in validated { extent.extend(layer.envelope) }
    let pad = 0.05
    self.extent = Envelope(minX: extent.minX - pad, minY: extent.minY - pad, maxX: extent.maxX + pad, maxY: extent.maxY + pad)
  }

  /// Loads the named layers from a data directory (GeoJSON, or any format GDAL reads:
  /// `DataDirectory.loadBoundaryLayer`).
  public static func load(
    layerIDs: [String], from data: DataDirectory, manifest: BoundaryManifest, rule: BoundaryRule
  ) throws -> JoinEngine {
    let specs = try manifest.layers(named: layerIDs)
    // Reading and parsing the files dominates start-up: one layer per core.
    return try JoinEngine(layers: parallelMap(specs.count) { try data.loadBoundaryLayer(specs[$0]) }, rule: rule)
  }

  public var layerIDs: [String] { layers.map(\.id) }

  /// The location of one WGS 84 position in every layer.
  public func locate(lon: Double, lat: Double) -> [PointLocation] {
    indexes.map { $0.locate(lon: lon, lat: lat) }
  }

  /// The area id of a location in layer `layer`, or nil outside.
  public func areaID(_ location: PointLocation, layer: Int) -> String? {
    location.isOutside ? nil : layers[layer].areas[Int(location.area)].id
  }
}
