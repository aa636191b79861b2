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
      With --weight (e.g. population) every index is weighted; without, every row weighs 1.
      With --group (e.g. district, or majority group) Theil T is split into
      theil_t_between + theil_t_within = theil_t.
      Theil L and Atkinson ε = 1, 2 are undefined when a value is 0 (printed as null/undefined).
      Every row must have a number in the value (and weight) column; otherwise the command
      names the file, line and column and stops, unless --skip-invalid.

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
    let csv = try CSVTable(contentsOf: table)
    func column(_ name: String) throws -> Int {
      guard let index = csv.column(name) else {
        throw ValidationError("\(table): no column '\(name)'; the header has: \(csv.header.joined(separator: ", "))")
      }
      return index
    }
    let valueIndex = try column(value)
    let weightIndex = try weight.map(column)
    let groupIndex = try group.map(column)
    var values: [Double] = [], weights: [Double] = [], groups: [String] = []
    var problems: [String] = []
    for row in csv.rows {
      func number(_ index: Int, _ name: String) -> Double? {
        let text = index < row.fields.count ? row.fields[index].trimmingCharacters(in: .whitespaces) : ""
        guard let n = Double(text), n.isFinite else {
          problems.append("\(table):\(row.line): \(name) '\(text)' is not a number")
          return nil
        }
        return n
      }
      guard let v = number(valueIndex, value) else { continue }
      var w = 1.0
      if let weightIndex, let weight {
        guard let parsed = number(weightIndex, weight) else { continue }
        w = parsed
      }
      values.append(v)
      weights.append(w)
      if let groupIndex { groups.append(groupIndex < row.fields.count ? row.fields[groupIndex] : "") }
    }
    if !problems.isEmpty && !skipInvalid {
      throw ValidationError((problems.prefix(5) + (problems.count > 5 ? ["… \(problems.count - 5) more"] : []))
        .joined(separator: "\n") + "\n(--skip-invalid leaves such rows out)")
    }
    let summary: IndexSummary
    do {
      summary = try IndexSummary(values: values, weights: weight == nil ? nil : weights, groups: group == nil ? nil : groups)
    } catch let error as StatisticsError {
      throw ValidationError("\(table): \(error)")
    }
    if json {
      let members = summary.entries.map { "\"\($0.key)\": \($0.value.map { "\($0)" } ?? "null")" }
      print("{" + members.joined(separator: ", ") + "}")
      return
    }
    print("\(values.count) rows of \(table), value \(value)" + (weight.map { ", weighted by \($0)" } ?? ", unweighted")
      + (problems.isEmpty ? "" : "; \(problems.count) invalid rows left out"))
    for entry in summary.entries {
      let text: String
      switch entry.outcome {
      case .success(let v): text = String(format: "%.6f", v)
      case .failure(let error): text = "undefined (\(error))"
      }
      print(entry.key.padding(toLength: 18, withPad: " ", startingAt: 0) + text)
    }
  }
}
