import AtlasTestSupport
import Foundation
import Testing

/// The `equity-atlas` binary built beside the test bundle.
func equityAtlasBinary() throws -> String {
  let directory = Bundle.main.executableURL?.deletingLastPathComponent() ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
  let candidates = [directory, directory.deletingLastPathComponent()].map { $0.appendingPathComponent("equity-atlas").path }
  guard let binary = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
    throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "equity-atlas not built next to \(directory.path)"])
  }
  return binary
}

@Suite("equity-atlas site", .serialized)
struct SiteCommandTests {
  @Test("site writes the folder and says what it holds; a synthetic atlas is called so")
  func writes() throws {
    let run = try SiteFixture.run
    let out = try TestData.temporaryDirectory().appendingPathComponent("web")
    let result = try runTool(try equityAtlasBinary(), ["site", "--atlas", run.atlasPath, "--out", out.path])
    #expect(result.status == 0, "\(result.output)")
    #expect(result.output.contains("wards-2023: 50 areas"), "\(result.output)")
    #expect(result.output.contains("police-beats: \(run.model.areas("police-beats").count) areas"), "\(result.output)")
    #expect(result.output.contains("SYNTHETIC"), "\(result.output)")
    #expect(result.output.contains("open \(out.path)/index.html"), "\(result.output)")
    // No reports beside this folder: no links to PDFs.
    let wards = try String(contentsOf: out.appendingPathComponent("data/wards_2023.js"), encoding: .utf8)
    #expect(!wards.contains("\"report\":\"../"))
    #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("index.html").path))
  }

  @Test("a directory as --atlas, or a file where --out must go, is refused in words (no trap)")
  func refusals() throws {
    let run = try SiteFixture.run
    let directory = (run.atlasPath as NSString).deletingLastPathComponent
    let asDirectory = try runTool(try equityAtlasBinary(), ["site", "--atlas", directory, "--out", directory + "/never"])
    #expect(asDirectory.status != 0 && asDirectory.status < 128, "\(asDirectory.output)")
    #expect(asDirectory.output.contains("is a directory") && asDirectory.output.contains("atlas.gpkg"), "\(asDirectory.output)")
    #expect(!FileManager.default.fileExists(atPath: directory + "/never"))

    let blocker = try TestData.temporaryDirectory().appendingPathComponent("taken")
    try Data("not a folder".utf8).write(to: blocker)
    let onFile = try runTool(try equityAtlasBinary(), ["site", "--atlas", run.atlasPath, "--out", blocker.path])
    #expect(onFile.status != 0 && onFile.status < 128, "\(onFile.output)")
    #expect(onFile.output.contains(blocker.path), "\(onFile.output)")
    #expect(try String(contentsOf: blocker, encoding: .utf8) == "not a folder")
  }
}
