/// The inequality indices of one column, in a fixed order, for `equity-atlas index`.
///
/// Keys, in order: `gini`, `theil_t`, `theil_l`, `atkinson_0.5`, `atkinson_1`, `atkinson_2`,
/// `cv`, and with groups also `theil_t_between`, `theil_t_within` (see `Inequality` for each
/// formula, weights and policies).
///
/// Failures that make every index meaningless (empty input, a negative, NaN or infinite value
/// or weight, weights or values summing to 0, arrays of different lengths) throw from `init`.
/// An index that is undefined for otherwise valid data is reported as a failed entry instead,
/// so that the others still print: Theil L and Atkinson ε = 1, 2 fail with `.notPositive`
/// when a counted value is 0.
public struct IndexSummary: Hashable, Sendable {
  /// One index: its key and its value or the reason it is undefined.
  public struct Entry: Hashable, Sendable {
    public let key: String
    public let outcome: Result<Double, StatisticsError>

    /// The value, or nil when the index is undefined for this data.
    public var value: Double? { try? outcome.get() }
  }

  /// The indices in key order.
  public let entries: [Entry]

  /// The keys computed without groups, in order.
  public static let keys = [
    "gini", "theil_t", "theil_l", "atkinson_0.5", "atkinson_1", "atkinson_2", "cv",
  ]
  /// The keys added when groups are given, in order.
  public static let groupKeys = ["theil_t_between", "theil_t_within"]

  /// Computes every index of `values`, population-weighted when `weights` are given, and the
  /// Theil T between/within split when `groups` (one label per value) are given.
  /// - Complexity: O(n log n).
  public init(values: [Double], weights: [Double]? = nil, groups: [String]? = nil) throws {
    _ = try Inequality.prepared(values, weights: weights)
    if let groups { try Validate.sameLength(groups, as: values.count, "groups") }
    var entries: [Entry] = [
      Entry(key: "gini", outcome: Self.capture { try Inequality.gini(values, weights: weights) }),
      Entry(
        key: "theil_t", outcome: Self.capture { try Inequality.theilT(values, weights: weights) }
      ),
      Entry(
        key: "theil_l", outcome: Self.capture { try Inequality.theilL(values, weights: weights) }
      ),
    ]
    for (key, epsilon) in [("atkinson_0.5", 0.5), ("atkinson_1", 1.0), ("atkinson_2", 2.0)] {
      entries.append(
        Entry(
          key: key,
          outcome: Self.capture {
            try Inequality.atkinson(values, epsilon: epsilon, weights: weights)
          }))
    }
    entries.append(
      Entry(
        key: "cv",
        outcome: Self.capture { try Inequality.coefficientOfVariation(values, weights: weights) }
      ))
    if let groups {
      let split = Self.capture {
        try Inequality.theilT(values, weights: weights, groupedBy: groups)
      }
      entries.append(Entry(key: "theil_t_between", outcome: split.map(\.between)))
      entries.append(Entry(key: "theil_t_within", outcome: split.map(\.within)))
    }
    self.entries = entries
  }

  /// The entry for `key`, or nil if there is no such key.
  public subscript(key: String) -> Entry? {
    entries.first { $0.key == key }
  }

  private static func capture<T>(_ body: () throws -> T) -> Result<T, StatisticsError> {
    do {
      return .success(try body())
    } catch {
      // Every throwing function of this module throws only StatisticsError.
      return .failure(error as! StatisticsError)
    }
  }
}
