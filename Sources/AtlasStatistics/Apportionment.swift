/// How a source variable behaves when its area is split, declared explicitly for every variable.
public enum VariableKind: Hashable, Sendable, CaseIterable {
  /// A count (residents, households, calls): the parts add up to the whole, so each target gets
  /// its share of the count.
  case extensive
  /// A rate, share, mean or median: the parts share the whole's value, so each target gets an
  /// average of its sources' values weighted by how much of each it contains.
  case intensive
}

/// What an extensive value is divided by when it is split among targets by area.
public enum ExtensiveDenominator: Hashable, Sendable, CaseIterable {
  /// The source's whole area: a source partly outside every target keeps the outside share
  /// unallocated (tobler `area_interpolate(..., allocate_total=False)`). Right when the
  /// targets do not cover the sources, e.g. tracts crossing the city limit.
  case sourceArea
  /// The part of the source's area that targets cover: each source's whole value is allocated
  /// (tobler's default, `allocate_total=True`).
  case coveredArea
}

/// One piece of a source polygon inside one target polygon, with its area (computed elsewhere,
/// e.g. by GEOS, in one projected unit such as square feet).
public struct Overlap: Hashable, Sendable {
  public var source: Int
  public var target: Int
  public var area: Double

  public init(source: Int, target: Int, area: Double) {
    self.source = source
    self.target = target
    self.area = area
  }
}

/// One target's apportioned value.
public struct ApportionedValue: Hashable, Sendable {
  /// The estimate; nil for an intensive variable in a target that no source reaches (an
  /// average over nothing). Extensive targets that no source reaches get 0.
  public let estimate: Double?
  /// √(Σᵢ (aᵢⱼ · MOEᵢ)²) when source margins of error were given, else nil.
  public let marginOfError: Double?
  /// (MOE / 1.645) / estimate; nil without margins of error or when the estimate is nil or 0.
  public let coefficientOfVariation: Double?
  /// With margins of error: whether the CV exceeds the threshold or is undefined (estimate 0 or
  /// missing). Without margins of error: nil.
  public let isUnreliable: Bool?
}

/// Mass conservation of an extensive variable.
///
/// `targetTotal` equals `sourceTotalInside` up to rounding by construction; the gap between
/// `sourceTotal` and `sourceTotalInside` is what lies in parts of sources outside every target
/// (or in sources that no target reaches).
public struct MassBalance: Hashable, Sendable {
  /// Σᵢ vᵢ over all sources.
  public let sourceTotal: Double
  /// Σᵢ vᵢ · fᵢ, with fᵢ the source's covered fraction.
  public let sourceTotalInside: Double
  /// Σⱼ of the target estimates.
  public let targetTotal: Double
}

/// The result of apportioning one variable.
public struct ApportionedVariable: Hashable, Sendable {
  public let kind: VariableKind
  /// One value per target, in target order.
  public let values: [ApportionedValue]
  /// Extensive variables only.
  public let massBalance: MassBalance?
}

/// Areal interpolation of source-unit variables to target units, from precomputed overlap
/// weights; no geometry here. (The dasymetric population method weights tract pieces by
/// precinct population before it gets here: `Dasymetric.swift` in AtlasPipeline.)
///
/// With aᵢⱼ ≥ 0 the weight of source i in target j (overlap area) and
/// Dᵢ the source's denominator:
///
///     extensive:  vⱼ = Σᵢ vᵢ · aᵢⱼ / Dᵢ
///     intensive:  vⱼ = Σᵢ vᵢ · aᵢⱼ / Σₖ aₖⱼ          (weighted average over the target's sources)
///     MOE:        MOEⱼ = √( Σᵢ (cᵢⱼ · MOEᵢ)² ),  cᵢⱼ the coefficient of vᵢ above
///     CV:         CVⱼ = (MOEⱼ / 1.645) / vⱼ,  unreliable when CVⱼ > 0.30 (by default)
///
/// Dᵢ is the source area or the covered area (`ExtensiveDenominator`). The MOE formula is
/// the Census Bureau's approximation for a linear combination of estimates, which ignores
/// covariances between them; 1.645 converts the ACS's 90 % margins to standard errors.
/// Rows for the same (source, target) pair are added together first (a source may meet a
/// target in several pieces), so the MOE treats each pair once.
///
/// Reference: tobler `area_weighted.area_interpolate` (PySAL) for the areal weights and the
/// intensive definition; U.S. Census Bureau (2020), "Understanding and Using American Community
/// Survey Data: What All Data Users Need to Know", ch. 8, "Calculating Measures of Error for
/// Derived Estimates".
public struct Apportionment: Hashable, Sendable {
  public let sourceCount: Int
  public let targetCount: Int
  /// fᵢ = Σⱼ aᵢⱼ / Dᵢ: the share of each source's extensive value that reaches some target.
  /// Values above 1 (beyond rounding) mean that targets overlap each other or that overlap
  /// areas exceed their source's area: a geometry problem upstream.
  public let coveredFractions: [Double]

  private let rows: [Row]
  private let sourceDenominators: [Double]
  private let targetDenominators: [Double]

  private struct Row: Hashable, Sendable {
    let source: Int
    let target: Int
    let weight: Double
  }

