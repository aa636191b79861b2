import ArgumentParser
import AtlasIO
import AtlasPipeline
import AtlasSynthetic
import Foundation

struct SynthCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "synth",
    abstract: "Generate SYNTHETIC service records over the real city, with known disparities injected.",
    discussion: discussion
  )

  /// The help text, with the file names from the contract and the numbers from the defaults.
  private static var discussion: String {
    let calls = CallParameters()
    let cameras = CameraParameters()
    let coverage = CoverageParameters()
    let fleet = FleetParameters()
    let d = DisparityParameters()
    func percent(_ x: Double) -> String { String(format: "%.0f %%", x * 100) }
    func row(_ name: String, _ lines: [String]) -> String {
      let pad = String(repeating: " ", count: 23)
      return "  " + name.padding(toLength: 21, withPad: " ", startingAt: 0) + lines[0]
        + lines.dropFirst().map { "\n" + pad + $0 }.joined()
    }
    let shares = (1...3).map { k in calls.priorities.filter { $0.priorityClass == k }.reduce(0) { $0 + $1.share } }
    let holeTechnologies = coverage.technologies.filter(\.removedInHoles).map(\.name).joined(separator: ", ")
    let files = [
      row(
        ServiceInputs.Calls.file,
        [
          "\(calls.count) dispatched 911 calls over the year: priority",
          "1A–3D (\(shares.map { String(format: "%.0f", $0 * 100) }.joined(separator: "/")) %), call type,",
          "received / dispatched / en route / on scene / cleared",
          "in local time with the UTC offset, across both DST",
          "changes (the repeated November hour included); a",
          "location or only a beat; missing stages, a few",
          "data-entry errors and garbled coordinates",
        ]),
      row(
        ServiceInputs.Cameras.file,
        [
          "\(cameras.podCount) POD cameras around the real POD sites,",
          "\(cameras.ptzCount) PTZ cameras, the real speed and red-light",
          "cameras, with install dates",
        ]),
      row(ServiceInputs.CameraOutages.file, ["outage intervals (status down, start, end):", "many short, a few long"]),
      row(
        ServiceInputs.Coverage.file,
        [
          "\(coverage.providers.count) providers × \(coverage.technologies.map(\.name).joined(separator: ", ")) ×",
          "\(coverage.environments.joined(separator: ", ")) coverage polygons",
        ]),
      row(ServiceInputs.FleetBases.file, ["the real district police stations (headquarters", "skipped) and fire stations"]),
      row(ServiceInputs.FleetZones.file, ["nearest-base zones clipped to the city, one per base"]),
      row(
        ServiceInputs.truthFile,
        [
          "the injected disparities, baselines, expected and",
          "realised effects, parameters, injected anomalies",
        ]),
    ]
    return """
      Real 911 timestamps, camera uptime logs and fleet zones are not public, so this
      command generates realistic stand-ins over the real boundaries (2023 wards,
      police districts and beats from --data). Every record is SYNTHETIC and says
      so: CSV files carry a \(ServiceInputs.originField) column = \(ServiceInputs.syntheticOrigin), GeoJSON files a
      top-level member and a property of that name. Only the boundaries, the seed
      locations (geocoded incidents; POD, speed and red-light cameras) and the
      police and fire stations are real.

      Files written to --out:
      \(files.joined(separator: "\n"))

      Injected disparities (areas chosen from the seed, listed in \(ServiceInputs.truthFile)):
        - \(d.dispatchDelayDistricts) police districts: call→dispatch times ×\(d.dispatchDelayMultiplier) for priorities
          \(d.dispatchDelayClasses.map(String.init).joined(separator: " and ")), on-scene times recorded for \(percent(d.injectedOnSceneRecordedShare)) of calls
          instead of \(percent(calls.onSceneRecordedShare))
        - \(d.cameraWards) wards: mean camera uptime \(d.injectedUptimeMean) instead of \(cameras.baselineUptimeMean)
        - \(d.coverageHoleWards) wards: no \(holeTechnologies) coverage from any provider
        - \(d.underservedWardsPerService) wards per service (police, fire): served from a base at least
          \(fleet.minimumStretch)× farther than the nearest one (a stretched zone)

      The same --seed, --year, --calls and data directory give byte-identical files.

      Change over time (to test `equity-atlas compare`): generate a baseline year, then
      a later year from the same seed with --change-districts and --change-multiplier.
      The same seed keeps the disparity districts above; each year's calls are drawn
      afresh; truth.json of the later year lists the changed districts and the factor.
        equity-atlas synth --data ../shared/data --out y2023 --seed 7 --year 2023
        equity-atlas synth --data ../shared/data --out y2024 --seed 7 --year 2024 \\
          --change-districts 4,9 --change-multiplier 0.6

      Example:
        equity-atlas synth --data ../shared/data --out synthetic --seed 42
      """
  }

  @OptionGroup var dataOptions: DataOptions

  @Option(name: .long, help: ArgumentHelp("Directory to write the files into (created if missing).", valueName: "dir"))
  var out: String

  @Option(name: .long, help: "Seed of every random draw.")
  var seed: UInt64

  @Option(name: .long, help: "Calendar year the records cover (America/Chicago local time).")
  var year: Int = 2023

  @Option(name: .long, help: "Number of dispatched 911 calls.")
  var calls: Int = CallParameters.defaultCount

  @Option(
    name: .long, parsing: .upToNextOption,
    help: ArgumentHelp(
      "Police districts (ids, comma- or space-separated) whose call → dispatch times change by --change-multiplier, to test `compare`.",
      valueName: "ids"))
  var changeDistricts: [String] = []

  @Option(name: .long, help: "Factor on every priority's call → dispatch time in --change-districts (e.g. 1.5: 50% slower).")
  var changeMultiplier: Double = 1

  /// The configuration the options describe.
  var configuration: SynthConfiguration {
    var configuration = SynthConfiguration(seed: seed, year: year, callCount: calls)
    configuration.disparities.changeDistricts = changeDistricts.flatMap { $0.split(separator: ",") }.map {
      String($0).trimmingCharacters(in: .whitespaces)
    }
    .filter { !$0.isEmpty }
    configuration.disparities.changeDispatchMultiplier = changeMultiplier
    return configuration
  }

  func validate() throws {
    if let problem = configuration.problem {
      throw ValidationError(problem)
    }
  }

  func run() throws {
    let started = Date()
    let data = try DataDirectory.resolve(dataOptions.data)
    let city = try SyntheticCity.load(from: data, manifest: try BoundaryManifest.bundled())
    print("data directory: \(data.url.path)")
    print("SYNTHETIC data, seed \(seed), year \(year), \(calls) calls → \(out)")
    let configuration = self.configuration
    if !configuration.disparities.changeDistricts.isEmpty {
      print(
        "change injected: call → dispatch ×\(changeMultiplier) in police districts \(configuration.disparities.changeDistricts.joined(separator: ", "))"
      )
    }
    let synthesizer = try Synthesizer(city: city, configuration: configuration)
    let summary = try synthesizer.run(writingTo: URL(fileURLWithPath: out, isDirectory: true)) { file in
      print(
        String(
          format: "wrote %@: %@, %.1f MB (at %.1f s)", file.name, Self.records(file), Double(file.bytes) / 1_048_576,
          Date().timeIntervalSince(started)))
    }
    print("\nsummary (seed \(summary.seed), year \(summary.year)):")
    for file in summary.files {
      print(
        "  " + file.name.padding(toLength: 22, withPad: " ", startingAt: 0) + Self.records(file).padding(toLength: 18, withPad: " ", startingAt: 0)
          + String(format: "%9.1f MB", Double(file.bytes) / 1_048_576))
    }
    print(String(format: "%.2f s", Date().timeIntervalSince(started)))
  }

  /// "1300000 rows" for CSV files, "18 features" for GeoJSON, "" for truth.json.
  private static func records(_ file: WrittenFile) -> String {
    if file.name.hasSuffix(".csv") { return "\(file.rows) rows" }
    if file.name.hasSuffix(".geojson") { return "\(file.rows) features" }
    return "document"
  }
}
