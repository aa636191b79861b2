import AtlasTestSupport
import Foundation
import Testing

/// Runs the built `equity-atlas` binary, as users and checks call it.
func equityAtlas(_ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, stdout: String, stderr: String) {
  let directory = Bundle.main.executableURL?.deletingLastPathComponent() ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
  var candidates = [directory.appendingPathComponent("equity-atlas")]
  candidates.append(directory.deletingLastPathComponent().appendingPathComponent("equity-atlas"))
  guard let binary = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
    throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "equity-atlas not built next to \(directory.path)"])
  }
  let process = Process()
  process.executableURL = binary
  process.arguments = arguments
  process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
  let out = Pipe()
  let err = Pipe()
  process.standardOutput = out
  process.standardError = err
  try process.run()
  let stdout = out.fileHandleForReading.readDataToEndOfFile()
  let stderr = err.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
}

@Suite("equity-atlas index")
struct IndexCommandTests {
  func table(_ text: String) throws -> (URL, String) {
    let directory = try TestData.temporaryDirectory()
    let path = directory.appendingPathComponent("table.csv").path
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    return (directory, path)
  }

  @Test("hand-derived: unweighted [1,2,3,4,5] gives Gini 4/15 and Theil T 0.11968759358350917 (STYLE.md)")
  func unweighted() throws {
    let (directory, path) = try table("ward,value,pop,district\n1,1,10,A\n2,2,10,A\n3,3,10,B\n4,4,10,B\n5,5,10,B\n")
    defer { try? FileManager.default.removeItem(at: directory) }
    let run = try equityAtlas(["index", path, "--value", "value", "--json"])
    #expect(run.status == 0, "\(run.stderr)")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Double])
    #expect(Set(json.keys) == ["gini", "theil_t", "theil_l", "atkinson_0.5", "atkinson_1", "atkinson_2", "cv"])
    #expect(abs(json["gini"]! - 4.0 / 15.0) < 1e-12)
    #expect(abs(json["theil_t"]! - 0.11968759358350917) < 1e-12)
    // Equal weights change nothing (up to rounding).
    let weighted = try equityAtlas(["index", path, "--value", "value", "--weight", "pop", "--json"])
    let weightedJSON = try #require(try JSONSerialization.jsonObject(with: Data(weighted.stdout.utf8)) as? [String: Double])
    for (key, value) in json { #expect(abs(weightedJSON[key]! - value) < 1e-12, "\(key)") }
  }

  @Test("with --group, Theil T between + within = total")
  func groups() throws {
    let (directory, path) = try table("ward,value,pop,district\n1,1,10,A\n2,2,30,A\n3,3,10,B\n4,4,20,B\n5,5,5,B\n")
    defer { try? FileManager.default.removeItem(at: directory) }
    let run = try equityAtlas(["index", path, "--value", "value", "--weight", "pop", "--group", "district", "--json"])
    let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Double])
    #expect(abs(json["theil_t_between"]! + json["theil_t_within"]! - json["theil_t"]!) < 1e-12)
  }

  @Test("a non-numeric value names file, line and column; --skip-invalid leaves it out")
  func invalidRows() throws {
    let (directory, path) = try table("ward,value\n1,1\n2,n/a\n3,3\n")
    defer { try? FileManager.default.removeItem(at: directory) }
    let run = try equityAtlas(["index", path, "--value", "value"])
    #expect(run.status != 0)
    #expect(run.stderr.contains("\(path):3: value 'n/a' is not a number"))
    let skipping = try equityAtlas(["index", path, "--value", "value", "--skip-invalid"])
    #expect(skipping.status == 0)
    #expect(skipping.stdout.contains("2 rows"))
    #expect(skipping.stdout.contains("1 invalid rows left out"))
  }
}

@Suite("equity-atlas help and errors")
struct HelpTests {
  @Test("without a data directory, the error says how to give one")
  func noData() throws {
    let run = try equityAtlas(["boundaries", "list"], environment: ["EQUITY_ATLAS_DATA": ""])
    #expect(run.status != 0)
    #expect(run.stderr.contains("pass --data DIR or set EQUITY_ATLAS_DATA"))
  }

  /// The test machines reach no host but the package registries, as offline machines do.
  @Test("boundaries fetch fails clearly without a connection and writes nothing")
  func fetchOffline() throws {
    let directory = try TestData.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let run = try equityAtlas(["boundaries", "fetch", "--data", directory.path, "--layers", "wards-2023", "--timeout", "10"])
    #expect(run.status == 1)
    #expect(run.stderr.contains("cannot download wards-2023 from https://data.cityofchicago.org/"))
    #expect(run.stderr.contains("This machine may be offline"))
    #expect(!run.stderr.contains("Usage:"))
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
  }

  @Test("join prints the accounting table")
  func join() throws {
    let directory = try TestData.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let input = directory.appendingPathComponent("p.csv").path
    // Row 1 is the first record of crimes_2023_nov06-19.csv, which the City labels ward 47.
    try Data("id,lat,lon\n1,41.96671217,-87.687866208\n2,,-87.6\n3,0,0\n".utf8).write(to: URL(fileURLWithPath: input))
    let data = try TestData.directory.url.path
    let run = try equityAtlas(["join", input, "--data", data, "--layers", "wards-2023", "--out", directory.appendingPathComponent("o.csv").path])
    #expect(run.status == 0, "\(run.stderr)")
    func count(_ label: String) -> Int? {
      let line = run.stdout.split(separator: "\n").first { $0.trimmingCharacters(in: .whitespaces).hasPrefix(label) }
      return line.flatMap { Int($0.dropFirst(label.count + ($0.count - $0.drop { $0 == " " }.count)).split(separator: " ").first ?? "") }
    }
    #expect(count("rows read") == 3)
    #expect(count("ok (an area in every layer)") == 1)
    #expect(count("missing coordinate") == 1)
    #expect(count("zero coordinates") == 1)
    let output = try String(contentsOfFile: directory.appendingPathComponent("o.csv").path, encoding: .utf8)
    #expect(output.hasPrefix("id,lat,lon,wards-2023,join_status\n1,41.96671217,-87.687866208,47,ok\n2,,-87.6,,rejected: missing lat\n"))
  }
}
