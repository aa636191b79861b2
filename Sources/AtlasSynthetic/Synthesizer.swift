import AtlasGeometry
import AtlasIO
import AtlasStatistics
import Foundation

/// What a synthesis run wrote.
public struct SynthSummary: Sendable {
  public var seed: UInt64
  public var year: Int
  /// In the order written; `truth.json` last.
  public var files: [WrittenFile]
}

/// Writes a complete set of synthetic service inputs — calls, cameras and outages, cellular
/// coverage, fleet bases and zones — over the real city, with known disparities injected and
/// described in `truth.json`.
///
/// The run is a pure function of the configuration and the data directory: every random draw
/// comes from `SeededGenerator` streams derived from the seed (`RandomStream`), and files are
/// written in a fixed order with a fixed number format, so the same seed gives byte-identical
/// files. (Log-normal and Gaussian draws use the C library's `exp`, `log` and `cos`; a
/// different libm could change a last digit.)
public struct Synthesizer {
  public let city: SyntheticCity
  public let configuration: SynthConfiguration

  /// - Throws: `SynthError.invalidConfiguration` naming the first problem.
  public init(city: SyntheticCity, configuration: SynthConfiguration) throws {
    if let problem = configuration.problem { throw SynthError.invalidConfiguration(problem) }
    self.city = city
    self.configuration = configuration
  }

