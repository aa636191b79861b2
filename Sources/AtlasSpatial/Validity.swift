internal import CGEOS
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
    let context = GEOSContext()
    var layer = layer
    var repairs: [ValidityRepair] = []
    for index in layer.areas.indices {
      let area = layer.areas[index]
      guard let geometry = context.makeGeometry(area.polygons) else {
        throw context.error("geometry construction", "layer \(layer.id) area \(area.id)")
      }
      defer { GEOSGeom_destroy_r(context.handle, geometry) }
      let valid = GEOSisValid_r(context.handle, geometry)
      if valid == 1 { continue }
      guard valid == 0 else { throw context.error("isValid", "layer \(layer.id) area \(area.id)") }
      var reason = "invalid"
      if let text = GEOSisValidReason_r(context.handle, geometry) {
        reason = String(cString: text)
        GEOSFree_r(context.handle, text)
      }
      guard let repaired = GEOSMakeValid_r(context.handle, geometry) else {
        throw context.error("MakeValid", "layer \(layer.id) area \(area.id)")
      }
      defer { GEOSGeom_destroy_r(context.handle, repaired) }
      let (polygons, dropped) = context.polygons(of: repaired, in: Space.self)
      var before = 0.0, after = 0.0
      GEOSArea_r(context.handle, geometry, &before)
      GEOSArea_r(context.handle, repaired, &after)
      layer.areas[index].polygons = polygons
      repairs.append(ValidityRepair(areaID: area.id, reason: reason, areaBefore: before, areaAfter: after, droppedParts: dropped))
    }
    return (layer, repairs)
  }
}
