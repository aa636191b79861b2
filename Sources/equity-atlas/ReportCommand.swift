import ArgumentParser
import AtlasReport
import Foundation

struct ReportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "report",
    abstract: "Render the PDF reports and the dashboard exports from an atlas written by analyze.",
    discussion: """
      Reads --atlas (atlas.gpkg from `equity-atlas analyze`) and the manifest.json beside it, \
      and writes into --out:
        wards/ward-01.pdf … ward-50.pdf   one report per ward (aldermanic offices)
        districts.pdf                     the 22 police districts compared (OIG)
        cameras.pdf                       camera gaps and where to deploy next (OPSA)
        exports/<layer>.csv, .geojson     every metric of every layer, for dashboards
      KIND is wards, districts, cameras, exports, or all (the default).

      PDFs are US letter, vector, text in DejaVu Sans. Small cells are withheld (counts of 1–10 \
      calls or residents, statistics from fewer than 11 calls). Reports from synthetic inputs \
      say so on every page. The same atlas gives byte-identical files: the PDF creation date is \
      pinned to SOURCE_DATE_EPOCH when set, else 1970-01-01.

      Before writing anything, report checks the atlas: every layer a report needs is there \
      (wards and cameras need wards-2023, districts needs police-districts and police-beats) and whole (every \
      area with figures has its polygon row); manifest.json belongs to the atlas (its sha256 \
      equals run_info.manifest_sha256, and the facts both hold agree). A named KIND whose \
      layer is missing is refused, naming the `analyze --layers` that would make it; `all` \
      makes every report it can and names each one it skipped and why. Values that are not \
      finite numbers are shown as n/a (empty in exports) and counted on the console. Every \
      file is written under a temporary name and renamed, so none is left half-written.

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
    try checkAtlasPath(atlas)
  }

  var kinds: [ReportKind] { kind == "all" ? ReportKind.allCases : [ReportKind(rawValue: kind)!] }

  func run() throws {
    let started = Date()
    let progress = StageProgress(stages: kinds.count + 1)
    progress.begin("reading \(atlas)")
    let model = try ReportModel.load(atlas: atlas)
    progress.end("\(model.layers.count) layers")
    for notice in model.notices { warn(notice) }

    // Every check before the first file is written.
    var makeable: [ReportKind] = []
    var skipped: [String] = []
    for kind in kinds {
      guard let problem = model.missingRequirement(for: kind) else {
        makeable.append(kind)
        continue
      }
      guard self.kind == "all" else { throw ReportError(path: atlas, message: "cannot make \(kind.rawValue): \(problem)") }
      skipped.append("skipped \(kind.rawValue): \(problem)")
    }
    guard !makeable.isEmpty else {
      throw ReportError(path: atlas, message: "no report can be made from this atlas:\n  " + skipped.joined(separator: "\n  "))
    }
    for line in skipped { warn(line) }

    let job = ReportJob(model: model, output: URL(fileURLWithPath: out, isDirectory: true))
    var written: [String] = []
    for kind in makeable {
      progress.begin(kind.rawValue)
      let paths = try job.run(kind) { done, total, path in progress.update("\(done)/\(total) \((path as NSString).lastPathComponent)") }
      progress.end("\(paths.count) file\(paths.count == 1 ? "" : "s")")
      written += paths
    }
    if model.isSynthetic { print("SYNTHETIC inputs: every report says so on every page.") }
    print(ReportJob.summary(written))
    print(String(format: "wrote %d file%@ to %@ in %.1f s", written.count, written.count == 1 ? "" : "s", out, Date().timeIntervalSince(started)))
    if !skipped.isEmpty {
      print(
        "\(skipped.count) of \(kinds.count) reports skipped (see the warnings above): "
          + skipped.map { String($0.dropFirst("skipped ".count).prefix { $0 != ":" }) }.joined(separator: ", "))
    }
  }

  /// A warning on standard error (standard output carries the summary).
  func warn(_ line: String) {
    FileHandle.standardError.write(Data(("warning: " + line + "\n").utf8))
  }
}
