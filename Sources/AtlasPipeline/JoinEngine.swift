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
    var validated: [Layer<WGS84LonLat>] = []
    var repairs: [String: [ValidityRepair]] = [:]
    for layer in layers {
      let (checked, layerRepairs) = try LayerValidation.validated(layer)
      validated.append(checked)
      if !layerRepairs.isEmpty { repairs[layer.id] = layerRepairs }
    }
    self.layers = validated
    self.repairs = repairs
    self.rule = rule
    self.indexes = validated.map { PolygonIndex($0, rule: rule, resolution: resolution) }
    var extent = Envelope.empty
    for layer in validated { extent.extend(layer.envelope) }
    let pad = 0.05
    self.extent = Envelope(minX: extent.minX - pad, minY: extent.minY - pad, maxX: extent.maxX + pad, maxY: extent.maxY + pad)
  }

  /// Loads the named layers from a data directory.
  public static func load(
    layerIDs: [String], from data: DataDirectory, manifest: BoundaryManifest, rule: BoundaryRule
  ) throws -> JoinEngine {
    let specs = try manifest.layers(named: layerIDs)
    return try JoinEngine(layers: specs.map { try data.loadLayer($0) }, rule: rule)
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
