import AtlasTestSupport
import Foundation
import Testing

/// `analyze FILE@PROFILE` on every flag: a profile of the wrong kind, or a name that is no
/// profile, is refused before any work, naming the file, the profile and what the flag takes.
@Suite("analyze: profiles on every input flag")
struct ProfileCLITests {
  @Test(
    "--calls FILE@chicago-speed, --cameras FILE@seattle-spd and --coverage FILE@CAMERAS.yaml are refused by kind; an unknown name is listed against the built-ins"
  )
  func wrongKind() throws {
    let directory = try TestData.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let csv = directory.appendingPathComponent("x.csv").path
    let yaml = directory.appendingPathComponent("cams.yaml").path
    try Data("a,b\n1,2\n".utf8).write(to: URL(fileURLWithPath: csv))
    try Data("kind: cameras\ncolumns: {id: a}\nlocation: {longitude: a, latitude: b}\n".utf8).write(to: URL(fileURLWithPath: yaml))
    let out = directory.appendingPathComponent("out").path
    let data = try TestData.directory.url.path
    for (flag, profile, words) in [
      (
        "--calls", "chicago-speed",
        "--calls \(csv): the built-in profile 'chicago-speed' is a cameras profile (kind: cameras, for --cameras), not a calls profile (for --calls)"
      ),
      ("--cameras", "seattle-spd", "--cameras \(csv): the built-in profile 'seattle-spd' is a calls profile"),
      (
        "--coverage", yaml,
        "--coverage \(csv): \(yaml) is a cameras profile (kind: cameras, for --cameras), not a polygons profile (for --coverage and --fleet-zones): use a YAML file with kind: polygons"
      ),
      ("--camera-log", "nope", "--camera-log \(csv)@nope: 'nope' is neither a built-in profile"),
    ] {
      let run = try equityAtlas(["analyze", "--data", data, "--out", out, flag, "\(csv)@\(profile)"])
      #expect(run.status == 64, "\(flag)")
      #expect(run.stderr.contains(words), "\(flag): \(run.stderr)")
    }
    #expect(!FileManager.default.fileExists(atPath: out))
  }
}
