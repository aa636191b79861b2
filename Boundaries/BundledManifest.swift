import Foundation

/// The boundary registry shipped with the tool (`Boundaries/manifest.json`), as raw JSON.
///
/// `AtlasIO.BoundaryManifest` decodes it; this target exists only to carry the file as a
/// resource, so the registry stays a plain file at the top of the repository.
public enum BundledManifest {
  public static func data() throws -> Data {
    guard let url = Bundle.module.url(forResource: "manifest", withExtension: "json") else {
      throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "manifest.json is missing from the AtlasBoundaries bundle"])
    }
    return try Data(contentsOf: url)
  }
}
