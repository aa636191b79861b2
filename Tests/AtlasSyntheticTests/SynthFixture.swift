import AtlasGeometry
import AtlasIO
import AtlasPipeline
import AtlasTestSupport
import Foundation

@testable import AtlasSynthetic

/// One synthesis run, read back into memory (its directory is removed at once).
struct GeneratedSet: Sendable {
  var configuration: SynthConfiguration
  var summary: SynthSummary
  var files: [String: [UInt8]]

  func table(_ name: String) throws -> CSVTable { try CSVTable(bytes: files[name]!, path: name) }
  func truth() throws -> JSONValue { try JSONValue.parse(files[ServiceInputs.truthFile]!) }
  func features(_ name: String) throws -> [Feature<WGS84LonLat>] { try GeoJSON.readFeatures(files[name]!) }
}

/// The real city and one small run shared by the tests: 20,000 calls, 600 POD and 40 PTZ
/// cameras (plus the real speed and red-light cameras), year 2023.
enum Fixture {
  static let seed: UInt64 = 0x5EED_2023
  static let callCount = 20_000

  static let loadedCity = Result { try SyntheticCity.load(from: TestData.directory, manifest: BoundaryManifest.bundled()) }
  static var city: SyntheticCity { get throws { try loadedCity.get() } }

  static func configuration(seed: UInt64) -> SynthConfiguration {
    var configuration = SynthConfiguration(seed: seed, year: 2023, callCount: callCount)
    configuration.cameras.podCount = 600
    configuration.cameras.ptzCount = 40
    return configuration
  }

  static func generate(seed: UInt64) throws -> GeneratedSet {
    let directory = try TestData.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let configuration = configuration(seed: seed)
    let summary = try Synthesizer(city: try city, configuration: configuration).run(writingTo: directory)
    var files: [String: [UInt8]] = [:]
    for file in summary.files { files[file.name] = Array(try Data(contentsOf: URL(fileURLWithPath: file.path))) }
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".partial") }
    precondition(leftovers.isEmpty, "no partial file is left behind")
    return GeneratedSet(configuration: configuration, summary: summary, files: files)
  }

  static let standardRun = Result { try generate(seed: seed) }
  static var standard: GeneratedSet { get throws { try standardRun.get() } }

  /// The generated CSV files.
  static let csvFiles = [
    ServiceInputs.Calls.file, ServiceInputs.Cameras.file, ServiceInputs.CameraOutages.file, ServiceInputs.FleetBases.file,
  ]
  static let geoJSONFiles = [ServiceInputs.Coverage.file, ServiceInputs.FleetZones.file]
}

/// Seconds since 1970 of `YYYY-MM-DDTHH:MM:SS±HH:MM`, nil for any other text.
func instant(_ text: String) -> Int64? {
  let b = Array(text.utf8)
  guard b.count == 25, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"), b[10] == UInt8(ascii: "T"),
    b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"), b[19] == UInt8(ascii: "+") || b[19] == UInt8(ascii: "-"),
    b[22] == UInt8(ascii: ":")
  else { return nil }
  func number(_ range: Range<Int>) -> Int? {
    var v = 0
    for k in range {
      guard b[k] >= 0x30 && b[k] <= 0x39 else { return nil }
      v = v * 10 + Int(b[k] - 0x30)
    }
    return v
  }
  guard let y = number(0..<4), let mo = number(5..<7), let d = number(8..<10), let h = number(11..<13), let mi = number(14..<16),
    let s = number(17..<19), let oh = number(20..<22), let om = number(23..<25)
  else { return nil }
  let offset = (oh * 3600 + om * 60) * (b[19] == UInt8(ascii: "-") ? -1 : 1)
  return Int64(ParsedTimestamp.daysFromCivil(year: y, month: mo, day: d)) * 86_400 + Int64(h * 3600 + mi * 60 + s - offset)
}

/// A grid of points with the given spacing (degrees) over an envelope.
func samplePoints(_ envelope: Envelope, step: Double) -> [(lon: Double, lat: Double)] {
  var points: [(lon: Double, lat: Double)] = []
  var lat = envelope.minY + step / 2
  while lat < envelope.maxY {
    var lon = envelope.minX + step / 2
    while lon < envelope.maxX {
      points.append((lon, lat))
      lon += step
    }
    lat += step
  }
  return points
}
