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
    let context = try GEOSContext()
    let prepared = try targets.enumerated().map { t, polygons in
      try PreparedGeometry(try context.geometry(polygons, "target \(t)"), "target \(t)")
    }
    let targetEnvelopes = targets.map { $0.reduce(into: Envelope.empty) { $0.extend($1.envelope) } }
    var result: [Piece<Space>] = []
    for (s, polygons) in sources.enumerated() {
      let envelope = polygons.reduce(into: Envelope.empty) { $0.extend($1.envelope) }
      let source = try context.geometry(polygons, "source \(s)")
      for t in targetEnvelopes.indices where intersects(envelope, targetEnvelopes[t]) {
        let target = prepared[t]
        guard try target.intersects(source, "source \(s) × target \(t)") else { continue }
        if try target.contains(source, "source \(s) × target \(t)") {
          let area = try source.area("source \(s) × target \(t)")
          if area > 0 { result.append(Piece(source: s, target: t, polygons: polygons, area: area)) }
          continue
        }
        let intersection = try source.intersection(target.geometry, "source \(s) × target \(t)")
        let area = try intersection.area("source \(s) × target \(t)")
        let parts = try intersection.polygons(in: Space.self, "source \(s) × target \(t)").polygons
        if area > 0, !parts.isEmpty { result.append(Piece(source: s, target: t, polygons: parts, area: area)) }
      }
    }
    return result
  }
}
