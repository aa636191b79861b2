internal import CGEOS
import AtlasGeometry

/// One non-empty intersection between item `source` of one collection and item `target` of
/// another, with its area in the square units of their space.
public struct OverlapArea: Hashable, Sendable {
  public var source: Int
  public var target: Int
  public var area: Double
}

/// Polygon overlays with GEOS: the areas shared by two collections of polygons, and coverage
/// of areas by a union of discs. Inputs in a planar space (EPSG:3435 feet here), so areas are
/// square feet.
///
/// Not thread-safe: one GEOS context per instance.
public final class Overlay<Space: CoordinateSpace> {
  private let context = GEOSContext()
  private var geometries: [OpaquePointer] = []
  private var prepared: [OpaquePointer] = []
  private var envelopes: [Envelope] = []
  private var areas: [Double] = []

  /// Prepares the target collection (e.g. a layer's areas, each a list of polygons).
  ///
  /// - Throws: `GEOSError` naming the item GEOS could not build.
  public init(targets: [[Polygon<Space>]]) throws {
    for (index, polygons) in targets.enumerated() {
      guard let geometry = context.makeGeometry(polygons) else { throw context.error("geometry construction", "target \(index)") }
      geometries.append(geometry)
      guard let p = GEOSPrepare_r(context.handle, geometry) else { throw context.error("prepare", "target \(index)") }
      prepared.append(p)
      var e = Envelope.empty
      for polygon in polygons { e.extend(polygon.envelope) }
      envelopes.append(e)
      var area = 0.0
      GEOSArea_r(context.handle, geometry, &area)
      areas.append(area)
    }
  }

  deinit {
    for p in prepared { GEOSPreparedGeom_destroy_r(context.handle, p) }
    for g in geometries { GEOSGeom_destroy_r(context.handle, g) }
  }

  /// Area of each target.
  public var targetAreas: [Double] { areas }

  /// Every non-empty intersection of each source with each target.
  ///
  /// - Complexity: O(s·t) envelope tests plus one GEOS intersection per envelope hit that is
  ///   not wholly inside the target (those take the source's own area).
  public func overlaps(of sources: [[Polygon<Space>]]) throws -> [OverlapArea] {
    var result: [OverlapArea] = []
    for (s, polygons) in sources.enumerated() {
      var sourceEnvelope = Envelope.empty
      for polygon in polygons { sourceEnvelope.extend(polygon.envelope) }
      guard let source = context.makeGeometry(polygons) else { throw context.error("geometry construction", "source \(s)") }
      defer { GEOSGeom_destroy_r(context.handle, source) }
      for t in envelopes.indices where Self.intersects(sourceEnvelope, envelopes[t]) {
        let area = try intersectionArea(source, target: t, label: "source \(s) × target \(t)")
        if area > 0 { result.append(OverlapArea(source: s, target: t, area: area)) }
      }
    }
    return result
  }

  /// For each target, the area covered by the union of discs of `radius` around `centers`.
  ///
  /// The discs are GEOS buffers (32 segments per quarter circle, area within 0.02% of a true
  /// disc) of the multipoint, which unions them.
  public func coverage(ofDiscsAround centers: [Position<Space>], radius: Double) throws -> [Double] {
    guard !centers.isEmpty, radius > 0 else { return Array(repeating: 0, count: geometries.count) }
    var points: [OpaquePointer?] = []
    for c in centers {
      guard let point = GEOSGeom_createPointFromXY_r(context.handle, c.x, c.y) else { throw context.error("point construction", "\(c)") }
      points.append(point)
    }
    // The collection takes ownership of the points.
    guard let multipoint = points.withUnsafeMutableBufferPointer({
      GEOSGeom_createCollection_r(context.handle, Int32(GEOS_MULTIPOINT.rawValue), $0.baseAddress, UInt32($0.count))
    }) else { throw context.error("multipoint construction", "\(centers.count) centres") }
    defer { GEOSGeom_destroy_r(context.handle, multipoint) }
    guard let discs = GEOSBuffer_r(context.handle, multipoint, radius, 32) else { throw context.error("buffer", "\(centers.count) centres") }
    defer { GEOSGeom_destroy_r(context.handle, discs) }
    return try coverage(by: discs, label: "discs")
  }

  /// For each target, the area covered by the union of `polygons`.
  public func coverage(by polygons: [Polygon<Space>]) throws -> [Double] {
    guard !polygons.isEmpty else { return Array(repeating: 0, count: geometries.count) }
    guard let geometry = context.makeGeometry(polygons) else { throw context.error("geometry construction", "coverage") }
    defer { GEOSGeom_destroy_r(context.handle, geometry) }
    // Overlapping parts would be counted twice by the intersection area: union them first.
    guard let union = GEOSUnaryUnion_r(context.handle, geometry) else { throw context.error("union", "coverage") }
    defer { GEOSGeom_destroy_r(context.handle, union) }
    return try coverage(by: union, label: "coverage")
  }

  private func coverage(by geometry: OpaquePointer, label: String) throws -> [Double] {
    var covered: [Double] = []
    for t in geometries.indices {
      covered.append(try intersectionArea(geometry, target: t, label: "\(label) × target \(t)"))
    }
    return covered
  }

  private func intersectionArea(_ geometry: OpaquePointer, target t: Int, label: String) throws -> Double {
    switch GEOSPreparedIntersects_r(context.handle, prepared[t], geometry) {
    case 0: return 0
    case 1: break
    default: throw context.error("PreparedIntersects", label)
    }
    if GEOSPreparedContains_r(context.handle, prepared[t], geometry) == 1 {
      var area = 0.0
      GEOSArea_r(context.handle, geometry, &area)
      return area
    }
    guard let intersection = GEOSIntersection_r(context.handle, geometry, geometries[t]) else {
      throw context.error("Intersection", label)
    }
    defer { GEOSGeom_destroy_r(context.handle, intersection) }
    var area = 0.0
    guard GEOSArea_r(context.handle, intersection, &area) == 1 else { throw context.error("Area", label) }
    return area
  }

  static func intersects(_ a: Envelope, _ b: Envelope) -> Bool {
    a.minX <= b.maxX && b.minX <= a.maxX && a.minY <= b.maxY && b.minY <= a.maxY
  }
}
