import AtlasGeometry
import AtlasIO
import AtlasSpatial
import Foundation

@_exported import struct AtlasStatistics.SeededGenerator

/// The real-data directory for tests: `$EQUITY_ATLAS_DATA`, else `../shared/data` beside the
/// package root (where CI has it). Tests that need it fail, not skip, when it is missing.
public enum TestData {
  public static var directory: DataDirectory {
    get throws {
      let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
      let fallback = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data").path
      return try DataDirectory.resolve(ProcessInfo.processInfo.environment[DataDirectory.environmentVariable] ?? fallback)
    }
  }

  public static func file(_ relativePath: String) throws -> String { try directory.file(relativePath).path }

  /// A registered layer loaded from the real data directory.
  public static func layer(_ id: String) throws -> Layer<WGS84LonLat> {
    let manifest = try BoundaryManifest.bundled()
    return try directory.loadLayer(try manifest.layers(named: [id])[0])
  }

  /// A fresh temporary directory, removed by the caller.
  public static func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("equity-atlas-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }
}

/// A square-cell test tiling near Chicago: `columns × rows` areas of `size` degrees, ids
/// "r<row>c<column>" with row 0 at the north, listed row by row from the north-west.
public func squareTiling(columns: Int, rows: Int, size: Double = 0.01, west: Double = -87.70, north: Double = 41.90) -> Layer<WGS84LonLat> {
  var areas: [Area<WGS84LonLat>] = []
  for r in 0..<rows {
    for c in 0..<columns {
      let x0 = west + Double(c) * size
      let x1 = west + Double(c + 1) * size
      let y1 = north - Double(r) * size
      let y0 = north - Double(r + 1) * size
      let ring = Ring<WGS84LonLat>([
        Position(x: x0, y: y0), Position(x: x1, y: y0), Position(x: x1, y: y1), Position(x: x0, y: y1), Position(x: x0, y: y0),
      ])
      areas.append(Area(id: "r\(r)c\(c)", name: "r\(r)c\(c)", polygons: [Polygon(exterior: ring)]))
    }
  }
  return Layer(id: "tiles", areas: areas, featureCount: areas.count)
}

/// Runs a program to completion and returns its exit status and its standard output and error,
/// interleaved (for checks with independent tools such as `ogrinfo` and `pdftotext`).
public func runTool(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: executable)
  process.arguments = arguments
  let pipe = Pipe()
  process.standardOutput = pipe
  process.standardError = pipe
  try process.run()
  let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
  process.waitUntilExit()
  return (process.terminationStatus, output)
}
