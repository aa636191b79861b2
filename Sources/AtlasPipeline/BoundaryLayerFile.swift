import AtlasGeometry
import AtlasIO
import Foundation

extension DataDirectory {
  /// Reads a registered boundary layer whatever the format of its file: GeoJSON (RFC 7946,
  /// WGS 84) with AtlasIO's reader, anything else GDAL reads (GeoPackage, shapefile plain or
  /// zipped, FlatGeobuf, CSV with a WKT column) through `VectorDataset`, reprojected with PROJ
  /// from the CRS the file declares. The feature and area counts are checked against the
  /// manifest either way, and `spec.sha256` stays the digest of the file at `spec.path` (for a
  /// plain shapefile, the `.shp`; a zipped one covers all its parts).
  ///
  /// - Throws: `DataDirectoryError` naming the file: missing, unreadable, a feature that is not
  ///   a polygon, coordinates that are not longitude/latitude in a file that declares no CRS,
  ///   a file of several layers without `spec.layer`, or counts that differ from the manifest.
  public func loadBoundaryLayer(_ spec: BoundaryManifest.LayerSpec) throws -> Layer<WGS84LonLat> {
    let lower = spec.path.lowercased()
    if lower.hasSuffix(".geojson") || lower.hasSuffix(".json") { return try loadLayer(spec) }
    let path = file(spec.path).path
    guard FileManager.default.fileExists(atPath: path) else { throw DataDirectoryError.missingFile(layer: spec.id, path: path) }
    let read: [Result<Feature<WGS84LonLat>, FeatureProblem>]
    do { read = try PolygonInput.readThroughGDAL(path, layerName: spec.layer, note: { _ in }).features } catch let error as FileIOError {
      throw DataDirectoryError.unreadable(path: path, reason: error.reason)
    }
    // A boundary layer tiles the city: a feature that cannot be read is an error, not a gap.
    let features = try read.enumerated().map { index, outcome -> Feature<WGS84LonLat> in
      switch outcome {
      case .success(let feature): return feature
      case .failure(let problem): throw DataDirectoryError.unreadable(path: path, reason: "layer \(spec.id): feature \(index): \(problem.reason)")
      }
    }
    return try layer(spec, features: features)
  }
}
