import AtlasGeometry

/// What validation found in one area and, if it was invalid, what the repair changed.
public struct ValidityRepair: Sendable, CustomStringConvertible {
  public var areaID: String
  /// GEOS's reason (`GEOSisValidReason`), e.g. "Self-intersection[-87.6 41.8]".
  public var reason: String
  /// Planar area (square degrees) before and after `GEOSMakeValid`.
  public var areaBefore: Double
  public var areaAfter: Double
  /// Non-polygonal pieces (lines, points) the repair produced and that were dropped.
  public var droppedParts: Int

  public var description: String {
    // GEOS measures an invalid outline by the shoelace formula, in which a self-intersecting
    // ring's lobes cancel; a relative change from that is meaningless, so both areas are given.
    let change =
      areaBefore > 0 && areaAfter > 0
      ? String(format: "area as drawn %.6g, repaired %.6g, change %+.4f%%", areaBefore, areaAfter, (areaAfter - areaBefore) / areaBefore * 100)
      : String(format: "area as drawn %.6g, repaired %.6g", areaBefore, areaAfter)
    return "area \(areaID): \(reason); repaired with GEOSMakeValid (\(change) square units of the input CRS"
      + (droppedParts > 0 ? "; \(droppedParts) non-polygonal part(s) dropped)" : ")")
  }
}

/// Validates every area of a layer with GEOS and repairs the invalid ones.
public enum LayerValidation {
  /// The layer with invalid areas replaced by their `GEOSMakeValid` repair, and a report of
  /// each repair. Valid areas are returned unchanged (same coordinates, bit for bit).
  ///
  /// - Throws: `GEOSError` when GEOS cannot build, test or repair a geometry.
  public static func validated<Space>(_ layer: Layer<Space>) throws -> (layer: Layer<Space>, repairs: [ValidityRepair]) {
    let context = try GEOSContext()
    var layer = layer
    var repairs: [ValidityRepair] = []
    for index in layer.areas.indices {
      let area = layer.areas[index]
      let label = "layer \(layer.id) area \(area.id)"
      let geometry = try context.geometry(area.polygons, label)
      if try geometry.isValid(label) { continue }
      let reason = try geometry.validityReason(label)
      let repaired = try geometry.madeValid(label)
      let (polygons, dropped) = try repaired.polygons(in: Space.self, label)
      let before = try geometry.area(label)
      let after = try repaired.area(label)
      layer.areas[index].polygons = polygons
      repairs.append(ValidityRepair(areaID: area.id, reason: reason, areaBefore: before, areaAfter: after, droppedParts: dropped))
    }
    return (layer, repairs)
  }
}
