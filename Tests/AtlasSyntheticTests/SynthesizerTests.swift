import AtlasGeometry
import AtlasIO
import AtlasPipeline
import AtlasTestSupport
import Foundation
import Testing

@testable import AtlasSynthetic

@Suite("Synthesis run: determinism, markers, counts, truth")
struct SynthesizerTests {
  @Test("same seed ⇒ byte-identical files; another seed ⇒ different files except the real stations")
  func determinism() throws {
    let first = try Fixture.standard
    let again = try Fixture.generate(seed: Fixture.seed)
    #expect(Set(first.files.keys) == Set(again.files.keys))
    for (name, bytes) in first.files {
      #expect(bytes == again.files[name], "seed \(Fixture.seed): \(name) differs between two runs")
    }
    let other = try Fixture.generate(seed: Fixture.seed + 1)
    for name in first.files.keys where name != ServiceInputs.FleetBases.file {
      #expect(first.files[name] != other.files[name], "seeds \(Fixture.seed) and \(Fixture.seed + 1) give the same \(name)")
    }
    // The bases are the real stations, the same for every seed.
    #expect(first.files[ServiceInputs.FleetBases.file] == other.files[ServiceInputs.FleetBases.file])
  }

  @Test("every file carries the synthetic marker: CSV column on every row, GeoJSON member and per-feature property")
  func markers() throws {
    let run = try Fixture.standard
    for name in Fixture.csvFiles {
      let table = try run.table(name)
      let column = try #require(table.column(ServiceInputs.originField), "\(name) has no \(ServiceInputs.originField) column")
      #expect(!table.rows.isEmpty)
      #expect(table.rows.allSatisfy { $0.fields.count == table.header.count && $0.fields[column] == ServiceInputs.syntheticOrigin }, "\(name)")
    }
    for name in Fixture.geoJSONFiles {
      let document = try JSONValue.parse(run.files[name]!)
      #expect(document[ServiceInputs.originField]?.stringValue == ServiceInputs.syntheticOrigin, "\(name) top-level member")
      let features = try run.features(name)
      #expect(!features.isEmpty)
      #expect(features.allSatisfy { $0.properties[ServiceInputs.originField] == ServiceInputs.syntheticOrigin }, "\(name) feature property")
    }
    #expect(try run.truth()[ServiceInputs.originField]?.stringValue == ServiceInputs.syntheticOrigin)
  }

