internal import CGEOS
import AtlasGeometry

/// The shared part of item `source` of one collection and item `target` of another: its
/// polygons and area (square units of the space).
public struct Piece<Space: CoordinateSpace>: Sendable {
  public var source: Int
  public var target: Int
  public var polygons: [Polygon<Space>]
  public var area: Double
}

extension Overlay {
  /// Every non-empty intersection of each source with each target, as polygons: the sources
  /// cut by the targets (e.g. census tracts cut by precincts). The parts of a source outside
  /// every target are not returned. Safe to call from several threads at once (own GEOS
  /// context).
  ///
  /// - Complexity: O(s·t) envelope tests plus one GEOS intersection per envelope hit that is
  ///   not wholly inside its target (those keep the source's own polygons).
  /// - Throws: `GEOSError` naming the source and target GEOS failed on.
  public static func pieces(of sources: [[Polygon<Space>]], cutBy targets: [[Polygon<Space>]]) throws -> [Piece<Space>] {
    let context = GEOSContext()
    var geometries: [OpaquePointer] = [], prepared: [OpaquePointer] = []
    defer {
      for p in prepared { GEOSPreparedGeom_destroy_r(context.handle, p) }
      for g in geometries { GEOSGeom_destroy_r(context.handle, g) }
    }
    for (t, polygons) in targets.enumerated() {
      guard let geometry = context.makeGeometry(polygons) else { throw context.error("geometry construction", "target \(t)") }
      geometries.append(geometry)
      guard let p = GEOSPrepare_r(context.handle, geometry) else { throw context.error("prepare", "target \(t)") }
      prepared.append(p)
    }
    let targetEnvelopes = targets.map { $0.reduce(into: Envelope.empty) { $0.extend($1.envelope) } }
    var result: [Piece<Space>] = []
    for (s, polygons) in sources.enumerated() {
      let envelope = polygons.reduce(into: Envelope.empty) { $0.extend($1.envelope) }
      guard let source = context.makeGeometry(polygons) else { throw context.error("geometry construction", "source \(s)") }
      defer { GEOSGeom_destroy_r(context.handle, source) }
      for t in targetEnvelopes.indices where intersects(envelope, targetEnvelopes[t]) {
        let label = "source \(s) × target \(t)"
        switch GEOSPreparedIntersects_r(context.handle, prepared[t], source) {
        case 0: continue
        case 1: break
        default: throw context.error("PreparedIntersects", label)
        }
        var area = 0.0
        if GEOSPreparedContains_r(context.handle, prepared[t], source) == 1 {
          guard GEOSArea_r(context.handle, source, &area) == 1 else { throw context.error("Area", label) }
          if area > 0 { result.append(Piece(source: s, target: t, polygons: polygons, area: area)) }
          continue
        }
        guard let intersection = GEOSIntersection_r(context.handle, source, geometries[t]) else { throw context.error("Intersection", label) }
        defer { GEOSGeom_destroy_r(context.handle, intersection) }
        guard GEOSArea_r(context.handle, intersection, &area) == 1 else { throw context.error("Area", label) }
        let parts = context.polygons(of: intersection, in: Space.self).polygons
        if area > 0, !parts.isEmpty { result.append(Piece(source: s, target: t, polygons: parts, area: area)) }
      }
    }
    return result
  }
}
