internal import CGEOS
import AtlasGeometry

/// A layer's areas as GEOS prepared geometries: the reference implementation that the grid
/// index is tested against, and the base for overlays.
///
/// Not thread-safe (one GEOS context); create one per thread.
public final class PreparedLayer {
  public let areaIDs: [String]
  private let context = GEOSContext()
  private var geometries: [OpaquePointer] = []
  private var prepared: [OpaquePointer] = []
  private let envelopes: [Envelope]

  /// - Throws: `GEOSError` naming the area GEOS could not build or prepare.
  public init<Space>(_ layer: Layer<Space>) throws {
    areaIDs = layer.areas.map(\.id)
    envelopes = layer.areas.map(\.envelope)
    for area in layer.areas {
      guard let geometry = context.makeGeometry(area.polygons) else {
        throw context.error("geometry construction", "layer \(layer.id) area \(area.id)")
      }
      geometries.append(geometry)
      guard let p = GEOSPrepare_r(context.handle, geometry) else {
        throw context.error("prepare", "layer \(layer.id) area \(area.id)")
      }
      prepared.append(p)
    }
  }

  deinit {
    for p in prepared { GEOSPreparedGeom_destroy_r(context.handle, p) }
    for g in geometries { GEOSGeom_destroy_r(context.handle, g) }
  }

  /// Indexes of every area whose closed polygon covers the point (GEOS `covers`), in layer order.
  ///
  /// - Complexity: O(areas) envelope tests plus one prepared predicate per envelope hit.
  public func areasCovering(x: Double, y: Double) throws -> [Int] {
    guard let point = GEOSGeom_createPointFromXY_r(context.handle, x, y) else {
      throw context.error("point construction", "(\(x), \(y))")
    }
    defer { GEOSGeom_destroy_r(context.handle, point) }
    var result: [Int] = []
    for (index, envelope) in envelopes.enumerated() where envelope.contains(x: x, y: y) {
      // 1 = true, 0 = false, 2 = exception.
      switch GEOSPreparedCovers_r(context.handle, prepared[index], point) {
      case 1: result.append(index)
      case 0: break
      default: throw context.error("PreparedCovers", "area \(areaIDs[index]) at (\(x), \(y))")
      }
    }
    return result
  }

  /// Distance from the point to area `index`'s polygon (0 inside), in the layer's units.
  public func distance(toArea index: Int, x: Double, y: Double) throws -> Double {
    guard let point = GEOSGeom_createPointFromXY_r(context.handle, x, y) else {
      throw context.error("point construction", "(\(x), \(y))")
    }
    defer { GEOSGeom_destroy_r(context.handle, point) }
    var d = 0.0
    guard GEOSDistance_r(context.handle, geometries[index], point, &d) == 1 else {
      throw context.error("Distance", "area \(areaIDs[index])")
    }
    return d
  }
}