  /// Generates every file into `directory` (created if needed), calling `progress` after each.
  ///
  /// - Throws: `SynthError`, or `FileIOError` when a file cannot be written.
  public func run(writingTo directory: URL, progress: (WrittenFile) -> Void = { _ in }) throws -> SynthSummary {
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let zone = SynthConfiguration.timeZoneIdentifier
    let year = configuration.year
    guard let start = LocalClock.midnight(year: year, month: 1, day: 1, identifier: zone),
      let end = LocalClock.midnight(year: year + 1, month: 1, day: 1, identifier: zone),
      // Event stages and outages run past the year's end by a few days at most.
      let clock = LocalClock(identifier: zone, from: start - 86_400, to: end + 30 * 86_400)
    else { throw SynthError.unknownTimeZone(zone) }
    let period = start..<end
    let seed = configuration.seed
    var choices = RandomStream.disparities.generator(seed: seed)
    var files: [WrittenFile] = []
    func wrote(_ file: WrittenFile) {
      files.append(file)
      progress(file)
    }
    var truth = TruthBuilder(city: city, configuration: configuration, clock: clock, period: period)

    // Calls, with the dispatch disparity in districts that have a police station.
    let stationDistricts = Set(city.policeStations.map(\.key))
    let districtPool = city.districts.areas.indices.filter { stationDistricts.contains(city.districts.areas[$0].id) }
    let injectedDistricts = SyntheticCity.sortedByID(
      choices.sample(districtPool, count: configuration.disparities.dispatchDelayDistricts), in: city.districts)
    var injected = [Bool](repeating: false, count: city.districts.areas.count)
    for d in injectedDistricts { injected[d] = true }
    let changedDistricts = try Self.districts(configuration.disparities.changeDistricts, in: city)
    var changed = [Bool](repeating: false, count: city.districts.areas.count)
    for d in changedDistricts { changed[d] = true }
    // The case-mix trap, from its own stream so that the other choices stay as they were.
    var trapChoices = RandomStream.caseMix.generator(seed: seed)
    let trapDistricts = SyntheticCity.sortedByID(
      trapChoices.sample(districtPool.filter { !injected[$0] }, count: configuration.disparities.caseMixDistricts), in: city.districts)
    var trap = [UInt8](repeating: 0, count: city.districts.areas.count)
    for (n, d) in trapDistricts.enumerated() { trap[d] = n == 0 ? 1 : 2 }
    // Each year's calls are their own draws: the year shifts the stream (2023 keeps the seed's
    // own stream, so its files are those of earlier versions), while the disparity districts,
    // drawn from `choices`, stay the same for one seed.
    var callStream = RandomStream.calls.generator(seed: seed &+ UInt64(bitPattern: Int64(year - 2023)) &* 0xD1B5_4A32_D192_ED03)
    let (callsFile, calls) = try CallGenerator(
      city: city, clock: clock, period: period, parameters: configuration.calls, injectedDistrict: injected,
      changedDistrict: changedDistricts.isEmpty ? [] : changed, caseMixDistrict: trap, disparities: configuration.disparities
    ).write(to: directory, generator: &callStream)
    wrote(callsFile)
    truth.calls(calls, districts: injectedDistricts)
    truth.caseMix(calls, districts: trapDistricts.map { ($0, trap[$0] == 2) })
    if !changedDistricts.isEmpty { truth.change(calls, districts: changedDistricts) }

    // Cameras, with lower uptime in wards among the better-equipped half.
    var cameraStream = RandomStream.cameras.generator(seed: seed)
    let cameraGenerator = CameraGenerator(city: city, clock: clock, period: period, year: year, parameters: configuration.cameras)
    let (cameras, notYetLive) = cameraGenerator.inventory(&cameraStream)
    var camerasPerWard = [Int](repeating: 0, count: city.wards.areas.count)
    for camera in cameras { camerasPerWard[camera.ward] += 1 }
    let medianCameras = median(camerasPerWard.map(Double.init))
    let cameraWardPool = city.wards.areas.indices.filter { Double(camerasPerWard[$0]) >= medianCameras }
    let cameraWards = SyntheticCity.sortedByID(choices.sample(cameraWardPool, count: configuration.disparities.cameraWards), in: city.wards)
    let lowUptime = Set(cameraWards)
    let cameraReport = try cameraGenerator.write(
      cameras, notYetLive: notYetLive, to: directory,
      uptimeMean: { lowUptime.contains($0.ward) ? configuration.disparities.injectedUptimeMean : configuration.cameras.baselineUptimeMean },
      generator: &cameraStream)
    wrote(cameraReport.inventory)
    wrote(cameraReport.outages)
    truth.cameras(cameraReport, cameras: cameras, wards: cameraWards)
    var usedWards = lowUptime

    // Coverage, with 5G holes in wards that would otherwise be well covered.
    var coverageStream = RandomStream.coverage.generator(seed: seed)
    let coverageGenerator = CoverageGenerator(city: city, parameters: configuration.coverage)
    let coverageModel = coverageGenerator.model(&coverageStream)
    let holeTechnology = configuration.coverage.technologies.firstIndex(where: \.removedInHoles) ?? 0
    let wardShares = city.wards.areas.indices.map { coverageModel.share(technology: holeTechnology, environment: 0, ward: $0) }
    let medianShare = median(wardShares)
    let holePool = city.wards.areas.indices.filter { !usedWards.contains($0) && wardShares[$0] >= medianShare }
    let holeWards = SyntheticCity.sortedByID(choices.sample(holePool, count: configuration.disparities.coverageHoleWards), in: city.wards)
    usedWards.formUnion(holeWards)
    let coverage = try coverageGenerator.write(coverageModel, holeWards: holeWards, to: directory)
    wrote(coverage.file)
    truth.coverage(coverage)

    // Fleet, with zones stretched over a few more wards.
    let fleetGenerator = FleetGenerator(city: city, parameters: configuration.fleet)
    let bases = fleetGenerator.bases
    let (grid, wardOfCell) = fleetGenerator.grid()
    var assignments = fleetGenerator.naturalAssignments(bases, grid: grid, wardOfCell: wardOfCell)
    var underserved: [UnderservedWard] = []
    for s in assignments.indices {
      let pool = city.wards.areas.indices.filter { !usedWards.contains($0) }
      for ward in SyntheticCity.sortedByID(choices.sample(pool, count: configuration.disparities.underservedWardsPerService), in: city.wards) {
        usedWards.insert(ward)
        underserved.append(fleetGenerator.stretch(&assignments[s], ward: ward, bases: bases, grid: grid, wardOfCell: wardOfCell))
      }
    }
    let fleet = try fleetGenerator.write(
      bases, assignments: assignments, underserved: underserved, grid: grid, wardOfCell: wardOfCell, to: directory)
    wrote(fleet.bases)
    wrote(fleet.zones)
    truth.fleet(fleet, bases: bases)

    let truthFile = try OutputFile(directory: directory, name: ServiceInputs.truthFile)
    try truthFile.raw(truth.document(files: files).serialized(pretty: true))
    wrote(try truthFile.finish(rows: 1))
    return SynthSummary(seed: seed, year: year, files: files)
  }

  /// Indexes of the police districts named by id, in id order.
  /// - Throws: `SynthError.invalidConfiguration` naming an id that is not a district.
  static func districts(_ ids: [String], in city: SyntheticCity) throws -> [Int] {
    var indexes: [Int] = []
    for id in ids {
      let canonical = Int(id).map(String.init) ?? id
      guard let d = city.districts.areas.firstIndex(where: { $0.id == canonical }) else {
        throw SynthError.invalidConfiguration(
          "change district '\(id)' is not a police district of \(SyntheticCity.districtsLayer) (ids: \(city.districts.areas.map(\.id).joined(separator: ", ")))"
        )
      }
      if !indexes.contains(d) { indexes.append(d) }
    }
    return SyntheticCity.sortedByID(indexes, in: city.districts)
  }

  /// The median of a non-empty sample (Hyndman–Fan 7).
  private func median(_ values: [Double]) -> Double {
    (try? values.median()) ?? 0
  }
}
