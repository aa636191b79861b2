import AtlasIO
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

  /// The manifest as written: pretty-printed JSON with sorted keys.
  public func encoded() throws -> [UInt8] {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return Array(try encoder.encode(self))
  }

  /// Writes and syncs `bytes` beside `path` under a temporary name, and returns that name;
  /// the atlas's commit renames it over `path` right after the atlas's own rename.
  static func writeTemporary(_ bytes: [UInt8], for path: String) throws -> String {
    let temporary = path + ".partial-\(ProcessInfo.processInfo.processIdentifier)"
    do {
      let writer = try BufferedFileWriter(path: temporary)
      try writer.write(bytes)
      try writer.synchronize()
    } catch {
      try? FileManager.default.removeItem(atPath: temporary)
      throw error
    }
    return temporary
  }

  /// Removes `PATH.partial-PID` files of killed runs (their process is gone).
  static func removeStaleTemporaries(of path: String) -> [String] {
    let url = URL(fileURLWithPath: path)
    let directory = url.deletingLastPathComponent().path
    let prefix = url.lastPathComponent + ".partial-"
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
    return names.sorted().filter { name in
      guard name.hasPrefix(prefix), let pid = Int32(name.dropFirst(prefix.count)) else { return false }
      guard pid != ProcessInfo.processInfo.processIdentifier, kill(pid, 0) != 0, errno == ESRCH else { return false }
      return (try? FileManager.default.removeItem(atPath: directory + "/" + name)) != nil
    }
  }

  public static func read(from path: String) throws -> RunManifest {
    try JSONDecoder().decode(RunManifest.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
  }
}
