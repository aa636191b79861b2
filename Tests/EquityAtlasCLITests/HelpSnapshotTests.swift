import Foundation
import Testing

/// The help of every command, as a user at an 80-column terminal reads it, against the texts
/// committed in `help/`. A changed flag, default or paragraph shows up in review as a diff of
/// those files. To accept a change, run the suite with `EQUITY_ATLAS_UPDATE_HELP=1` and review
/// the diff.
@Suite("equity-atlas help: snapshots of every command")
struct HelpSnapshotTests {
  /// Every command path with its own help, the top level first.
  static let commands: [[String]] = [
    [], ["boundaries"], ["boundaries", "list"], ["boundaries", "fetch"], ["inspect"], ["join"], ["analyze"], ["index"], ["synth"],
    ["report"], ["compare"], ["plan"], ["plan", "cameras"], ["site"], ["demo"],
  ]

  static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("help")

  static func file(_ command: [String]) -> URL {
    directory.appendingPathComponent((["equity-atlas"] + command).joined(separator: "-") + ".txt")
  }

  @Test("each command's help equals its snapshot, fits 80 columns and ends with no trailing spaces", arguments: commands)
  func snapshot(_ command: [String]) throws {
    let run = try equityAtlas(command + ["--help"], environment: ["COLUMNS": "80"])
    #expect(run.status == 0)
    let help = run.stdout
    for (n, line) in help.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      // Argument-parser does not wrap the usage line, nor a default value that is one word.
      let words = line.split(separator: " ")
      let unbreakable = line.hasPrefix("USAGE:") || words.count <= 2
      #expect(line.count <= 80 || unbreakable, "line \(n + 1) of `\(command.joined(separator: " "))` --help is \(line.count) columns: \(line)")
      #expect(line.last != " ", "line \(n + 1) of `\(command.joined(separator: " "))` --help ends with a space")
    }
    let url = Self.file(command)
    if ProcessInfo.processInfo.environment["EQUITY_ATLAS_UPDATE_HELP"] == "1" {
      try FileManager.default.createDirectory(at: Self.directory, withIntermediateDirectories: true)
      try help.write(to: url, atomically: true, encoding: .utf8)
      return
    }
    let expected = try String(contentsOf: url, encoding: .utf8)
    #expect(
      help == expected,
      "`\(command.joined(separator: " "))` --help differs from \(url.lastPathComponent); rerun with EQUITY_ATLAS_UPDATE_HELP=1 to accept, then review the diff"
    )
  }

  @Test("every verb the top-level help lists has a snapshot")
  func everyVerb() throws {
    let run = try equityAtlas(["--help"], environment: ["COLUMNS": "80"])
    let listed =
      run.stdout.components(separatedBy: "SUBCOMMANDS:").last?.split(separator: "\n").compactMap { line -> String? in
        guard line.hasPrefix("  "), !line.hasPrefix("   "), let word = line.split(separator: " ").first, word != "See" else { return nil }
        return String(word)
      } ?? []
    #expect(listed.count == 11)
    #expect(Set(listed) == Set(Self.commands.filter { $0.count == 1 }.map { $0[0] }))
  }
}
