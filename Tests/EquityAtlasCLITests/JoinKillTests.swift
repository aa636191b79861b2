import AtlasTestSupport
import Foundation
import Testing

/// The built binary's path (next to the test bundle, as `equityAtlas(_:)` finds it).
func equityAtlasBinary() throws -> URL {
  let directory = Bundle.main.executableURL?.deletingLastPathComponent() ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
  let candidates = [directory.appendingPathComponent("equity-atlas"), directory.deletingLastPathComponent().appendingPathComponent("equity-atlas")]
  guard let binary = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
    throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "equity-atlas not built next to \(directory.path)"])
  }
  return binary
}

@Suite("join: killed at random moments, the previous output survives", .serialized)
struct JoinKillTests {
  /// A points file large enough that writing its join takes a while.
  func writePoints(rows: Int, to path: String, seed: UInt64) throws {
    var random = SeededGenerator(seed: seed)
    var text = "id,longitude,latitude\n"
    text.reserveCapacity(rows * 32)
    for i in 0..<rows {
      text += "\(i),\(-87.75 + Double.random(in: 0..<0.15, using: &random)),\(41.75 + Double.random(in: 0..<0.2, using: &random))\n"
    }
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
  }

  /// Starts `join`, kills it with SIGKILL after `delay` seconds; returns whether it was still running.
  func joinKilled(after delay: Double, arguments: [String]) throws -> Bool {
    let process = Process()
    process.executableURL = try equityAtlasBinary()
    process.arguments = arguments
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    Thread.sleep(forTimeInterval: delay)
    let running = process.isRunning
    if running { kill(process.processIdentifier, SIGKILL) }
    process.waitUntilExit()
    return running && process.terminationReason == .uncaughtSignal
  }

  @Test("SIGKILL at seeded random moments: the previous output is byte-identical; the next run leaves no temporary file")
  func killDuringWrite() throws {
    let directory = try TestData.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let data = try TestData.directory.url.path
    let input = directory.appendingPathComponent("points.csv").path
    let output = directory.appendingPathComponent("joined.csv").path
    try writePoints(rows: 400_000, to: input, seed: 7)
    let arguments = ["join", input, "--data", data, "--layers", "wards-2023", "--out", output, "--quiet"]

    // An uninterrupted run: how long a join takes here, and the good output it makes.
    let started = Date()
    let full = try equityAtlas(arguments)
    let duration = Date().timeIntervalSince(started)
    #expect(full.status == 0, "\(full.stderr)")
    let good = try Data(contentsOf: URL(fileURLWithPath: output))
    #expect(good.count > 10_000_000)

    var random = SeededGenerator(seed: Fuzz.seed)
    var killed = 0
    for trial in 0..<4 {
      // Kill between 20% and 95% of a run: after the output is opened, while it is written.
      let delay = duration * Double.random(in: 0.2..<0.95, using: &random)
      if try joinKilled(after: delay, arguments: arguments) { killed += 1 }
      #expect(try Data(contentsOf: URL(fileURLWithPath: output)) == good, "seed \(Fuzz.seed) trial \(trial): killed after \(delay) s")
    }
    #expect(killed >= 3, "the kills must land while join runs (run takes \(duration) s)")

    // The next run (a small input, same output name) removes the killed runs' temporary files.
    let small = directory.appendingPathComponent("small.csv").path
    try Data("id,longitude,latitude\n1,-87.687866208,41.96671217\n".utf8).write(to: URL(fileURLWithPath: small))
    let next = try equityAtlas(["join", small, "--data", data, "--layers", "wards-2023", "--out", output, "--quiet"])
    #expect(next.status == 0, "\(next.stderr)")
    #expect(
      try String(contentsOfFile: output, encoding: .utf8) == "id,longitude,latitude,wards-2023,join_status\n1,-87.687866208,41.96671217,47,ok\n")
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == ["joined.csv", "points.csv", "small.csv"])
  }
}

