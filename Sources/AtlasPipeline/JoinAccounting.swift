import AtlasSpatial
import Foundation

/// Where every input row of a join went. Rows read = ok + outside + rejected, always; in each
/// layer, the located rows (ok + outside) split into plain, on-boundary, within-tolerance,
/// overlap and outside.
public struct JoinAccounting: Sendable, Equatable {
  public struct LayerCounts: Sendable, Equatable {
    public var layerID: String
    /// Indexed by `PointLocation.Kind.rawValue`: rows inside an area by kind.
    public var inside: [Int] = Array(repeating: 0, count: PointLocation.Kind.allCases.count)
    public var outside = 0

    public init(layerID: String) { self.layerID = layerID }

    public func count(_ kind: PointLocation.Kind) -> Int { inside[Int(kind.rawValue)] }
    public var located: Int { inside.reduce(0, +) }
    /// Rows whose area the boundary rule decided (exactly on, or within tolerance of, a boundary).
    public var resolvedByRule: Int { count(.onBoundary) + count(.withinTolerance) }

    mutating func merge(_ other: LayerCounts) {
      for k in inside.indices { inside[k] += other.inside[k] }
      outside += other.outside
    }
  }

  /// Data rows read (records after the header; blank lines are not rows).
  public var rowsRead = 0
  /// Rows inside an area in every layer.
  public var ok = 0
  /// Rows with valid coordinates outside every area of at least one layer.
  public var outside = 0
  public var rejected: [RejectReason: Int] = [:]
  public var layers: [LayerCounts]
  /// Blank lines passed over (not rows).
  public var blankLines = 0
  /// Records on one line with a stray quote (text after a closing quote); still joined if their
  /// coordinates parse.
  public var strayQuoteRecords = 0
  /// Rejected records that spanned several physical lines (a quoted field with line breaks), and
  /// the physical lines they took: lines read = header + blank lines + rows, with these lines
  /// inside the rejected rows.
  public var multiLineRejections = 0
  public var multiLineRejectedLines = 0
  /// The first few rejections of each reason, in file order.
  public var examples: [Rejection] = []
  public static let examplesPerReason = 3

  public init(layerIDs: [String]) { layers = layerIDs.map(LayerCounts.init) }

  public var rejectedTotal: Int { rejected.values.reduce(0, +) }

  mutating func merge(_ other: JoinAccounting) {
    rowsRead += other.rowsRead
    ok += other.ok
    outside += other.outside
    for (reason, n) in other.rejected { rejected[reason, default: 0] += n }
    for i in layers.indices { layers[i].merge(other.layers[i]) }
    blankLines += other.blankLines
    strayQuoteRecords += other.strayQuoteRecords
    multiLineRejections += other.multiLineRejections
    multiLineRejectedLines += other.multiLineRejectedLines
    for example in other.examples where examples.lazy.filter({ $0.reason == example.reason }).count < Self.examplesPerReason {
      examples.append(example)
    }
  }

  /// Whether every row is counted exactly once, overall and in every layer.
  public var isConsistent: Bool {
    ok + outside + rejectedTotal == rowsRead && layers.allSatisfy { $0.located + $0.outside == ok + outside }
  }

  /// The accounting table printed after a run.
  public func table(percent: Bool = true) -> String {
    func pct(_ n: Int) -> String {
      guard percent, rowsRead > 0 else { return "" }
      return String(format: " %6.2f%%", Double(n) / Double(rowsRead) * 100)
    }
    func line(_ label: String, _ n: Int) -> String {
      label.padding(toLength: 34, withPad: " ", startingAt: 0) + String(n).leftPad(12) + pct(n)
    }
    var out: [String] = []
    out.append(line("rows read", rowsRead))
    out.append(line("  ok (an area in every layer)", ok))
    out.append(line("  outside (no area in some layer)", outside))
    out.append(line("  rejected", rejectedTotal))
    for reason in rejected.keys.sorted() {
      out.append(line("    \(reason.rawValue)", rejected[reason]!))
    }
    out.append("")
    let header =
      "layer".padding(toLength: 20, withPad: " ", startingAt: 0)
      + ["inside", "on boundary", "within tol.", "overlap", "outside"].map { $0.leftPad(12) }.joined()
    out.append(header)
    for l in layers {
      let cells = [l.count(.plain), l.count(.onBoundary), l.count(.withinTolerance), l.count(.overlap), l.outside]
      out.append(l.layerID.padding(toLength: 20, withPad: " ", startingAt: 0) + cells.map { String($0).leftPad(12) }.joined())
    }
    out.append("(on boundary / within tol.: resolved by the boundary rule; each layer sums to ok + outside)")
    if blankLines > 0 { out.append("blank lines ignored: \(blankLines)") }
    if strayQuoteRecords > 0 { out.append("one-line records with text after a closing quote (kept): \(strayQuoteRecords)") }
    if multiLineRejections > 0 {
      out.append("rejected records spanning several lines: \(multiLineRejections), taking \(multiLineRejectedLines) physical lines")
    }
    if !examples.isEmpty {
      out.append("")
      out.append("first rejected rows:")
      for e in examples.sorted(by: { $0.line < $1.line }) { out.append("  \(e)") }
    }
    return out.joined(separator: "\n")
  }
}

extension String {
  func leftPad(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
