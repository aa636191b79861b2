import Foundation

/// The tool's version, recorded in every output.
public enum EquityAtlasVersion {
  public static let current = "0.1.0"
}

/// `manifest.json`: what a run read (with sha256), how it was configured, and which PROJ
/// operation it used. Holds no clock time, so reruns with the same inputs are byte-identical.
public struct RunManifest: Codable, Sendable {
  public struct Input: Codable, Sendable {
    public var path: String
    public var sha256: String
  }

  public var tool = "equity-atlas"
  public var version = EquityAtlasVersion.current
  public var inputs: [Input]
  public var parameters: [String: String]
  /// PROJ's description of the WGS 84 → EPSG:3435 operation (it depends on installed grids).
  public var projection: String
  /// True when any input was synthetic.
  public var synthetic: Bool

  enum CodingKeys: String, CodingKey { case tool, version, inputs, parameters, projection, synthetic }

  public init(inputs: [Input], parameters: [String: String], projection: String, synthetic: Bool) {
    self.inputs = inputs
    self.parameters = parameters
    self.projection = projection
    self.synthetic = synthetic
  }

  public func write(to path: String) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    try encoder.encode(self).write(to: URL(fileURLWithPath: path), options: .atomic)
  }

  public static func read(from path: String) throws -> RunManifest {
    try JSONDecoder().decode(RunManifest.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
  }
}
