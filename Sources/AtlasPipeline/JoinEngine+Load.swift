import AtlasIO
import AtlasSpatial

extension JoinEngine {
  /// Loads the named layers from a data directory (GeoJSON, or any format GDAL reads:
  /// `DataDirectory.loadBoundaryLayer`), one per core, and builds the engine.
  public static func load(
    layerIDs: [String], from data: DataDirectory, manifest: BoundaryManifest, rule: BoundaryRule
  ) throws -> JoinEngine {
    let specs = try manifest.layers(named: layerIDs)
    // Reading and parsing the files dominates start-up: one layer per core.
    return try JoinEngine(layers: parallelMap(specs.count) { try data.loadBoundaryLayer(specs[$0]) }, rule: rule)
  }
}
