/// A closed ring of positions; the first position is repeated at the end.
public struct Ring<Space: CoordinateSpace>: Hashable, Sendable {
  public var positions: [Position<Space>]
  public init(_ positions: [Position<Space>]) { self.positions = positions }

  /// Twice the signed area (shoelace); positive for counter-clockwise rings.
  public var signedDoubleArea: Double {
    var sum = 0.0
    for i in positions.indices.dropLast() {
      let a = positions[i]
      let b = positions[i + 1]
      sum += a.x * b.y - b.x * a.y
    }
    return sum
  }

  public var envelope: Envelope {
    var e = Envelope.empty
    for p in positions { e.extend(x: p.x, y: p.y) }
    return e
  }
}

/// A polygon: one exterior ring and any number of holes.
public struct Polygon<Space: CoordinateSpace>: Hashable, Sendable {
  public var exterior: Ring<Space>
  public var holes: [Ring<Space>]
  public init(exterior: Ring<Space>, holes: [Ring<Space>] = []) {
    self.exterior = exterior
    self.holes = holes
  }

  public var rings: [Ring<Space>] { [exterior] + holes }
  public var envelope: Envelope { exterior.envelope }

  /// Area-weighted centroid of the polygon (holes subtracted), planar; nil when degenerate.
  ///
  ///     C = Σ (pᵢ + pᵢ₊₁)(pᵢ × pᵢ₊₁) / (3 Σ pᵢ × pᵢ₊₁)
  ///
  /// over every ring, exterior counter-clockwise and holes clockwise, taken relative to the
  /// first exterior vertex for precision.
  public var centroid: Position<Space>? {
    guard let origin = exterior.positions.first else { return nil }
    var sumX = 0.0
    var sumY = 0.0
    var sumA = 0.0
    for (k, ring) in rings.enumerated() {
      let counterClockwise = ring.signedDoubleArea >= 0
      let sign: Double = counterClockwise == (k == 0) ? 1 : -1
      for i in ring.positions.indices.dropLast() {
        let a = ring.positions[i]
        let b = ring.positions[i + 1]
        let ax = a.x - origin.x
        let ay = a.y - origin.y
        let bx = b.x - origin.x
        let by = b.y - origin.y
        let cross = (ax * by - bx * ay) * sign
        sumA += cross
        sumX += (ax + bx) * cross
        sumY += (ay + by) * cross
      }
    }
    guard sumA != 0 else { return nil }
    return Position(x: origin.x + sumX / (3 * sumA), y: origin.y + sumY / (3 * sumA))
  }

  /// Planar area in the square units of the space (holes subtracted).
  public var planarArea: Double {
    abs(exterior.signedDoubleArea) / 2 - holes.reduce(0) { $0 + abs($1.signedDoubleArea) / 2 }
  }
}

extension Collection {
  /// The area-weighted centroid of several polygons (each polygon's centroid weighted by its
  /// planar area); nil when none has an area.
  public func areaWeightedCentroid<Space>() -> Position<Space>? where Element == Polygon<Space> {
    var x = 0.0
    var y = 0.0
    var w = 0.0
    for p in self {
      guard let c = p.centroid else { continue }
      x += c.x * p.planarArea
      y += c.y * p.planarArea
      w += p.planarArea
    }
    return w > 0 ? Position(x: x / w, y: y / w) : nil
  }
}

/// One area of a boundary layer (a ward, a beat): its id, display name and polygons.
///
/// An area may come from several features of the source file (police District 31 is three
/// features); its polygons are then the union of theirs.
public struct Area<Space: CoordinateSpace>: Hashable, Sendable {
  public var id: String
  public var name: String
  public var polygons: [Polygon<Space>]
  public init(id: String, name: String, polygons: [Polygon<Space>]) {
    self.id = id
    self.name = name
    self.polygons = polygons
  }

  public var envelope: Envelope {
    var e = Envelope.empty
    for p in polygons { e.extend(p.envelope) }
    return e
  }

  public var vertexCount: Int { polygons.reduce(0) { $0 + $1.rings.reduce(0) { $0 + $1.positions.count } } }
}

/// A feature read from a boundary file: its properties as text and its polygons.
public struct Feature<Space: CoordinateSpace>: Sendable {
  public var properties: [String: String]
  public var polygons: [Polygon<Space>]
  public init(properties: [String: String], polygons: [Polygon<Space>]) {
    self.properties = properties
    self.polygons = polygons
  }
}
