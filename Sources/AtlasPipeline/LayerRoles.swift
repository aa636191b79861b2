import AtlasIO

/// The layers of the bundled registry (`Boundaries/manifest.json`) that hold a role, for the
/// stages that treat them specially without being handed the manifest.
enum LayerRoles {
  /// The registry compiled into the tool. It is decoded by every command before any work, so a
  /// registry that does not decode never reaches these stages.
  static let registry = try? BoundaryManifest.bundled()

  /// The id of the layer with `role`, if the registry declares one.
  static func id(_ role: LayerRole) -> String? { registry?.layers.first { $0.role == role }?.id }

  /// How a beat names its district.
  static var beatParent: BoundaryManifest.ParentLayer? { registry?.layers.first { $0.role == .policeBeats }?.parent }
}
