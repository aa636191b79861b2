import ArgumentParser
import AtlasReport
import Foundation

struct ReportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "report",
    abstract: "Render the PDF reports and the dashboard exports from an atlas written by analyze.",
    discussion: """
      Reads --atlas (atlas.gpkg from `equity-atlas analyze`) and the manifest.json beside it,
      and writes into --out:
        wards/ward-01.pdf … ward-50.pdf   one report per ward (aldermanic offices)
        districts.pdf                     the 22 police districts compared (OIG)
        cameras.pdf                       camera gaps and where to deploy next (OPSA)
        exports/<layer>.csv, .geojson     every metric of every layer, for dashboards
      KIND is wards, districts, cameras, exports, or all (the default).

      PDFs are US letter, vector, text in DejaVu Sans. Small cells are withheld (counts of 1–10
      calls or residents, statistics from fewer than 11 calls). Reports from synthetic inputs
      say so on every page. The same atlas gives byte-identical files: the PDF creation date is
      pinned to SOURCE_DATE_EPOCH when set, else 1970-01-01.

      Example:
        equity-atlas report all --atlas out/atlas.gpkg --out out/reports
      """
  )

  @Argument(help: "What to make: wards, districts, cameras, exports or all.")
  var kind: String = "all"

  @Option(name: .long, help: ArgumentHelp("The atlas written by analyze.", valueName: "atlas.gpkg"))
  var atlas: String

  @Option(name: .long, help: ArgumentHelp("Directory for the reports (created if missing).", valueName: "dir"))
  var out: String

  func validate() throws {
    guard kind == "all" || ReportKind(rawValue: kind) != nil else {
      throw ValidationError("KIND is one of \(ReportKind.allCases.map(\.rawValue).joined(separator: ", ")) or all, not '\(kind)'")
    }
    guard FileManager.default.fileExists(atPath: atlas) else { throw ValidationError("--atlas \(atlas) does not exist") }
  }

  var kinds: [ReportKind] { kind == "all" ? ReportKind.allCases : [ReportKind(rawValue: kind)!] }

  func run() throws {
    let started = Date()
    let progress = StageProgress(stages: kinds.count + 1)
    progress.begin("reading \(atlas)")
    let model = try ReportModel.load(atlas: atlas)
    progress.end("\(model.layers.count) layers")
    let job = ReportJob(model: model, output: URL(fileURLWithPath: out, isDirectory: true))
    var written: [String] = []
    for kind in kinds {
      progress.begin(kind.rawValue)
      let paths = try job.run(kind) { done, total, path in progress.update("\(done)/\(total) \((path as NSString).lastPathComponent)") }
      progress.end("\(paths.count) file\(paths.count == 1 ? "" : "s")")
      written += paths
    }
    if model.isSynthetic { print("SYNTHETIC inputs: every report says so on every page.") }
    print(ReportCommand.summary(written, root: out))
    print(String(format: "wrote %d files to %@ in %.1f s", written.count, out, Date().timeIntervalSince(started)))
  }

  /// One line per directory: how many files and the first and last name.
  static func summary(_ paths: [String], root: String) -> String {
    var order: [String] = []
    var byDirectory: [String: [String]] = [:]
    for path in paths {
      let directory = (path as NSString).deletingLastPathComponent
      if byDirectory[directory] == nil { order.append(directory) }
      byDirectory[directory, default: []].append((path as NSString).lastPathComponent)
    }
    return order.map { directory in
      let names = byDirectory[directory]!
      let list = names.count > 3 ? "\(names.first!) … \(names.last!)" : names.joined(separator: ", ")
      return "  \(directory)/: \(list)"
    }.joined(separator: "\n")
  }
}
