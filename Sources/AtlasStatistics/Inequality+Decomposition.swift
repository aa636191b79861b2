import Foundation

/// An inequality index split into the part due to differences between group means and the
/// part due to differences within groups (e.g. beats within police districts, wards grouped by
/// majority population).
public struct InequalityDecomposition<Group: Hashable & Sendable>: Hashable, Sendable {
  /// One group's share of people and of the quantity, its mean and its own index.
  public struct Component: Hashable, Sendable {
    public let group: Group
    /// a_g = W_g / W, the group's share of the total weight (population).
    public let weightShare: Double
    /// s_g = W_g μ_g / (W μ), the group's share of the total quantity.
    public let valueShare: Double
    /// μ_g, the group's weighted mean.
    public let mean: Double
    /// The index computed within the group alone; nil when the group's mean is 0 (possible for
    /// Gini and Theil T, whose within-group index divides by μ_g; such a group has s_g = 0 and
    /// contributes nothing to the within term).
    public let index: Double?
  }

  /// The index of the whole population, computed directly (not as a sum of the parts).
  public let total: Double
  /// The index of the distribution in which every person has their group's mean.
  public let between: Double
  /// The weighted sum of within-group indices.
  public let within: Double
  /// total − between − within. Exactly 0 for Theil T and L (up to rounding: the decomposition
  /// is exact); for Gini it is the non-negative overlap term, 0 when the groups' value ranges
  /// do not overlap.
  public let overlap: Double
  /// The groups in order of first appearance among elements of positive weight; groups whose
  /// elements all have weight 0 stand for nobody and are omitted.
  public let components: [Component]
}

extension Inequality {
  /// Theil T decomposed by groups.
  ///
  ///     T = Σ_g s_g T_g  +  Σ_g s_g ln(μ_g / μ)
  ///         (within)        (between)
  ///
  /// with s_g = W_g μ_g / (W μ). The decomposition is exact. Unweighted, the between term is
  /// PySAL's `TheilD.bg` = Σ_g s_g ln(s_g · n / n_g).
  ///
  /// Edge cases: as `theilT(_:weights:)`; `groups` of another length throws. A group with mean
  /// 0 has s_g = 0 and contributes 0 to both terms (x ln x → 0); its component index is nil.
  /// - Complexity: O(n) expected (hashing the group keys).
  /// Reference: A. F. Shorrocks (1980), "The class of additively decomposable inequality
  /// measures", Econometrica 48(3):613–625; F. Bourguignon (1979), Econometrica 47(4):901–920.
  public static func theilT<Group: Hashable & Sendable>(
    _ values: [Double], weights: [Double]? = nil, groupedBy groups: [Group]
  ) throws -> InequalityDecomposition<Group> {
    try Validate.sameLength(groups, as: values.count, "groups")
    let sample = try prepared(values, weights: weights)
    let parts = partition(sample, by: groups)
    var between = 0.0
    var within = 0.0
    let components = parts.map { part -> InequalityDecomposition<Group>.Component in
      let weightShare = part.sample.totalWeight / sample.totalWeight
      let relativeMean = part.sample.mean / sample.mean
      let valueShare = weightShare * relativeMean
      var index: Double?
      if part.sample.mean > 0 {
        let groupIndex = theilT(of: part.sample)
        index = groupIndex
        between += valueShare * log(relativeMean)
        within += valueShare * groupIndex
      }
      return .init(
        group: part.group, weightShare: weightShare, valueShare: valueShare,
        mean: part.sample.mean, index: index)
    }
    let total = theilT(of: sample)
    return InequalityDecomposition(
      total: total, between: between, within: within, overlap: total - between - within,
      components: components)
  }