  /// Areal weights from overlap pieces.
  ///
  /// Edge cases: a non-finite or non-positive source area, a non-finite or negative overlap
  /// area, a row naming a source or target out of range, and a negative target count throw.
  /// - Complexity: O(r + s + t) expected for r rows, s sources and t targets.
  public static func byArea(
    overlaps: [Overlap], sourceAreas: [Double], targetCount: Int,
    extensiveDenominator: ExtensiveDenominator = .sourceArea
  ) throws -> Apportionment {
    try Validate.positive(sourceAreas, "sourceAreas")
    try Validate.nonNegative(overlaps.map(\.area), "overlaps.area")
    let merged = try merge(
      overlaps.map { ($0.source, Optional($0.target), $0.area) },
      sourceCount: sourceAreas.count, targetCount: targetCount, argument: "overlaps")
    let denominators: [Double]
    switch extensiveDenominator {
    case .sourceArea:
      denominators = sourceAreas
    case .coveredArea:
      var covered = [Double](repeating: 0, count: sourceAreas.count)
      for row in merged { covered[row.source] += row.weight }
      denominators = covered
    }
    return Apportionment(
      rows: merged, sourceDenominators: denominators, sourceCount: sourceAreas.count,
      targetCount: targetCount)
  }

  private init(rows: [Row], sourceDenominators: [Double], sourceCount: Int, targetCount: Int) {
    self.rows = rows
    self.sourceDenominators = sourceDenominators
    self.sourceCount = sourceCount
    self.targetCount = targetCount
    var covered = [Double](repeating: 0, count: sourceCount)
    var targetWeights = [Double](repeating: 0, count: targetCount)
    for row in rows {
      if sourceDenominators[row.source] > 0 {
        covered[row.source] += row.weight / sourceDenominators[row.source]
      }
      targetWeights[row.target] += row.weight
    }
    coveredFractions = covered
    targetDenominators = targetWeights
  }

  /// Apportions one variable given per source, with optional source margins of error (90 %).
  ///
  /// Edge cases: `values` (and `marginsOfError`) of another length than the sources throw;
  /// NaN or infinite values throw (values may be negative); negative or non-finite margins of
  /// error throw; a CV threshold that is not finite and positive throws.
  /// - Complexity: O(r + s + t).
  public func apportion(
    _ values: [Double], as kind: VariableKind, marginsOfError: [Double]? = nil,
    unreliableAbove cvThreshold: Double = 0.30
  ) throws -> ApportionedVariable {
    try Validate.sameLength(values, as: sourceCount, "values")
    try Validate.finite(values, "values")
    if let marginsOfError {
      try Validate.sameLength(marginsOfError, as: sourceCount, "marginsOfError")
      try Validate.nonNegative(marginsOfError, "marginsOfError")
    }
    guard cvThreshold.isFinite, cvThreshold > 0 else {
      throw StatisticsError.parameterOutOfDomain(
        name: "cvThreshold", value: cvThreshold, domain: "(0, ∞)")
    }

    var estimates = [Double](repeating: 0, count: targetCount)
    var squaredErrors = [Double](repeating: 0, count: targetCount)
    for row in rows {
      let denominator: Double
      switch kind {
      case .extensive: denominator = sourceDenominators[row.source]
      case .intensive: denominator = targetDenominators[row.target]
      }
      guard denominator > 0 else { continue }
      let coefficient = row.weight / denominator
      estimates[row.target] += coefficient * values[row.source]
      if let marginsOfError {
        let error = coefficient * marginsOfError[row.source]
        squaredErrors[row.target] += error * error
      }
    }

    let apportioned = (0..<targetCount).map { j -> ApportionedValue in
      let estimate: Double? =
        kind == .intensive && targetDenominators[j] == 0 ? nil : estimates[j]
      guard marginsOfError != nil else {
        return ApportionedValue(
          estimate: estimate, marginOfError: nil, coefficientOfVariation: nil,
          isUnreliable: nil)
      }
      let moe: Double? = estimate == nil ? nil : squaredErrors[j].squareRoot()
      var cv: Double?
      if let estimate, let moe, estimate != 0 { cv = abs(moe / 1.645 / estimate) }
      return ApportionedValue(
        estimate: estimate, marginOfError: moe, coefficientOfVariation: cv,
        isUnreliable: cv.map { $0 > cvThreshold } ?? true)
    }

    var balance: MassBalance?
    if kind == .extensive {
      balance = MassBalance(
        sourceTotal: values.reduce(0, +),
        sourceTotalInside: zip(values, coveredFractions).reduce(0) { $0 + $1.0 * $1.1 },
        targetTotal: estimates.reduce(0, +))
    }
    return ApportionedVariable(kind: kind, values: apportioned, massBalance: balance)
  }

  /// Checks indices and adds up rows of the same (source, target) pair, keeping first-seen
  /// order; rows without a target are dropped (they only count in denominators).
  private static func merge(
    _ entries: [(source: Int, target: Int?, weight: Double)], sourceCount: Int, targetCount: Int,
    argument: String
  ) throws -> [Row] {
    guard sourceCount >= 0 else {
      throw StatisticsError.parameterOutOfDomain(
        name: "sourceCount", value: Double(sourceCount), domain: "[0, ∞)")
    }
    guard targetCount >= 0 else {
      throw StatisticsError.parameterOutOfDomain(
        name: "targetCount", value: Double(targetCount), domain: "[0, ∞)")
    }
    var order: [Pair] = []
    var weights: [Pair: Double] = [:]
    for entry in entries {
      guard (0..<sourceCount).contains(entry.source) else {
        throw StatisticsError.indexOutOfRange(
          argument: "\(argument).source", index: entry.source, count: sourceCount)
      }
      guard let target = entry.target else { continue }
      guard (0..<targetCount).contains(target) else {
        throw StatisticsError.indexOutOfRange(
          argument: "\(argument).target", index: target, count: targetCount)
      }
      let pair = Pair(source: entry.source, target: target)
      if weights[pair] == nil { order.append(pair) }
      weights[pair, default: 0] += entry.weight
    }
    return order.map { Row(source: $0.source, target: $0.target, weight: weights[$0]!) }
  }

  private struct Pair: Hashable {
    let source: Int
    let target: Int
  }
}
