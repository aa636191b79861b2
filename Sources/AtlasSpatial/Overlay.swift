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
/// Instances are not thread-safe (one GEOS context each); the static unions are.
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
  /// The discs are GEOS buffers (32 segments per quarter circle: a regular 128-gon inscribed in
  /// the circle, area 0.04% short of a true disc's) of the multipoint, which unions them. To
  /// cover several overlays by the same discs, make the union once with
  /// `unionOfDiscs(around:radius:)` and pass it to `coverage(byDisjoint:)`: the figures are the
  /// same.
  public func coverage(ofDiscsAround centers: [Position<Space>], radius: Double) throws -> [Double] {
    try coverage(byDisjoint: Self.unionOfDiscs(around: centers, radius: radius))
  }

  /// For each target, the area covered by the union of `polygons`. To cover several overlays by
  /// the same polygons, make the union once with `union(_:)` and pass it to
  /// `coverage(byDisjoint:)`: the figures are the same.
  public func coverage(by polygons: [Polygon<Space>]) throws -> [Double] {
    // Overlapping parts would be counted twice by the intersection area: union them first.
    try coverage(byDisjoint: Self.union(polygons))
  }

  /// For each target, the area covered by `polygons`, which must not overlap one another (a
  /// union from `union(_:)` or `unionOfDiscs(around:radius:)`; overlaps would count twice).
  ///
  /// Each target is intersected with only the polygons whose envelopes meet its own: the
  /// others cannot meet it, and leaving them out spares GEOS clipping them away target after
  /// target.
  /// - Complexity: per target, an envelope test per polygon, one prepared intersects test and
  ///   one prepared contains test of the nearby polygons and, unless they lie wholly inside the
  ///   target, one GEOS intersection with them.
  public func coverage(byDisjoint polygons: [Polygon<Space>]) throws -> [Double] {
    let polygonEnvelopes = polygons.map(\.envelope)
    var covered: [Double] = []
    for t in geometries.indices {
      let nearby = polygons.indices.filter { Self.intersects(polygonEnvelopes[$0], envelopes[t]) }.map { polygons[$0] }
      guard !nearby.isEmpty else {
        covered.append(0)
        continue
      }
      guard let geometry = context.makeGeometry(nearby) else { throw context.error("geometry construction", "coverage near target \(t)") }
      defer { GEOSGeom_destroy_r(context.handle, geometry) }
      covered.append(try intersectionArea(geometry, target: t, label: "coverage × target \(t)"))
    }
    return covered
  }

  /// The union of the discs of `radius` around `centers`, as non-overlapping polygons (empty
  /// without centres or with a radius ≤ 0).
  ///
  /// A GEOS buffer of the multipoint, 32 segments per quarter circle: each disc is a regular
  /// 128-gon inscribed in its circle, of area 64 r² sin(π/64) = π r² · (1 − 0.0004). Independent
  /// of any overlay: make it once, then cover each overlay with `coverage(byDisjoint:)`. Safe to
  /// call from several threads at once (each call has its own GEOS context).
  /// - Throws: `GEOSError` naming the operation that failed.
  public static func unionOfDiscs(around centers: [Position<Space>], radius: Double) throws -> [Polygon<Space>] {
    guard !centers.isEmpty, radius > 0 else { return [] }
    let context = GEOSContext()
    var points: [OpaquePointer?] = []
    for c in centers {
      guard let point = GEOSGeom_createPointFromXY_r(context.handle, c.x, c.y) else {
        for p in points { GEOSGeom_destroy_r(context.handle, p) }
        throw context.error("point construction", "\(c)")
      }
      points.append(point)
    }
    // The collection takes ownership of the points.
    guard let multipoint = points.withUnsafeMutableBufferPointer({
      GEOSGeom_createCollection_r(context.handle, Int32(GEOS_MULTIPOINT.rawValue), $0.baseAddress, UInt32($0.count))
    }) else { throw context.error("multipoint construction", "\(centers.count) centres") }
    defer { GEOSGeom_destroy_r(context.handle, multipoint) }
    guard let discs = GEOSBuffer_r(context.handle, multipoint, radius, 32) else { throw context.error("buffer", "\(centers.count) centres") }
    defer { GEOSGeom_destroy_r(context.handle, discs) }
    return context.polygons(of: discs, in: Space.self).polygons
  }

  /// The union of `polygons` (GEOS unary union), as non-overlapping polygons. Independent of
  /// any overlay: make it once, then cover each overlay with `coverage(byDisjoint:)`. Safe to
  /// call from several threads at once (each call has its own GEOS context).
  /// - Throws: `GEOSError` naming the operation that failed.
  public static func union(_ polygons: [Polygon<Space>]) throws -> [Polygon<Space>] {
    guard !polygons.isEmpty else { return [] }
    let context = GEOSContext()
    guard let geometry = context.makeGeometry(polygons) else { throw context.error("geometry construction", "union") }
    defer { GEOSGeom_destroy_r(context.handle, geometry) }
    guard let union = GEOSUnaryUnion_r(context.handle, geometry) else { throw context.error("union", "\(polygons.count) polygons") }
    defer { GEOSGeom_destroy_r(context.handle, union) }
    return context.polygons(of: union, in: Space.self).polygons
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
