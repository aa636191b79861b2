/// Where every row of one input file went: each row is counted under exactly one outcome
/// (joined, located another way, outside the city, or rejected with a reason).
public struct InputAccounting: Sendable, Equatable {
  public var file: String
  public var rowsRead = 0
  /// Outcome label → rows, in the order outcomes were first seen.
  public private(set) var outcomes: [(label: String, rows: Int)] = []
  /// The first few rejected rows (line and reason): up to three per reason, ten in all.
  public private(set) var examples: [String] = []
  private var examplesPerReason: [String: Int] = [:]
  /// Every repair, clip or assumption applied to this file's rows (printed and stored in the
  /// atlas's `input_notes`), e.g. a polygon repaired by GEOSMakeValid or an outage clipped to
  /// the analysis period.
  public private(set) var notes: [String] = []

  public init(file: String) { self.file = file }

  public static func == (lhs: InputAccounting, rhs: InputAccounting) -> Bool {
    lhs.file == rhs.file && lhs.rowsRead == rhs.rowsRead && lhs.outcomes.elementsEqual(rhs.outcomes) { $0 == $1 }
      && lhs.examples == rhs.examples && lhs.notes == rhs.notes
  }

  public mutating func count(_ label: String) {
    rowsRead += 1
    if let i = outcomes.firstIndex(where: { $0.label == label }) { outcomes[i].rows += 1 } else { outcomes.append((label, 1)) }
  }

  /// Counts a rejected row under the label `rejected: <reason>`, and keeps the first few as
  /// examples with their line and `detail` (the offending values). The reason is a class, not
  /// a value, so a column of bad values makes one outcome with its count, not one per value.
  public mutating func reject(line: Int, reason: String, detail: String = "") {
    count("rejected: " + reason)
    keepExample(reason, "\(file):\(line): \(reason)" + (detail.isEmpty ? "" : ": \(detail)"))
  }

  private mutating func keepExample(_ reason: String, _ text: String) {
    guard examples.count < 10, examplesPerReason[reason, default: 0] < 3 else { return }
    examplesPerReason[reason, default: 0] += 1
    examples.append(text)
  }

  /// Counts a rejected feature of a GeoJSON file (features are numbered from 0, in file order).
  public mutating func reject(feature: Int, reason: String, detail: String = "") {
    count("rejected: " + reason)
    keepExample(reason, "\(file) feature \(feature): \(reason)" + (detail.isEmpty ? "" : ": \(detail)"))
  }

  /// Records a repair, clip or assumption (not a row outcome: the row is counted elsewhere).
  public mutating func note(_ text: String) { notes.append(text) }

  /// Replaces a provisional outcome by finer ones that add up to it.
  public mutating func split(_ label: String, into parts: [(String, Int)]) {
    guard let i = outcomes.firstIndex(where: { $0.label == label }) else { return }
    precondition(parts.reduce(0) { $0 + $1.1 } == outcomes[i].rows, "split of '\(label)' does not add up")
    outcomes.replaceSubrange(i...i, with: parts.filter { $0.1 > 0 }.map { (label: $0.0, rows: $0.1) })
  }

  public func rows(_ label: String) -> Int { outcomes.first { $0.label == label }?.rows ?? 0 }

  public var isConsistent: Bool { outcomes.reduce(0) { $0 + $1.rows } == rowsRead }

  /// The accounting as printed after a run.
  public var table: String {
    var lines = ["\(file): \(rowsRead) rows"]
    for (label, rows) in outcomes {
      lines.append("  " + (label.count < 44 ? label.padding(toLength: 44, withPad: " ", startingAt: 0) : label + " ") + String(rows).leftPad(10))
    }
    for e in examples { lines.append("    e.g. \(e)") }
    for n in notes { lines.append("  note: \(n)") }
    return lines.joined(separator: "\n")
  }
}
