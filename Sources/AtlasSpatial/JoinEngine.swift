import AtlasGeometry
import Foundation

/// The point locator: the layers a join assigns points to, each validated, repaired if needed
/// and indexed once (`AtlasPipeline` adds `load(layerIDs:from:manifest:rule:)`, which reads
/// them from a data directory).
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
