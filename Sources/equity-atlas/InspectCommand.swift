import ArgumentParser
import AtlasIO
import AtlasPipeline
import Foundation

struct InspectCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "inspect",
    abstract: "Look at a new export before analysing it: its layout, columns, times and location.",
    discussion: """
      The first thing to run on a file you have not analysed before. It says which input kind \
      and layout the file matches (or the nearest, and which columns it lacks); for each column \
      how many values are filled, which missing-value spellings appear (empty, NULL, None, \
      -9999, …), how many read as numbers and as times (and in which format, over which \
      range); how many rows have coordinates and, with a data directory, how many fall inside \
      the city; the first rows; and a profile to edit: for a CAD extract one for `analyze \
      --calls FILE@PROFILE`, for a camera inventory one for `--cameras FILE@PROFILE` \
      (kind: cameras), the built-in profile's own YAML when the file matches one.

      Example: equity-atlas inspect county_cameras.csv --data ../shared/data
      """
  )

  @Argument(help: ArgumentHelp("A CSV export.", valueName: "file"))
  var file: String

  @OptionGroup var dataOptions: DataOptions

  @Option(name: .customLong("rows"), help: "Rows to examine from the start of the file.")
  var rowLimit: Int = 100_000

  @Flag(name: .customLong("no-profile"), help: "Do not print the suggested profile.")
  var noProfile = false

  func validate() throws {
    guard rowLimit > 0, rowLimit <= 10_000_000 else { throw ValidationError("--rows takes 1 to 10,000,000") }
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory) else { throw ValidationError("\(file): no such file") }
    guard !isDirectory.boolValue else { throw ValidationError("\(file) is a directory; give a CSV file") }
  }

  func run() throws {
    var inside: ((Double, Double) -> Bool)?
    if let data = try? DataDirectory.resolve(dataOptions.data) {
      let engine = try JoinEngine.load(layerIDs: ["wards-2023"], from: data, manifest: try BoundaryManifest.bundled(), rule: .southEastExact)
      inside = { lon, lat in engine.locate(lon: lon, lat: lat).allSatisfy { $0.area >= 0 } }
    }
    let inspection = try Inspection(path: file, rowLimit: rowLimit, inside: inside)
    print(inspection.report)
    if inside == nil, inspection.location != nil { print("(give --data DIR or set EQUITY_ATLAS_DATA to count the rows inside the city)") }
    if !noProfile {
      let (name, flag): (String, String) =
        switch inspection.suggestedKind {
        case .cameras: ("cameras.yaml", "--cameras")
        case .cameraLog: ("camera-log.yaml", "--camera-log")
        case .calls, .polygons: ("cad.yaml", "--calls")
        }
      print("\nA profile to start from (save as \(name), edit, then: equity-atlas analyze \(flag) \(file)@\(name) …):\n")
      print(inspection.suggestedProfile)
    }
  }
}
