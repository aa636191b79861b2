import AtlasTestSupport
import Foundation
import Testing

@Suite("equity-atlas analyze --population")
struct PopulationCLITests {
  /// A data directory holding the real boundaries, 2020 tracts and the City's community-area
  /// table, but not the 2010 files dasymetric weighting needs.
  func dataWithoutPrecincts() throws -> URL {
    let real = try TestData.directory.url
    let directory = try TestData.temporaryDirectory()
    let census = directory.appendingPathComponent("census")
    try FileManager.default.createDirectory(at: census, withIntermediateDirectories: true)
    try FileManager.default.createSymbolicLink(
      at: directory.appendingPathComponent("boundaries"), withDestinationURL: real.appendingPathComponent("boundaries"))
    for file in ["chi_census_tracts_2020_with_demographics.json", "chicago_community_areas_census_2000_2010_2020_CCA_SUMMARY.csv"] {
      try FileManager.default.createSymbolicLink(
        at: census.appendingPathComponent(file), withDestinationURL: real.appendingPathComponent("census").appendingPathComponent(file))
    }
    return directory
  }

  @Test("without the precinct file: area weighting with a notice, recorded in the manifest and population_checks")
  func fallback() throws {
    let data = try dataWithoutPrecincts()
    defer { try? FileManager.default.removeItem(at: data) }
    let inputs = data.appendingPathComponent("inputs")
    let out = data.appendingPathComponent("out")
    try FileManager.default.createDirectory(at: inputs, withIntermediateDirectories: true)
    let run = try equityAtlas(["analyze", "--data", data.path, "--inputs", inputs.path, "--out", out.path, "--layers", "wards-2023,community-areas"])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("notice: census/mggg_chicago_precincts_2010census.zip or census/pl_2010_cook_block.csv.gz is missing"))
    #expect(run.stdout.contains("population (area): city 2672945 (-2.67% vs official 2746388)"))
    // A61: an inputs directory with nothing in it is said, not silent.
    #expect(run.stdout.contains("WARNING: \(inputs.path) holds no service input this tool knows"))
    let manifest = try String(contentsOf: out.appendingPathComponent("manifest.json"), encoding: .utf8)
    #expect(manifest.contains("\"population_method\" : \"area: "))
    let table = try runTool(
      "/usr/bin/ogrinfo",
      [
        "-ro", "-q", out.appendingPathComponent("atlas.gpkg").path, "-sql",
        "SELECT figure, value, note FROM population_checks WHERE figure = 'community_area_max_abs_error'",
      ])
    #expect(table.status == 0, "\(table.output)")
    #expect(table.output.contains("note (String) = OAKLAND: 4281 apportioned, 6799 official"))
  }

  @Test("--population dasymetric without its files: an error naming the missing file, exit 1")
  func missing() throws {
    let data = try dataWithoutPrecincts()
    defer { try? FileManager.default.removeItem(at: data) }
    let inputs = data.appendingPathComponent("inputs")
    try FileManager.default.createDirectory(at: inputs, withIntermediateDirectories: true)
    let run = try equityAtlas([
      "analyze", "--data", data.path, "--inputs", inputs.path, "--out", data.appendingPathComponent("out").path, "--layers", "wards-2023",
      "--population", "dasymetric",
    ])
    #expect(run.status == 1)
    #expect(run.stderr.contains("census/mggg_chicago_precincts_2010census.zip: missing"))
    #expect(run.stderr.contains("--population area"))
    #expect(!FileManager.default.fileExists(atPath: data.appendingPathComponent("out/atlas.gpkg").path))
  }
}
