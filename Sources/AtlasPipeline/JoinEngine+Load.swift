import AtlasIO
import AtlasSpatial

extension JoinEngine {
  /// Loads the named layers from a data directory (one per core) and builds the engine.
  public static func load(
    layerIDs: [String], from data: DataDirectory, manifest: BoundaryManifest, rule: BoundaryRule
  ) throws -> JoinEngine {
    try JoinEngine(layers: data.loadLayers(named: layerIDs, manifest: manifest), rule: rule)
  }
}
