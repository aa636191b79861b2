import ArgumentParser
import AtlasIO
import AtlasStatistics
import Foundation

struct IndexCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "index",
    abstract: "Inequality indices of one column of your own table.",
    discussion: """
      Reads TABLE.csv (one row per area) and computes, for the --value column:
        gini            Gini coefficient
        theil_t         Theil T (GE(1))
        theil_l         Theil L (GE(0), mean log deviation)
        atkinson_0.5/1/2  Atkinson index for inequality aversion ε = 0.5, 1, 2
        cv              coefficient of variation
      With --weight (e.g. population) every index is weighted; without, every row weighs 1. \
      With --group (e.g. district, or majority group) Theil T is split into \
      theil_t_between + theil_t_within = theil_t. \
      Theil L and Atkinson ε = 1, 2 are undefined when a value is 0 (printed as null/undefined); \
      so is any index that is not a finite number. `--json` always prints valid JSON. \
      Every row must have as many fields as the header, a number ≥ 0 in the value (and \
      weight) column and, with --group, a non-empty label; otherwise the command names the \
      file, line and column and stops, unless --skip-invalid (which says how many rows it left \
      out). Header names must be unique. Values and weights are scaled by a power of two before \
      summing (exact; every index is unchanged by scaling), so values up to 1.8e308 and \
      subnormal ones are computed correctly.

      Example:
        equity-atlas index wards.csv --value p90_dispatch_minutes --weight population --json
      """
  )

  @Argument(help: ArgumentHelp("CSV file, one row per area.", valueName: "table.csv"))
  var table: String

  @Option(name: .long, help: "Column holding the metric.")
  var value: String

  @Option(name: .long, help: "Column holding the weights (e.g. population).")
  var weight: String?

  @Option(name: .long, help: "Column holding the group label for the Theil decomposition.")
  var group: String?

  @Flag(name: .long, help: "Print JSON (keys as listed above; undefined indices are null).")
  var json = false

  @Flag(name: .customLong("skip-invalid"), help: "Leave out rows with a missing or non-numeric value or weight, and say how many.")
  var skipInvalid = false

  func run() throws {
    // CSVTable refuses a header that names a column twice.
    let csv = try CSVTable(contentsOf: table)
    let firstColumn = Dictionary(csv.header.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    func column(_ name: String) throws -> Int {
      guard let index = firstColumn[name] else {
        throw ValidationError("\(table): no column '\(name)'; the header has: \(csv.header.joined(separator: ", "))")
      }
      return index
    }
    let valueIndex = try column(value)
    let weightIndex = try weight.map(column)
    let groupIndex = try group.map(column)
    guard !csv.rows.isEmpty else { throw ValidationError("\(table): the header has no data rows under it; the indices need at least one row") }

    var values: [Double] = []
    var weights: [Double] = []
    var groups: [String] = []
    var lines: [Int] = []
    var problems: [String] = []
    rows: for row in csv.rows {
      guard row.fields.count == csv.header.count else {
        problems.append(
          "\(table):\(row.line): the row has \(row.fields.count) field\(row.fields.count == 1 ? "" : "s"), the header has \(csv.header.count)")
        continue
      }
      /// A number ≥ 0 from the field, or nil (and a problem naming line and column).
      func number(_ index: Int, _ name: String) -> Double? {
        let text = row.fields[index].trimmingCharacters(in: .whitespaces)
        guard let n = Double(text), n.isFinite else {
          problems.append("\(table):\(row.line): \(name) '\(text)' is not a number (column \(index + 1))")
          return nil
        }
        guard n >= 0 else {
          problems.append("\(table):\(row.line): \(name) \(text) is negative (column \(index + 1)); the indices need values and weights ≥ 0")
          return nil
        }
        return n
      }
      guard let v = number(valueIndex, value) else { continue }
      var w = 1.0
      if let weightIndex, let weight {
        guard let parsed = number(weightIndex, weight) else { continue rows }
        w = parsed
      }
      if let groupIndex, let group {
        let label = row.fields[groupIndex]
        guard !label.trimmingCharacters(in: .whitespaces).isEmpty else {
          problems.append("\(table):\(row.line): \(group) is empty (column \(groupIndex + 1)); give every row a group label")
          continue
        }
        groups.append(label)
      }
      values.append(v)
      weights.append(w)
      lines.append(row.line)
    }
    if !problems.isEmpty && !skipInvalid {
      throw ValidationError(
        (problems.prefix(5) + (problems.count > 5 ? ["… \(problems.count - 5) more"] : []))
          .joined(separator: "\n") + "\n(--skip-invalid leaves such rows out)")
    }
    guard !values.isEmpty else {
      throw ValidationError("\(table): every one of its \(csv.rows.count) rows is invalid, so nothing is left to compute; the first: \(problems[0])")
    }
    guard values.contains(where: { $0 > 0 }) else {
      throw ValidationError(
        "\(table): every value in column '\(value)' is 0 (\(values.count) rows); the indices compare shares of the total and are undefined when it is 0"
      )
    }
    if let weight, !weights.contains(where: { $0 > 0 }) {
      throw ValidationError("\(table): every weight in column '\(weight)' is 0 (\(values.count) rows); give at least one row a positive weight")
    }
    let scaledValues = try Self.scaledByPowerOfTwo(values, column: value, lines: lines, table: table)
    let scaledWeights = try Self.scaledByPowerOfTwo(weights, column: weight ?? "", lines: lines, table: table)

    let summary: IndexSummary
    do {
      summary = try IndexSummary(values: scaledValues, weights: weight == nil ? nil : scaledWeights, groups: group == nil ? nil : groups)
    } catch let error as StatisticsError {
      throw ValidationError("\(table): \(error)")
    }
    if json {
      let members = summary.entries.map { entry in "\"\(entry.key)\": \(entry.value.flatMap { $0.isFinite ? "\($0)" : nil } ?? "null")" }
      print("{" + members.joined(separator: ", ") + "}")
      return
    }
    print(
      "\(values.count) rows of \(table), value \(value)" + (weight.map { ", weighted by \($0)" } ?? ", unweighted")
        + (problems.isEmpty ? "" : "; \(problems.count) invalid rows left out (first: \(problems[0]))"))
    for entry in summary.entries {
      let text: String
      switch entry.outcome {
      case .success(let v) where v.isFinite: text = String(format: "%.6f", v)
      case .success: text = "undefined (not a finite number in double precision)"
      case .failure(let error): text = "undefined (\(error))"
      }
      print(entry.key.padding(toLength: 18, withPad: " ", startingAt: 0) + text)
    }
  }

  /// The numbers times 2⁻ᵏ, k the binary exponent of the largest: exact (a power of two
  /// changes no significand), and it leaves every index unchanged, while sums of values near
  /// 1.8e308 no longer overflow and subnormal values regain their precision.
  /// - Throws: when a positive number would fall below the normal range (it is more than
  ///   10³⁰⁷ times smaller than the largest): the indices cannot be computed in Double.
  static func scaledByPowerOfTwo(_ numbers: [Double], column: String, lines: [Int], table: String) throws -> [Double] {
    guard let largest = numbers.max(), largest > 0 else { return numbers }
    let k = largest.exponent
    return try numbers.enumerated().map { i, x in
      let scaled = Double(sign: .plus, exponent: -k, significand: x)
      guard x == 0 || scaled >= Double.leastNormalMagnitude else {
        throw ValidationError(
          "\(table):\(lines[i]): \(column) \(x) is more than 10^307 times smaller than the largest, \(largest); "
            + "the indices cannot be computed in double precision (rescale the column)")
      }
      return scaled
    }
  }
}
