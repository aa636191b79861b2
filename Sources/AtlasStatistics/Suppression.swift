/// Small-cell suppression for anything published: which counts must be withheld so that small
/// numbers of people cannot be identified.
///
/// Primary rule: a count c is suppressed when 0 < c < `minimumCount` (and also when c = 0 if
/// `suppressesZero`). The default minimum of 11 (suppress 1–10) is the U.S. Centers for
/// Medicare & Medicaid Services cell-size rule, also common in state and city public-health
/// releases; set a larger minimum where a data provider's agreement asks for one.
///
/// Complementary rule (`mask(_:totalsPublishedBy:)`): when cells are published with their
/// group total (e.g. areas within a district), a single suppressed cell in a group could be
/// recovered as total − the others, so the smallest other unsuppressed cell of that group (the
/// first such, on ties) is suppressed too. A suppressed cell that is alone in its group cannot
/// be protected this way: it stays marked, and that group's total must be withheld by the
/// caller.
///
/// Reference: Centers for Medicare & Medicaid Services (2020), "CMS Cell Size Suppression
/// Policy"; Federal Committee on Statistical Methodology (2005), "Report on Statistical
/// Disclosure Limitation Methodology", Statistical Policy Working Paper 22 (primary and
/// complementary suppression).
public struct SuppressionRule: Hashable, Sendable {
  /// Counts from just above 0 up to (not including) this value are suppressed.
  public var minimumCount: Double
  /// Whether a count of exactly 0 is suppressed too (default false: a zero reveals no one).
  public var suppressesZero: Bool

  public init(minimumCount: Double = 11, suppressesZero: Bool = false) {
    self.minimumCount = minimumCount
    self.suppressesZero = suppressesZero
  }

  /// Whether one count must be suppressed under the primary rule.
  public func suppresses(_ count: Double) -> Bool {
    count == 0 ? suppressesZero : count < minimumCount
  }

  /// The primary-suppression mask: `true` marks a cell to withhold.
  ///
  /// Edge cases: NaN, infinite or negative counts throw; a minimum that is not finite or is
  /// below 1 throws. Non-integer counts (apportioned estimates) are compared as they are.
  /// - Complexity: O(n).
  public func mask(_ counts: [Double]) throws -> [Bool] {
    try validate(counts)
    return counts.map(suppresses)
  }

  /// The primary mask plus complementary suppression within each group whose total is
  /// published: every group ends with either no suppressed cell or at least two (unless it has
  /// only one cell; see the type's documentation).
  ///
  /// Edge cases: as `mask(_:)`; `groups` of another length throws.
  /// - Complexity: O(n) expected.
  public func mask<Group: Hashable>(
    _ counts: [Double], totalsPublishedBy groups: [Group]
  ) throws -> [Bool] {
    try validate(counts)
    try Validate.sameLength(groups, as: counts.count, "groups")
    var result = counts.map(suppresses)
    var members: [Group: [Int]] = [:]
    for (index, group) in groups.enumerated() { members[group, default: []].append(index) }
    for cells in members.values {
      guard cells.filter({ result[$0] }).count == 1 else { continue }
      let candidates = cells.filter { !result[$0] }
      if let partner = candidates.min(by: { (counts[$0], $0) < (counts[$1], $1) }) {
        result[partner] = true
      }
    }
    return result
  }

  private func validate(_ counts: [Double]) throws {
    guard minimumCount.isFinite, minimumCount >= 1 else {
      throw StatisticsError.parameterOutOfDomain(
        name: "minimumCount", value: minimumCount, domain: "[1, ∞)")
    }
    try Validate.nonNegative(counts, "counts")
  }
}