  @Test("headers are the contract's columns in order")
  func headers() throws {
    let run = try Fixture.standard
    typealias C = ServiceInputs.Calls
    #expect(
      try run.table(C.file).header == [
        C.eventID, C.priority, C.callType, C.received, C.dispatched, C.enRoute, C.onScene, C.cleared, C.longitude, C.latitude,
        C.beat, ServiceInputs.originField,
      ])
    typealias K = ServiceInputs.Cameras
    #expect(try run.table(K.file).header == [K.cameraID, K.type, K.installDate, K.longitude, K.latitude, ServiceInputs.originField])
    typealias O = ServiceInputs.CameraOutages
    #expect(try run.table(O.file).header == [O.cameraID, O.status, O.start, O.end, ServiceInputs.originField])
    typealias B = ServiceInputs.FleetBases
    #expect(try run.table(B.file).header == [B.baseID, B.service, B.name, B.longitude, B.latitude, ServiceInputs.originField])
  }

  @Test("row counts: configured calls and cameras; summary and truth agree with the files")
  func rowCounts() throws {
    let run = try Fixture.standard
    #expect(try run.table(ServiceInputs.Calls.file).rows.count == Fixture.callCount)
    let cameras = try run.table(ServiceInputs.Cameras.file)
    let type = try #require(cameras.column(ServiceInputs.Cameras.type))
    var byType: [String: Int] = [:]
    for row in cameras.rows { byType[row.fields[type], default: 0] += 1 }
    // Configured POD and PTZ counts; 160 speed and 149 red-light cameras are the real files'
    // rows (PROVENANCE.md), all live before 2024.
    #expect(byType == ["POD": 600, "PTZ": 40, "speed": 160, "red-light": 149])
    #expect(Set(cameras.rows.map { $0.fields[0] }).count == cameras.rows.count, "camera ids are unique")

    let truth = try run.truth()
    let listed = try #require(truth["files"]?.arrayValue)
    #expect(listed.count == run.summary.files.count - 1, "truth.json lists every file but itself")
    for (entry, file) in zip(listed, run.summary.files) {
      #expect(entry["file"]?.stringValue == file.name)
      #expect(entry["bytes"]?.numberValue == Double(run.files[file.name]!.count))
      let records: Int
      if file.name.hasSuffix(".csv") {
        records = try run.table(file.name).rows.count
      } else {
        records = try run.features(file.name).count
      }
      #expect(entry["records"]?.numberValue == Double(records), "\(file.name)")
      #expect(file.rows == records)
    }
    #expect(
      run.summary.files.map(\.name) == [
        ServiceInputs.Calls.file, ServiceInputs.Cameras.file, ServiceInputs.CameraOutages.file, ServiceInputs.Coverage.file,
        ServiceInputs.FleetBases.file, ServiceInputs.FleetZones.file, ServiceInputs.truthFile,
      ])
  }

  @Test("truth.json: seed, year, the configured number of injected areas, disjoint wards, real area ids")
  func truthContents() throws {
    let run = try Fixture.standard
    let truth = try run.truth()
    let city = try Fixture.city
    #expect(truth["seed"]?.stringValue == String(Fixture.seed))
    #expect(truth["year"]?.numberValue == 2023)
    #expect(truth["dst_transitions"]?.arrayValue?.compactMap(\.stringValue) == ["2023-03-12T03:00:00-05:00", "2023-11-05T01:00:00-06:00"])
    guard case .object(let districts)? = truth["disparities"]?[SyntheticCity.districtsLayer],
      case .object(let wards)? = truth["disparities"]?[SyntheticCity.wardsLayer]
    else {
      Issue.record("disparities are keyed by layer id")
      return
    }
    let d = run.configuration.disparities
    #expect(districts.filter { $0.1["call_to_dispatch_multiplier"] != nil }.count == d.dispatchDelayDistricts)
    // The case-mix trap districts are others, keyed by their expected adjusted ratio.
    #expect(districts.filter { $0.1["case_mix_adjusted_ratio"] != nil && $0.1["call_to_dispatch_multiplier"] == nil }.count == d.caseMixDistricts)
    #expect(districts.count == d.dispatchDelayDistricts + d.caseMixDistricts)
    let districtIDs = Set(city.districts.areas.map(\.id))
    let wardIDs = Set(city.wards.areas.map(\.id))
    #expect(districts.allSatisfy { districtIDs.contains($0.0) && $0.0 != "31" })
    #expect(wards.allSatisfy { wardIDs.contains($0.0) })
    // Each injected ward carries exactly one kind of disparity.
    #expect(
      wards.allSatisfy { entry in
        if case .object(let members) = entry.1 { return members.count == 1 }
        return false
      })
    func count(_ key: String) -> Int { wards.filter { $0.1[key] != nil }.count }
    #expect(count("camera_uptime_mean") == d.cameraWards)
    #expect(count("coverage_hole_technologies") == d.coverageHoleWards)
    #expect(count("fleet_underserved") == 2 * d.underservedWardsPerService)
    let measures = truth["effects"]?.arrayValue?.compactMap { $0["measure"]?.stringValue }
    #expect(
      measures == [
        "call_to_dispatch_median_ratio", "on_scene_recorded_share", "case_mix_adjusted_call_to_dispatch_ratio", "camera_uptime_mean",
        "coverage_share", "fleet_distance_km",
      ])
  }

  @Test("invalid configurations are refused with a reason")
  func invalidConfiguration() throws {
    var configuration = SynthConfiguration(seed: 1, year: 1999)
    #expect(configuration.problem?.contains("year") == true)
    configuration = SynthConfiguration(seed: 1, callCount: 0)
    #expect(configuration.problem?.contains("calls") == true)
    configuration = SynthConfiguration(seed: 1)
    configuration.disparities.dispatchDelayMultiplier = 100
    #expect(configuration.problem?.contains("maximum") == true)
    #expect(throws: SynthError.self) { try Synthesizer(city: try Fixture.city, configuration: configuration) }
    #expect(SynthConfiguration(seed: 1).problem == nil)
  }
}
