import AtlasBoundaries
import Foundation

/// The registry of boundary layers (`Boundaries/manifest.json`).
public struct BoundaryManifest: Codable, Sendable {
  public struct Vintage: Codable, Sendable, Hashable {
    /// First day the boundaries were in force (ISO 8601 date).
    public var from: String
    /// Last day, or nil while current.
    public var to: String?
    public var note: String?
  }

  /// One layer: where it comes from, where it lives in a data directory, what it must contain.
  public struct LayerSpec: Codable, Sendable, Hashable {
    public var id: String
    public var title: String
    /// City of Chicago Data Portal dataset id, e.g. `p293-wvbd`.
    public var dataset: String
    /// Official export URL.
    public var url: String
    public var vintage: Vintage
    /// Path of the file relative to the data directory: GeoJSON, or any vector format GDAL
    /// reads (GeoPackage, shapefile plain or zipped, FlatGeobuf, CSV with WKT).
    public var path: String
    /// The layer to read in a file that holds several (a GeoPackage); nil: its only layer.
    public var layer: String?
    public var features: Int
    public var areas: Int
    public var idProperty: String
    public var nameProperty: String?
    /// sha256 of the verified copy.
    public var sha256: String
  }

  public var description: String
  public var layers: [LayerSpec]

  /// The manifest compiled into the tool.
  public static func bundled() throws -> BoundaryManifest {
    try JSONDecoder().decode(BoundaryManifest.self, from: BundledManifest.data())
  }

  /// The layers named by id, in the order given.
  ///
  /// - Throws: `DataDirectoryError.unknownLayer` listing the known ids.
  public func layers(named ids: [String]) throws -> [LayerSpec] {
    try ids.map { id in
      guard let spec = layers.first(where: { $0.id == id }) else {
        throw DataDirectoryError.unknownLayer(id, known: layers.map(\.id))
      }
      return spec
    }
  }
}
