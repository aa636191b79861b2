import AtlasGeometry

extension DataDirectory {
  /// The layers named by id, each read and checked against the manifest (`loadLayer(_:)`), in
  /// the order given. Reading and parsing the files dominates a join's start-up: one layer per
  /// core.
  ///
  /// - Throws: `DataDirectoryError` for an unknown id or a missing, unreadable or miscounted
  ///   file.
  public func loadLayers(named ids: [String], manifest: BoundaryManifest) throws -> [Layer<WGS84LonLat>] {
    let specs = try manifest.layers(named: ids)
    return try parallelMap(specs.count) { try loadLayer(specs[$0]) }
  }
}
