import AtlasStore
import Foundation

/// The atlas's `disparities` table as a flat file for dashboards, `exports/disparities.csv`: one
/// row per layer, metric, stratum and index, in stored order, with columns `layer, family,
/// metric, stratum, index, grouping, value, ci_low, ci_high, data_origin`. `ci_low`/`ci_high`
/// are the 95% bootstrap interval, empty where the atlas has none; numbers are written as in
/// the layer exports, so the same atlas gives the same bytes.
public struct IndexExport {
  public static let columns = ["layer", "family", "metric", "stratum", "index", "grouping", "value", "ci_low", "ci_high", "data_origin"]
  public let model: ReportModel

  public init(model: ReportModel) { self.model = model }

  public var rows: [[LayerExport.Value]] {
    let origin = LayerExport.Value.text(model.isSynthetic ? "synthetic" : "real")
    func number(_ x: Double?) -> LayerExport.Value { x.map { $0.isFinite ? .number($0) : .empty } ?? .empty }
    return model.disparities.map { d in
      [.text(d.layer), .text(d.family), .text(d.metric), .text(d.stratum), .text(d.index), d.grouping.map { .text($0) } ?? .empty, number(d.value),
        number(d.ciLow), number(d.ciHigh), origin]
    }
  }

  public func csv() -> [UInt8] { LayerExport.csv(columns: Self.columns, rows: rows) }

  /// Writes `disparities.csv` into the directory (atomically); nothing when the atlas has no
  /// indices.
  public func write(to directory: URL) throws -> [String] {
    guard !model.disparities.isEmpty else { return [] }
    let path = directory.appendingPathComponent("disparities.csv").path
    try AtomicFile.write(csv(), to: path)
    return [path]
  }
}