  /// Theil L (mean log deviation) decomposed by groups.
  ///
  ///     L = Σ_g a_g L_g  +  Σ_g a_g ln(μ / μ_g)
  ///         (within)        (between)
  ///
  /// with a_g = W_g / W. The decomposition is exact, and its weights a_g do not depend on the
  /// group means (unlike Theil T's), which is why L is the "path-independent" one.
  ///
  /// Edge cases: as `theilL(_:weights:)` (a counted value of 0 throws); `groups` of another
  /// length throws.
  /// - Complexity: O(n) expected.
  /// Reference: A. F. Shorrocks (1980), Econometrica 48(3):613–625; J. Foster & A. Shneyerov
  /// (2000), "Path independent inequality measures", Journal of Economic Theory 91(2):199–222.
  public static func theilL<Group: Hashable & Sendable>(
    _ values: [Double], weights: [Double]? = nil, groupedBy groups: [Group]
  ) throws -> InequalityDecomposition<Group> {
    try Validate.sameLength(groups, as: values.count, "groups")
    let sample = try prepared(values, weights: weights)
    try sample.requirePositiveValues()
    let parts = partition(sample, by: groups)
    var between = 0.0
    var within = 0.0
    let components = parts.map { part -> InequalityDecomposition<Group>.Component in
      let weightShare = part.sample.totalWeight / sample.totalWeight
      let groupIndex = theilL(of: part.sample)
      between += weightShare * log(sample.mean / part.sample.mean)
      within += weightShare * groupIndex
      return .init(
        group: part.group, weightShare: weightShare,
        valueShare: weightShare * part.sample.mean / sample.mean,
        mean: part.sample.mean, index: groupIndex)
    }
    let total = theilL(of: sample)
    return InequalityDecomposition(
      total: total, between: between, within: within, overlap: total - between - within,
      components: components)
  }

  /// The Gini coefficient decomposed by groups into between, within and overlap.
  ///
  ///     within  = Σ_g a_g s_g G_g
  ///     between = Σ_g Σ_h a_g a_h |μ_g − μ_h| / (2μ)
  ///     overlap = G − between − within ≥ 0
  ///
  /// The between term is the Gini of the distribution in which each person has their group's
  /// mean.
  ///
  /// Unlike Theil, the Gini is not additively decomposable: the overlap term measures how much
  /// the groups' distributions interleave, and is 0 exactly when they occupy disjoint ranges.
  ///
  /// Edge cases: as `gini(_:weights:)`; `groups` of another length throws. A group with mean 0
  /// contributes 0 to the within term and its component index is nil.
  /// - Complexity: O(n log n + k²) for k groups.
  /// Reference: P. J. Lambert & J. R. Aronson (1993), "Inequality decomposition analysis and
  /// the Gini coefficient revisited", The Economic Journal 103(420):1221–1227.
  public static func gini<Group: Hashable & Sendable>(
    _ values: [Double], weights: [Double]? = nil, groupedBy groups: [Group]
  ) throws -> InequalityDecomposition<Group> {
    try Validate.sameLength(groups, as: values.count, "groups")
    let sample = try prepared(values, weights: weights)
    let parts = partition(sample, by: groups)
    var within = 0.0
    let components = try parts.map { part -> InequalityDecomposition<Group>.Component in
      let weightShare = part.sample.totalWeight / sample.totalWeight
      let valueShare = weightShare * part.sample.mean / sample.mean
      var index: Double?
      if part.sample.mean > 0 {
        let groupIndex = try gini(part.sample.values, weights: part.sample.weights)
        index = groupIndex
        within += weightShare * valueShare * groupIndex
      }
      return .init(
        group: part.group, weightShare: weightShare, valueShare: valueShare,
        mean: part.sample.mean, index: index)
    }
    var pairSum = 0.0
    for g in components {
      for h in components {
        pairSum += g.weightShare * h.weightShare * abs(g.mean - h.mean)
      }
    }
    let between = pairSum / (2 * sample.mean)
    let total = try gini(sample.values, weights: sample.weights)
    return InequalityDecomposition(
      total: total, between: between, within: within, overlap: total - between - within,
      components: components)
  }

  /// Splits a validated sample by group, in order of first appearance among its elements.
  /// `groups` is parallel to the caller's arrays (which `sample.indices` point into).
  static func partition<Group: Hashable>(
    _ sample: Weighted, by groups: [Group]
  ) -> [(group: Group, sample: Weighted)] {
    var order: [Group] = []
    var members: [Group: [Int]] = [:]
    for (position, index) in sample.indices.enumerated() {
      let group = groups[index]
      if members[group] == nil { order.append(group) }
      members[group, default: []].append(position)
    }
    return order.map { group in
      let positions = members[group]!
      return (
        group,
        Weighted(
          validatedValues: positions.map { sample.values[$0] },
          weights: positions.map { sample.weights[$0] },
          indices: positions.map { sample.indices[$0] })
      )
    }
  }
}
