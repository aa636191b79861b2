/// Spatial weights from a contiguity list, row-standardised: area i gives each of its kᵢ
/// neighbours the weight 1/kᵢ.
///
///     wᵢⱼ = 1/kᵢ  if j is a neighbour of i,  0 otherwise (and wᵢᵢ = 0)
///     S₀ = Σᵢ Σⱼ wᵢⱼ                       (= n − number of islands)
///     S₁ = ½ Σᵢ Σⱼ (wᵢⱼ + wⱼᵢ)²
///     S₂ = Σᵢ (Σⱼ wᵢⱼ + Σⱼ wⱼᵢ)²
///
/// These are libpysal's `W.transform = "r"` and its `s0`, `s1`, `s2` (Cliff & Ord 1981, ch. 1).
///
/// Edge-case policy: contiguity is symmetric, so an asymmetric list (j lists i but i does not
/// list j), a self-neighbour, a repeated neighbour or an index outside `0..<n` throws
/// `.invalidArgument` / `.indexOutOfRange` naming the area. An area with no neighbours is an
/// **island**: its row is all zeros (its spatial lag is 0, as in libpysal), it adds nothing to
/// S₀, and the local statistics give it no test (see `LocalIndicators`).
///
/// - Complexity: O(n + m) storage and construction for m neighbour pairs.
///
/// Reference: A. D. Cliff & J. K. Ord (1981), Spatial Processes: Models and Applications,
/// Pion; S. J. Rey & L. Anselin (2007), "PySAL: a Python library of spatial analytical
/// methods", Review of Regional Studies 37(1):5–27 (`libpysal.weights.W`).
public struct SpatialWeights: Hashable, Sendable {
  /// Per area, its neighbours' indexes in ascending order.
  public let neighbours: [[Int]]

  /// - Throws: `StatisticsError` for an asymmetric list, a self-neighbour, a duplicate or an
  ///   index out of range.
  public init(neighbours: [[Int]]) throws {
    let n = neighbours.count
    var sorted: [[Int]] = []
    sorted.reserveCapacity(n)
    for (i, list) in neighbours.enumerated() {
      let s = list.sorted()
      for (position, j) in s.enumerated() {
        guard j >= 0, j < n else { throw StatisticsError.indexOutOfRange(argument: "neighbours[\(i)]", index: j, count: n) }
        guard j != i else { throw StatisticsError.invalidArgument(argument: "neighbours[\(i)]", reason: "area \(i) lists itself as a neighbour") }
        if position > 0, s[position - 1] == j {
          throw StatisticsError.invalidArgument(argument: "neighbours[\(i)]", reason: "neighbour \(j) is listed twice")
        }
      }
      sorted.append(s)
    }
    for (i, list) in sorted.enumerated() {
      for j in list where sorted[j].binarySearchIndex(of: i) == nil {
        throw StatisticsError.invalidArgument(
          argument: "neighbours[\(j)]", reason: "area \(i) lists \(j) as a neighbour but \(j) does not list \(i); contiguity is symmetric")
      }
    }
    self.neighbours = sorted
  }

  /// Number of areas, n.
  public var count: Int { neighbours.count }

  /// Indexes of the areas without neighbours.
  public var islands: [Int] { neighbours.indices.filter { neighbours[$0].isEmpty } }

  /// S₀ = Σᵢⱼ wᵢⱼ: one per area with neighbours.
  public var s0: Double { Double(neighbours.count(where: { !$0.isEmpty })) }

  /// S₁ = ½ Σᵢⱼ (wᵢⱼ + wⱼᵢ)²; with symmetric contiguity every pair is (1/kᵢ + 1/kⱼ)².
  public var s1: Double {
    var sum = 0.0
    for list in neighbours {
      let wi = 1 / Double(list.count)
      for j in list {
        let w = wi + 1 / Double(neighbours[j].count)
        sum += w * w
      }
    }
    return sum / 2
  }

  /// S₂ = Σᵢ (row sum + column sum)², row sum 1 (0 for an island), column sum Σⱼ 1/kⱼ.
  public var s2: Double {
    var sum = 0.0
    for list in neighbours {
      let row = list.isEmpty ? 0.0 : 1.0
      let column = list.reduce(0.0) { $0 + 1 / Double(neighbours[$1].count) }
      sum += (row + column) * (row + column)
    }
    return sum
  }

  /// The spatial lag (W z)ᵢ = mean of z over i's neighbours (0 for an island).
  /// - Complexity: O(n + m).
  public func lag(_ z: [Double]) -> [Double] {
    neighbours.map { list in list.isEmpty ? 0 : list.reduce(0.0) { $0 + z[$1] } / Double(list.count) }
  }

  /// The weights among the areas `kept` (ascending indexes into these weights), renumbered
  /// 0..<kept.count in that order; neighbours outside `kept` are dropped and the rows
  /// re-standardised, so an area whose neighbours were all dropped becomes an island.
  ///
  /// - Precondition: `kept` is strictly ascending and inside `0..<count`.
  /// - Complexity: O(n + m).
  public func restricted(to kept: [Int]) -> SpatialWeights {
    var newIndex = Array(repeating: -1, count: count)
    for (position, i) in kept.enumerated() { newIndex[i] = position }
    return SpatialWeights(validated: kept.map { i in neighbours[i].compactMap { newIndex[$0] >= 0 ? newIndex[$0] : nil } })
  }

  private init(validated: [[Int]]) { neighbours = validated }
}

extension Array where Element == Int {
  /// Position of `value` in this ascending array, or nil.
  func binarySearchIndex(of value: Int) -> Int? {
    var low = 0
    var high = count
    while low < high {
      let mid = (low + high) / 2
      if self[mid] < value { low = mid + 1 } else { high = mid }
    }
    return low < count && self[low] == value ? low : nil
  }
}