@Suite("join: option values are checked before anything runs")
struct JoinOptionTests {
  func run(
    _ extra: [String], csv: String = "id,longitude,latitude\n1,-87.687866208,41.96671217\n"
  ) throws -> (status: Int32, stderr: String, outputExists: Bool) {
    let directory = try TestData.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let input = directory.appendingPathComponent("p.csv").path
    try Data(csv.utf8).write(to: URL(fileURLWithPath: input))
    let output = directory.appendingPathComponent("o.csv").path
    let result = try equityAtlas(["join", input, "--data", try TestData.directory.url.path, "--out", output] + extra)
    return (result.status, result.stderr, FileManager.default.fileExists(atPath: output))
  }

  @Test("J47: negative --threads and --tolerance-feet are named with their value, not 'missing value'")
  func negativeValues() throws {
    let threads = try run(["--threads", "-3"])
    #expect(threads.status == 64)
    #expect(threads.stderr.contains("--threads must be at least 1, not -3"))
    let tolerance = try run(["--tolerance-feet", "-5"])
    #expect(tolerance.stderr.contains("--tolerance-feet must be a distance ≥ 0, not -5.0"))
  }

  @Test("J49: --tolerance-feet above 500 is refused at once; 500 is accepted")
  func toleranceBound() throws {
    let large = try run(["--tolerance-feet", "10000", "--layers", "wards-2023"])
    #expect(large.status == 64)
    #expect(large.stderr.contains("--tolerance-feet 10000.0 is too large: at most 500 ft"))
    #expect(!large.outputExists)
    let bound = try run(["--tolerance-feet", "500", "--layers", "wards-2023"])
    #expect(bound.status == 0, "\(bound.stderr)")
  }

  @Test("J29/J51: a layer named twice and one column for both coordinates are refused")
  func duplicates() throws {
    let layers = try run(["--layers", "wards-2023,wards-2023"])
    #expect(layers.status == 64)
    #expect(layers.stderr.contains("--layers names 'wards-2023' twice"))
    let columns = try run(["--layers", "wards-2023", "--lon-column", "longitude", "--lat-column", "longitude"])
    #expect(columns.status != 0)
    #expect(columns.stderr.contains("--lon-column and --lat-column both name column 'longitude'"))
    #expect(!columns.outputExists)
  }
}

@Suite("equity-atlas join: repaired boundaries")
struct JoinRepairTests {
  @Test("J34: a boundary repaired by GEOSMakeValid is said on standard error even with --quiet")
  func repairedWithQuiet() throws {
    let source = try TestData.file("boundaries/wards_2023.geojson")
    let directory = try TestData.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    // Ward 47's outline made a bow-tie by swapping two of its outer vertices.
    var json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: source))) as! [String: Any]
    var features = json["features"] as! [[String: Any]]
    let k = try #require(features.firstIndex { "\(($0["properties"] as! [String: Any])["ward"]!)" == "47" })
    var geometry = features[k]["geometry"] as! [String: Any]
    var polygons =
      geometry["type"] as! String == "MultiPolygon" ? geometry["coordinates"] as! [[[[Double]]]] : [geometry["coordinates"] as! [[[Double]]]]
    polygons[0][0].swapAt(1, polygons[0][0].count / 2)
    geometry["type"] = "MultiPolygon"
    geometry["coordinates"] = polygons
    features[k]["geometry"] = geometry
    json["features"] = features
    try FileManager.default.createDirectory(at: directory.appendingPathComponent("boundaries"), withIntermediateDirectories: true)
    try JSONSerialization.data(withJSONObject: json).write(to: directory.appendingPathComponent("boundaries/wards_2023.geojson"))
    let points = directory.appendingPathComponent("p.csv").path
    try Data("id,longitude,latitude\n1,-87.6298,41.8781\n".utf8).write(to: URL(fileURLWithPath: points))
    let run = try equityAtlas([
      "join", points, "--data", directory.path, "--layers", "wards-2023", "--out", directory.appendingPathComponent("o.csv").path, "--quiet",
    ])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stderr.contains("warning: wards-2023 area 47:"), "\(run.stderr)")
    #expect(run.stderr.contains("repaired with GEOSMakeValid"))
  }
}
