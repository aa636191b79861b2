import ArgumentParser
import AtlasIO
import AtlasPipeline
import AtlasReport
import AtlasSynthetic
import Foundation

struct DemoCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "demo",
    abstract: "Synthetic inputs → analyze → every report, in one run (SYNTHETIC data).",
    discussion: """
      The whole tool on the real boundaries without any real service records:
        1. synth    SYNTHETIC 911 calls, cameras and outages, cellular coverage and fleet
                    zones with known disparities → --out/inputs/ (with truth.json)
        2. analyze  → --out/atlas.gpkg and --out/manifest.json
        3. reports  → --out/reports/: wards/ward-01.pdf … ward-50.pdf, districts.pdf,
                    cameras.pdf, exports/<layer>.csv and .geojson
        4. site     → --out/site/index.html: the offline web atlas (see `site`)
      Every output says it is synthetic. The same --seed, --calls and data directory give
      byte-identical reports and exports.

      Example:
        equity-atlas demo --data ../shared/data --out demo --seed 42
      """
  )

  @OptionGroup var dataOptions: DataOptions

  @Option(name: .long, help: ArgumentHelp("Directory for inputs/, atlas.gpkg, manifest.json and reports/.", valueName: "dir"))
  var out: String

  @Option(name: .long, help: "Seed of every random draw.")
  var seed: UInt64 = 42

  @Option(name: .long, help: "Number of synthetic dispatched 911 calls.")
  var calls: Int = CallParameters.defaultCount

  func validate() throws {
    if let problem = SynthConfiguration(seed: seed, year: 2023, callCount: calls).problem { throw ValidationError(problem) }
  }

  func run() throws {
    let started = Date()
    let data = try DataDirectory.resolve(dataOptions.data)
    let root = URL(fileURLWithPath: out, isDirectory: true)
    let inputs = root.appendingPathComponent("inputs", isDirectory: true)
    let reports = root.appendingPathComponent("reports", isDirectory: true)
    let progress = StageProgress(stages: 2 + ReportKind.allCases.count)
    var timings: [(String, Double)] = []
    func timed<T>(_ stage: String, _ body: () throws -> T) rethrows -> T {
      let start = Date()
      defer { timings.append((stage, Date().timeIntervalSince(start))) }
      return try body()
    }

    progress.begin("synth (seed \(seed), \(calls) calls)")
    let summary = try timed("synth") {
      let city = try SyntheticCity.load(from: data, manifest: try BoundaryManifest.bundled())
      return try Synthesizer(city: city, configuration: SynthConfiguration(seed: seed, year: 2023, callCount: calls))
        .run(writingTo: inputs) { progress.update("wrote \($0.name)") }
    }
    progress.end("\(summary.files.count) files in \(inputs.path)")

    progress.begin("analyze")
    let result = try timed("analyze") {
      try AnalyzeJob(configuration: AnalyzeConfiguration(inputs: inputs, data: data, output: root)).run { progress.update($0) }
    }
    progress.end("\(result.metrics.count) figures")

    let model = try ReportModel.load(atlas: result.gpkgPath)
    for notice in model.notices { FileHandle.standardError.write(Data("warning: \(notice)\n".utf8)) }
    let job = ReportJob(model: model, output: reports)
    var written: [String] = []
    for kind in ReportKind.allCases {
      progress.begin("report \(kind.rawValue)")
      let paths = try timed("report \(kind.rawValue)") {
        try job.run(kind) { done, total, path in progress.update("\(done)/\(total) \((path as NSString).lastPathComponent)") }
      }
      progress.end("\(paths.count) file\(paths.count == 1 ? "" : "s")")
      written += paths
    }

    _ = try timed("site") { try SiteCommand.write(model: model, to: root.appendingPathComponent("site", isDirectory: true)) }
    print("SYNTHETIC data (seed \(seed)): every input, the atlas and every report say so.")
    print("  \(inputs.path)/: \(summary.files.map(\.name).joined(separator: ", "))")
    print("  \(result.gpkgPath), \(result.manifestPath)")
    print(ReportJob.summary(written))
    print(timings.map { String(format: "%@ %.1f s", $0.0, $0.1) }.joined(separator: ", "))
    print(String(format: "demo finished in %.1f s", Date().timeIntervalSince(started)))
  }
}
