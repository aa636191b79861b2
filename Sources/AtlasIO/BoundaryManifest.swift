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
    /// What the analysis uses the layer for, if anything beyond per-area figures.
    public var role: LayerRole?
    /// The layer whose areas contain this layer's areas, and how an id names its parent.
    public var parent: ParentLayer?
    /// sha256 of the verified copy.
    public var sha256: String
  }

  /// How a layer's area ids name the areas of a coarser layer that contain them.
  public struct ParentLayer: Codable, Sendable, Hashable {
    /// Id of the coarser layer.
    public var layer: String
    /// The parent's id is the child's numeric id divided by this (beat 0833 / 100 = district 8).
    public var idDivisor: Int
    public var note: String?

    /// The parent area's id for a child id, or nil when the child id is not a positive number.
    public func parentID(of childID: String) -> String? {
      guard let n = Int(childID), n > 0 else { return nil }
      return String(n / idDivisor)
    }
  }

  public var description: String
  public var layers: [LayerSpec]

  /// The manifest compiled into the tool.
  public static func bundled() throws -> BoundaryManifest {
    try JSONDecoder().decode(BoundaryManifest.self, from: BundledManifest.data())
  }

  /// The layer with `role` among `ids` (the layers of one run), if any.
  public func layer(_ role: LayerRole, among ids: [String]) -> LayerSpec? {
    layers.first { $0.role == role && ids.contains($0.id) }
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

/// The layers the analysis treats specially. Roles are declared in `Boundaries/manifest.json`, so
/// no stage names a layer id.
public enum LayerRole: String, Codable, Sendable, Hashable {
  /// The wards in force: the outline of the city (population is clipped to it) and the ward reports.
  case currentWards = "current-wards"
  /// Police districts: a call located by beat only is placed in its beat's district; the districts
  /// get the two-sample comparisons of response times.
  case policeDistricts = "police-districts"
  /// Police beats: a call without coordinates may name its beat.
  case policeBeats = "police-beats"
  /// The City's 77 community areas: the population check against the City's own 2020 table.
  case communityAreas = "community-areas"
}
