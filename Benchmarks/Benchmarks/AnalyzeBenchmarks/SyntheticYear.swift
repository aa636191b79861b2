import AtlasIO
import AtlasPipeline
import AtlasSynthetic
import BenchmarkInput
import Foundation

/// The input of the analyze benchmarks: one synthetic year written by the library, seed 42 and
/// the default configuration (2023, 1,300,000 calls, about 240 MB), the same files as
/// `equity-atlas synth --seed 42`.
///
/// Written once into `$TMPDIR/equity-atlas-bench/synthetic-year-42/` (through a temporary
/// directory renamed into place) and reused: a directory with `truth.json`, which the
/// synthesizer writes last, is taken as complete. Delete it after changing the generator.
enum SyntheticYear {
  static let seed: UInt64 = 42

  static var directory: URL {
    URL(fileURLWithPath: BenchmarkPoints.workDirectory + "/synthetic-year-\(seed)", isDirectory: true)
  }

  /// The year's directory, generated first if it is absent or incomplete.
  static func ensure(data: DataDirectory) throws -> URL {
    let target = directory
    if FileManager.default.fileExists(atPath: target.appendingPathComponent(ServiceInputs.truthFile).path) { return target }
    let partial = URL(fileURLWithPath: target.path + ".partial-\(getpid())", isDirectory: true)
    try? FileManager.default.removeItem(at: partial)
    let city = try SyntheticCity.load(from: data, manifest: try BoundaryManifest.bundled())
    _ = try Synthesizer(city: city, configuration: SynthConfiguration(seed: seed)).run(writingTo: partial)
    try? FileManager.default.removeItem(at: target)  // an incomplete earlier attempt
    try FileManager.default.moveItem(at: partial, to: target)
    return target
  }
}
