import AtlasGeometry
import AtlasIO
import AtlasPipeline
import AtlasTestSupport
import Foundation
import Testing

@testable import AtlasSynthetic

/// `synth --change-districts/--change-multiplier`: the change `compare` recovers
/// (CompareTests in AtlasReportTests) is checked there; here its configuration and the
/// independence of two years drawn from one seed.
@Suite("synth: a change between two years")
struct ChangeInjectionTests {
  @Test("configuration problems: a multiplier that is not positive, districts without a multiplier")
  func problems() {
    var c = SynthConfiguration(seed: 1)
    c.disparities.changeDistricts = ["4"]
    #expect(c.problem == "change districts are given but the change multiplier is 1 (no change): give --change-multiplier")
    c.disparities.changeDispatchMultiplier = 0
    #expect(c.problem == "the change multiplier must be a positive number, not 0.0")
    c.disparities.changeDispatchMultiplier = 1.5
    #expect(c.problem == nil)
  }

  @Test("a change district that is not a police district is refused, naming it and the ids")
  func unknownDistrict() throws {
    let city = try Fixture.city
    #expect(try Synthesizer.districts(["09", "4"], in: city).map { city.districts.areas[$0].id } == ["4", "9"])
    #expect { try Synthesizer.districts(["4", "99"], in: city) } throws: { error in
      "\(error)".contains("change district '99' is not a police district of police-districts (ids: ")
    }
  }

  /// One seed, two years: the disparity districts are the same (drawn from the seed), while
  /// each year's calls are their own draws, so two years are independent samples (what the
  /// false-flag rate of `compare` assumes). Two runs of 2,000 calls.
  @Test("same seed, 2023 and 2024 with a change: same disparity districts, different calls, change in truth.json")
  func twoYears() throws {
    func generate(_ year: Int, change: Bool) throws -> (calls: CSVTable, truth: JSONValue) {
      let directory = try TestData.temporaryDirectory()
      defer { try? FileManager.default.removeItem(at: directory) }
      var configuration = SynthConfiguration(seed: 99, year: year, callCount: 2_000)
      configuration.cameras.podCount = 100
      configuration.cameras.ptzCount = 10
      if change {
        configuration.disparities.changeDistricts = ["7"]
        configuration.disparities.changeDispatchMultiplier = 2
      }
      _ = try Synthesizer(city: try Fixture.city, configuration: configuration).run(writingTo: directory)
      return (
        try CSVTable(contentsOf: directory.appendingPathComponent(ServiceInputs.Calls.file).path),
        try JSONValue.parse(Array(try Data(contentsOf: directory.appendingPathComponent(ServiceInputs.truthFile))))
      )
    }
    let (before, after) = (try generate(2023, change: false), try generate(2024, change: true))
    func delayed(_ truth: JSONValue) -> [String] {
      guard case .object(let areas)? = truth["disparities"]?["police-districts"] else { return [] }
      return areas.filter { $0.1["call_to_dispatch_multiplier"] != nil }.map(\.0).sorted()
    }
    #expect(delayed(before.truth) == delayed(after.truth) && delayed(before.truth).count == 3)
    #expect(after.truth["disparities"]?["police-districts"]?["7"]?["change_call_to_dispatch_multiplier"]?.numberValue == 2)
    #expect(before.truth["parameters"]?["disparities"]?["change_districts"] == nil)
    let lon = try #require(before.calls.column(ServiceInputs.Calls.longitude))
    let same = zip(before.calls.rows, after.calls.rows).filter { $0.fields[lon] == $1.fields[lon] }.count
    #expect(same < 20, "\(same) of 2,000 calls share a longitude between the two years")
  }
}
