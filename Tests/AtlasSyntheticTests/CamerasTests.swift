import AtlasGeometry
import AtlasIO
import AtlasPipeline
import AtlasTestSupport
import Foundation
import Testing

@testable import AtlasSynthetic

@Suite("cameras.csv and camera_outages.csv")
struct CamerasTests {
  /// Per camera: ward id and uptime recomputed from the two files alone, with Foundation's
  /// calendar for the install midnights.
  func recomputedUptime(_ run: GeneratedSet) throws -> [(ward: String, uptime: Double)] {
    let city = try Fixture.city
    let cameras = try run.table(ServiceInputs.Cameras.file)
    let outages = try run.table(ServiceInputs.CameraOutages.file)
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = try #require(TimeZone(identifier: "America/Chicago"))
    func midnight(_ y: Int, _ m: Int, _ d: Int) -> Int64 {
      Int64(calendar.date(from: DateComponents(year: y, month: m, day: d))!.timeIntervalSince1970)
    }
    let yearStart = midnight(2023, 1, 1)
    let yearEnd = midnight(2024, 1, 1)
    var down: [String: Int64] = [:]
    for row in outages.rows { down[row.fields[0], default: 0] += instant(row.fields[3])! - instant(row.fields[2])! }
    return try cameras.rows.map { row in
      let parts = row.fields[2].split(separator: "-").map { Int($0)! }
      let start = max(yearStart, midnight(parts[0], parts[1], parts[2]))
      let lon = try #require(Double(row.fields[3]))
      let lat = try #require(Double(row.fields[4]))
      let ward = try #require(city.engine.areaID(city.engine.locate(lon: lon, lat: lat)[0], layer: 0), "camera \(row.fields[0]) in a ward")
      return (ward, 1 - Double(down[row.fields[0]] ?? 0) / Double(yearEnd - start))
    }
  }

  @Test("injected wards: mean uptime within ±0.05 of 0.70, elsewhere within ±0.02 of 0.95; truth's realised values match")
  func uptimeDisparity() throws {
    let run = try Fixture.standard
    let truth = try run.truth()
    guard case .object(let wards)? = truth["disparities"]?[SyntheticCity.wardsLayer] else {
      Issue.record("no injected wards")
      return
    }
    let injected = Set(wards.filter { $0.1["camera_uptime_mean"] != nil }.map(\.0))
    #expect(injected.count == run.configuration.disparities.cameraWards)
    let uptime = try recomputedUptime(run)
    let inside = uptime.filter { injected.contains($0.ward) }.map(\.uptime)
    let outside = uptime.filter { !injected.contains($0.ward) }.map(\.uptime)
    let meanIn = inside.reduce(0, +) / Double(inside.count)
    let meanOut = outside.reduce(0, +) / Double(outside.count)
    #expect(inside.count >= 40, "the injected wards are among the better-equipped half")
    #expect(abs(meanIn - run.configuration.disparities.injectedUptimeMean) < 0.05, "seed \(Fixture.seed): \(meanIn)")
    #expect(abs(meanOut - run.configuration.cameras.baselineUptimeMean) < 0.02, "seed \(Fixture.seed): \(meanOut)")

    let effect = try #require(truth["effects"]?.arrayValue?.first { $0["measure"]?.stringValue == "camera_uptime_mean" })
    #expect(abs((effect["realized"]?["elsewhere"]?["uptime_mean"]?.numberValue ?? 0) - meanOut) < 2e-6)
    for ward in injected {
      let values = uptime.filter { $0.ward == ward }.map(\.uptime)
      let stated = effect["realized"]?["by_area"]?[ward]
      #expect(stated?["cameras"]?.numberValue == Double(values.count))
      #expect(abs((stated?["uptime_mean"]?.numberValue ?? 0) - values.reduce(0, +) / Double(values.count)) < 2e-6, "ward \(ward)")
    }
  }

  @Test("outages: status down, sorted, disjoint, ≥ 5 min, inside each camera's service in the year; many short, a few long")
  func outageIntervals() throws {
    let run = try Fixture.standard
    let cameras = try run.table(ServiceInputs.Cameras.file)
    let outages = try run.table(ServiceInputs.CameraOutages.file)
    let installed = Dictionary(uniqueKeysWithValues: cameras.rows.map { ($0.fields[0], $0.fields[2]) })
    let yearStart = try #require(instant("2023-01-01T00:00:00-06:00"))
    let yearEnd = try #require(instant("2024-01-01T00:00:00-06:00"))
    let minimum = run.configuration.cameras.minimumOutageSeconds
    var previous: (camera: String, end: Int64)? = nil
    var durations: [Int64] = []
    for row in outages.rows {
      #expect(row.fields[1] == "down")
      let camera = row.fields[0]
      let install = try #require(installed[camera], "outage of unknown camera \(camera)")
      let start = try #require(instant(row.fields[2]))
      let end = try #require(instant(row.fields[3]))
      #expect(end - start >= minimum && start >= yearStart && end <= yearEnd)
      #expect(String(row.fields[2].prefix(10)) >= install, "outage before install of \(camera)")
      if let previous, previous.camera == camera { #expect(start - previous.end >= minimum, "\(camera) outages overlap") }
      previous = (camera, end)
      durations.append(end - start)
    }
    let short = durations.filter { $0 < 6 * 3600 }.count
    let long = durations.filter { $0 > 2 * 86_400 }.count
    #expect(Double(short) > 0.6 * Double(durations.count) && long > 0 && long < short / 4, "\(short) short, \(long) long")
  }
}
