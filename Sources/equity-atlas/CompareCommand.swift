import ArgumentParser
import AtlasReport
import Foundation

struct CompareCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "compare",
    abstract: "What changed since the baseline: two atlases of the same layers, area by area, with 95% intervals.",
    discussion: """
      Reads BEFORE (the baseline, e.g. the 2023 atlas) and AFTER (e.g. 2024), each with the \
      manifest.json analyze wrote beside it, and writes into --out, for every layer both have:
        change-<layer>.pdf  what changed since the baseline: map and ranked plot of the
                            priority 1 call → dispatch median, a summary per figure, the
                            flagged changes, method and provenance of both atlases
        change-<layer>.csv  every change (columns in the README, section compare)

      Change = AFTER − BEFORE, with a 95% interval; the two atlases are taken as independent \
      samples. 911 medians and 90th percentiles: MOVER (Zou & Donner 2008) over each atlas's \
      order-statistic interval (table quantile_intervals, written by analyze). Shares of calls \
      (completeness, share over the dispatch goal): Newcombe's hybrid score interval. Calls per \
      1,000 residents, scaled to 365 days of each period: Poisson (Wald) rate difference. \
      Camera and cellular coverage shares are measured, not sampled: their change has no \
      interval. A change is flagged (flag = higher or lower) when its interval excludes 0; at \
      most about 5% of figures that did not change are flagged by chance (the intervals are \
      conservative: 3% in a synthetic test), and the PDFs say how many to expect. Figures from fewer than 11 calls are withheld.

      Refused, naming what differs: atlases with different layers, a layer whose boundary file \
      differs (sha256 in the manifests: another vintage or copy), any analysis parameter that \
      differs (only the period may), an atlas whose manifest.json is missing or does not belong \
      to it (as report checks), or the same file twice. Outputs say SYNTHETIC when either atlas \
      is. Files are written under temporary names and renamed.

      Example (a synthetic change to find, see `synth --help`):
        equity-atlas compare out/2023/atlas.gpkg out/2024/atlas.gpkg --out out/change
      """
  )

  @Argument(help: ArgumentHelp("The baseline atlas (atlas.gpkg from analyze).", valueName: "before.gpkg"))
  var before: String

  @Argument(help: ArgumentHelp("The later atlas, on the same layers and parameters.", valueName: "after.gpkg"))
  var after: String

  @Option(name: .long, help: ArgumentHelp("Directory for the PDFs and CSVs (created if missing).", valueName: "dir"))
  var out: String

  func validate() throws {
    for (name, path) in [("BEFORE", before), ("AFTER", after)] { try checkAtlasPath(path, name: name) }
  }

  func run() throws {
    let started = Date()
    let change = try AtlasChange.load(before: before, after: after)
    for notice in change.notices { warn(notice) }
    if change.isSynthetic { print("SYNTHETIC data: at least one atlas was analysed from synthetic inputs; every output says so") }
    let directory = URL(fileURLWithPath: out, isDirectory: true)
    var written: [String] = []
    for layer in change.layers {
      written += try ChangeReport(change: change, layer: layer).write(to: directory)
      let rows = change.rows.filter { $0.layer == layer }
      let withInterval = rows.filter { $0.ciLow != nil && $0.flag != .withheld }.count
      let flagged = rows.filter { $0.flag == .higher || $0.flag == .lower }.count
      print(
        "\(layer): \(rows.count) changes, \(withInterval) with an interval, \(flagged) flagged (about \(Int((Double(withInterval) * 0.05).rounded())) expected by chance)"
      )
    }
    print("wrote:\n" + ReportJob.summary(written))
    print(String(format: "%.1f s", Date().timeIntervalSince(started)))
  }

  /// A warning on standard error (standard output carries the summary).
  func warn(_ line: String) {
    FileHandle.standardError.write(Data(("warning: " + line + "\n").utf8))
  }
}
