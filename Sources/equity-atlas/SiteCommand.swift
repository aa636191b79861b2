import ArgumentParser
import AtlasReport
import AtlasSite
import Foundation

struct SiteCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "site",
    abstract: "Write the static, offline web atlas (map, table, provenance) from an atlas written by analyze.",
    discussion: """
      Reads --atlas (atlas.gpkg and the manifest.json beside it) and writes into --out a page
      that works from a USB stick with no network: open index.html in a browser.
        index.html, app.js, style.css   the page
        data/site.js, data/<layer>.js   provenance and each layer's shapes and figures
        leaflet/                        Leaflet and its licence (Debian package libjs-leaflet)
      Nothing is loaded from outside the folder: no map tiles, fonts or scripts from the web.
      The figures and withheld cells ("<11") are those of the PDF reports and the exports.
      When the ward PDFs exist in a `reports` folder beside --out (as `demo` lays them out),
      each ward's panel links to its PDF.

      Example:
        equity-atlas site --atlas demo/atlas.gpkg --out demo/site
      """
  )

  @Option(name: .long, help: ArgumentHelp("The atlas written by analyze.", valueName: "atlas.gpkg"))
  var atlas: String

  @Option(name: .long, help: ArgumentHelp("Directory for the site (created if missing).", valueName: "dir"))
  var out: String

  func validate() throws {
    try checkAtlasPath(atlas)
  }

  func run() throws {
    let started = Date()
    let model = try ReportModel.load(atlas: atlas)
    for notice in model.notices { FileHandle.standardError.write(Data("warning: \(notice)\n".utf8)) }
    let summary = try Self.write(model: model, to: URL(fileURLWithPath: out, isDirectory: true))
    print(
      String(
        format: "wrote the site (%d files) to %@ in %.1f s; open %@/index.html", summary.files.count, out, Date().timeIntervalSince(started), out))
  }

  /// Writes the site and prints what it holds (also used by `demo`).
  static func write(model: ReportModel, to directory: URL) throws -> SiteJob.Summary {
    let progress = StageProgress(stages: 1)
    progress.begin("site")
    let summary = try SiteJob(model: model, output: directory).run { progress.update($0) }
    progress.end(String(format: "%.1f MB", Double(summary.bytes) / 1_000_000))
    for line in summary.skipped { FileHandle.standardError.write(Data("warning: site: skipped \(line)\n".utf8)) }
    for layer in summary.layers {
      print(
        String(
          format: "  %@: %d areas, %d → %d vertices, %.2f MB%@", layer.id, layer.areas, layer.verticesBefore, layer.verticesAfter,
          Double(layer.bytes) / 1_000_000, layer.reports > 0 ? ", \(layer.reports) linked PDFs" : ""))
    }
    if model.isSynthetic { print("SYNTHETIC inputs: every view of the site says so.") }
    return summary
  }
}
