import AtlasGeometry

/// A layer's areas as GEOS prepared geometries, queried point by point: the brute-force
/// `covers` oracle that the grid index (`PolygonIndex`) is tested against.
///
/// No production path uses it (joins use `PolygonIndex`, overlays `Overlay`): it is `package`,
/// for the test targets of this package (AtlasSpatialTests, AtlasSyntheticTests,
/// EquityAtlasCLITests), which check the grid index and generated polygons against GEOS.
/// Not thread-safe (one GEOS context); create one per thread.
package final class PreparedLayer {
  package let areaIDs: [String]
  private let context: GEOSContext
  private let prepared: [PreparedGeometry]
  private let envelopes: [Envelope]

  /// - Throws: `GEOSError` naming the area GEOS could not build or prepare.
  package init<Space>(_ layer: Layer<Space>) throws {
    areaIDs = layer.areas.map(\.id)
    envelopes = layer.areas.map(\.envelope)
    let context = try GEOSContext()
    self.context = context
    prepared = try layer.areas.map { area in
      try PreparedGeometry(try context.geometry(area.polygons, "layer \(layer.id) area \(area.id)"), "layer \(layer.id) area \(area.id)")
    }
  }

  /// Indexes of every area whose closed polygon covers the point (GEOS `covers`), in layer order.
  ///
  /// - Complexity: O(areas) envelope tests plus one prepared predicate per envelope hit.
  package func areasCovering(x: Double, y: Double) throws -> [Int] {
    let point = try context.point(x: x, y: y)
    var result: [Int] = []
    for (index, envelope) in envelopes.enumerated() where envelope.contains(x: x, y: y) {
      if try prepared[index].covers(point, "area \(areaIDs[index]) at (\(x), \(y))") { result.append(index) }
    }
    return result
  }
}
