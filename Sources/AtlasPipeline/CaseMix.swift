import AtlasStatistics
import Foundation

/// Case-mix adjusted comparisons: each area's response times against the rest of the city
/// *as if the rest had the area's own mix of calls*.
///
/// An area may wait longer only because its calls differ: more of the call types that are
/// dispatched slowly everywhere, more calls at the busy hours. Within each priority, every
/// call falls in a cell = call type group × hour-of-week band (7 days × 6 four-hour bands of
/// the local time the call was received). DiNardo–Fortin–Lemieux reweighting gives each
/// rest-of-city call in cell c the weight
///
///     u_c = a_c / r_c     (a_c, r_c: the area's and the rest's calls in c with a usable interval)
///
/// so that the reweighted rest has the area's share of calls in every cell; its quantile
/// (`WeightedQuantile`, which is Hyndman–Fan type 7 when the weights are equal) is what the
/// area's quantile is divided by. With discrete cells this is the same distribution as the
/// direct standardisation of the rest to the area's mix, Σ_c (a_c / A) · F_rest,c.
///
/// - Call type group: the `call_type` as written, trimmed and in upper case; the types with
///   fewer than `minimumTypeCalls` calls of the priority city-wide are pooled as `OTHER`. A
///   calls file without a call type column is adjusted for the hour of week only (noted in
///   `input_notes`).
/// - Cells with area calls but no rest-of-city calls cannot be matched: those area calls are
///   left out of the adjusted comparison (its `n` counts only the calls kept; the number left
///   out is noted in `input_notes`).
/// - Interval: as for the raw ratios, the order-statistic 95% interval of the area's quantile
///   divided by the reweighted rest's quantile taken as fixed. Given the area's mix, the
///   area's quantile is asymptotically a mean of indicators (Bahadur), whose variance under
///   resampling within the cells is at most that under simple resampling, so the interval is
///   conservative for the comparison conditional on the mix.
///
/// Reference: J. DiNardo, N. M. Fortin & T. Lemieux (1996), "Labor market institutions and the
/// distribution of wages, 1973–1992: a semiparametric approach", Econometrica 64(5):1001–1044
/// (reweighting by the ratio of cell shares, §II); N. Fortin, T. Lemieux & S. Firpo (2011),
/// "Decomposition methods in economics", Handbook of Labor Economics 4A, §4.
public enum CaseMix {
  /// Types with fewer calls than this in a priority, city-wide, are pooled as `OTHER`.
  public static let minimumTypeCalls = 100
  public static let otherGroup = "OTHER"
  /// Hour-of-week bands: 6 bands of 4 hours per day, Sunday 00:00–04:00 first.
  public static let bandsPerWeek = 42

  /// The manifest's description of the adjustment (`case_mix_adjustment`).
  public static func manifestDescription(hasCallTypes: Bool) -> String {
    "DiNardo-Fortin-Lemieux (1996) reweighting of the rest of the city to the area's mix of "
      + (hasCallTypes
        ? "call type group (call_type trimmed, upper case; types with fewer than \(minimumTypeCalls) calls of the priority city-wide pooled as \(otherGroup)) x "
        : "")
      + "hour-of-week band (7 days x 6 four-hour bands, local time received) within the priority"
      + (hasCallTypes ? "" : " (no call type column: hour of week only)")
      + "; weighted quantile: midpoint weights, Hyndman-Fan type 7 when weights are equal; area calls in cells without rest-of-city calls left out;"
      + " interval: order-statistic 95% interval of the area quantile, reweighted rest fixed"
  }

  /// Area calls left out of the adjusted comparisons of one layer because their cell has no
  /// rest-of-city calls, summed over stages and priorities.
  public struct Unmatched: Hashable, Sendable {
    public var layer: String
    public var calls: Int
  }

  /// `ratio_p50_adjusted` and `ratio_p90_adjusted` for every area of every layer, priority
  /// (P1–P3) and interval (call-to-dispatch, call-to-on-scene), with the reweighted rest's
  /// quantile as `restValue`; areas whose sample equals the city's are skipped, as for the raw
  /// ratios.
  ///
  /// - Parameter zone: the time zone the calls' local hours are read in.
  /// - Complexity: O(n log n) to sort each interval's values once per priority, then per area
  ///   O(m + K log(n / 512) + 512) for m area calls in K cells.
  public static func comparisons(
    _ calls: CallTable, assignment: AreaAssignment, zone: TimeZone
  ) throws -> (
    comparisons: [AreaComparison], unmatched: [Unmatched]
  ) {
    let cell = cells(calls, zone: zone)
    let stages: [(CallInterval, UInt8)] = [CallInterval.callToDispatch, .callToOnScene].flatMap { i in (UInt8(1)...3).map { (i, $0) } }
    let indexes = try parallelMap(stages.count) { s in RestIndex(calls, interval: stages[s].0, priority: stages[s].1, cell: cell) }
    let perLayer = try parallelMap(assignment.layerIDs.count) { l -> ([AreaComparison], Int) in
      var out: [AreaComparison] = []
      var unmatched = 0
      for (s, index) in indexes.enumerated() {
        let (rows, left) = index.compare(assignment: assignment, layer: l, interval: stages[s].0, priority: stages[s].1)
        out += rows
        unmatched += left
      }
      return (out, unmatched)
    }
    return (
      perLayer.flatMap(\.0),
      zip(assignment.layerIDs, perLayer).compactMap { $1.1 > 0 ? Unmatched(layer: $0, calls: $1.1) : nil }
    )
  }

  /// Per call: its call type group × hour-of-week band, as `group · 42 + band`.
  static func cells(_ calls: CallTable, zone: TimeZone) -> [Int32] {
    let received = calls.stamps[CallStage.received.rawValue]
    var offsets: [Int: Int] = [:]
    let bands = received.map { t -> Int32 in
      let hour = Int((t / 3_600).rounded(.down))
      let offset: Int
      if let known = offsets[hour] {
        offset = known
      } else {
        offset = zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(hour) * 3_600))
        offsets[hour] = offset
      }
      let local = Int((t + Double(offset)).rounded(.down))
      let day = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
      let weekday = ((day + 4) % 7 + 7) % 7  // 1970-01-01 was a Thursday; Sunday = 0
      let hourOfDay = (local - day * 86_400) / 3_600
      return Int32(weekday * 6 + hourOfDay / 4)
    }
    guard !calls.callType.isEmpty else { return bands }
    // Types rare within a priority are pooled: group = type index, or `callTypes.count` for OTHER.
    var counts = Array(repeating: Array(repeating: 0, count: calls.callTypes.count), count: 4)
    for i in 0..<calls.count { counts[Int(calls.priority[i])][Int(calls.callType[i])] += 1 }
    let other = Int32(calls.callTypes.count)
    return (0..<calls.count).map { i in
      let type = calls.callType[i]
      let group = counts[Int(calls.priority[i])][Int(type)] >= minimumTypeCalls ? type : other
      return group * Int32(bandsPerWeek) + bands[i]
    }
  }

  /// The city's usable values of one interval and priority, sorted once, with each value's
  /// cell and block prefix counts of cells, so that any area's reweighted rest can be searched
  /// without building it.
  struct RestIndex {
    static let blockSize = 512
    /// Sorted values (ties in call order), the call and dense cell of each.
    var values: [Double] = []
    var calls: [Int32] = []
    var cells: [Int32] = []
    var cellCount = 0
    /// Calls per cell, city-wide.
    var cityCounts: [Int32] = []
    /// Row b (0 ≤ b ≤ values.count / blockSize): calls per cell among positions < b · blockSize.
    var prefix: [Int32] = []

    init(_ table: CallTable, interval: CallInterval, priority: UInt8, cell: [Int32]) {
      var entries: [(value: Double, call: Int32)] = []
      for i in 0..<table.count where table.priority[i] == priority {
        if case .success(let v) = table.interval(interval, call: i) { entries.append((v, Int32(i))) }
      }
      entries.sort { $0.value < $1.value || ($0.value == $1.value && $0.call < $1.call) }
      var dense: [Int32: Int32] = [:]
      values = entries.map(\.value)
      calls = entries.map(\.call)
      cells = entries.map { e in
        let c = cell[Int(e.call)]
        if let d = dense[c] { return d }
        let d = Int32(dense.count)
        dense[c] = d
        return d
      }
      cellCount = dense.count
      cityCounts = Array(repeating: 0, count: cellCount)
      let rows = values.count / Self.blockSize + 1
      prefix.reserveCapacity(rows * cellCount)
      for (j, c) in cells.enumerated() {
        if j % Self.blockSize == 0 { prefix += cityCounts }
        cityCounts[Int(c)] += 1
      }
      if values.count % Self.blockSize == 0 { prefix += cityCounts }
    }

    /// The adjusted rows of every area of layer `l`, and the area calls left out (unmatched).
    func compare(assignment: AreaAssignment, layer l: Int, interval: CallInterval, priority: UInt8) -> ([AreaComparison], Int) {
      let areaOf = assignment.areas[l]
      var positions = Array(repeating: [Int](), count: assignment.areaIDs[l].count)
      for (j, call) in calls.enumerated() where areaOf[Int(call)] >= 0 { positions[Int(areaOf[Int(call)])].append(j) }
      var out: [AreaComparison] = []
      var unmatched = 0
      var own = Array(repeating: 0, count: cellCount)
      var weight = Array(repeating: 0.0, count: cellCount)
      for (a, mine) in positions.enumerated() where !mine.isEmpty && mine.count < values.count {
        var touched: [Int] = []
        for j in mine {
          let c = Int(cells[j])
          if own[c] == 0 { touched.append(c) }
          own[c] += 1
        }
        for c in touched where cityCounts[c] > own[c] { weight[c] = Double(own[c]) / Double(Int(cityCounts[c]) - own[c]) }
        let search = Search(index: self, area: mine, weight: weight, cells: touched.filter { weight[$0] > 0 }.sorted())
        let sample = mine.filter { weight[Int(cells[$0])] > 0 }.map { values[$0] }
        unmatched += mine.count - sample.count
        for c in touched {
          own[c] = 0
          weight[c] = 0
        }
        guard !sample.isEmpty else { continue }
        for (p, name) in [(0.5, "ratio_p50_adjusted"), (0.9, "ratio_p90_adjusted")] {
          let rest = search.quantile(p)
          guard rest > 0 else { continue }
          let ci = DisparityAnalysis.orderStatisticInterval(sample, p).map { ($0.0 / rest, $0.1 / rest) }
          out.append(
            AreaComparison(
              layer: assignment.layerIDs[l], areaID: assignment.areaIDs[l][a], family: "calls", metric: interval.label,
              stratum: "P\(priority)", statistic: name, value: Quantile.ofSorted(sample, p, method: .hyndmanFan7) / rest,
              ciLow: ci?.0, ciHigh: ci?.1, n: sample.count, restValue: rest))
        }
      }
      return (out, unmatched)
    }
  }

  /// One area's reweighted rest of the city: the index's values less the area's, each weighing
  /// its cell's `weight` (0: the area has no calls in the cell, so the value is left out).
  struct Search {
    let index: RestIndex
    /// The area's positions in the index, ascending.
    let area: [Int]
    let weight: [Double]
    /// The cells with a positive weight, ascending.
    let cells: [Int]
    /// Before each area position: the area's weight and its count of weighted values.
    let areaWeight: [Double]
    let areaCount: [Int]

    init(index: RestIndex, area: [Int], weight: [Double], cells: [Int]) {
      self.index = index
      self.area = area
      self.weight = weight
      self.cells = cells
      var w = [0.0]
      var n = [0]
      for j in area {
        let u = weight[Int(index.cells[j])]
        w.append(w[w.count - 1] + u)
        n.append(n[n.count - 1] + (u > 0 ? 1 : 0))
      }
      areaWeight = w
      areaCount = n
    }

    var rows: Int { index.prefix.count / index.cellCount }

    /// The number of area positions below `position`.
    func areaBefore(_ position: Int) -> Int {
      var lo = 0
      var hi = area.count
      while lo < hi {
        let mid = (lo + hi) / 2
        if area[mid] < position { lo = mid + 1 } else { hi = mid }
      }
      return lo
    }

    /// The rest's weight before block boundary `b` (b = rows: the end).
    func weightBefore(block b: Int) -> Double {
      var sum = 0.0
      if b == rows {
        for c in cells { sum += weight[c] * Double(index.cityCounts[c]) }
        return sum - areaWeight[area.count]
      }
      let row = b * index.cellCount
      for c in cells { sum += weight[c] * Double(index.prefix[row + c]) }
      return sum - areaWeight[areaBefore(b * RestIndex.blockSize)]
    }

    /// The rest's weighted values (weight > 0) before block boundary `b` (b = rows: the end).
    func countBefore(block b: Int) -> Int {
      var sum = 0
      if b == rows {
        for c in cells { sum += Int(index.cityCounts[c]) }
        return sum - areaCount[area.count]
      }
      let row = b * index.cellCount
      for c in cells { sum += Int(index.prefix[row + c]) }
      return sum - areaCount[areaBefore(b * RestIndex.blockSize)]
    }

    /// The largest block b in 0..<rows with `condition(b)`, for a condition true at 0 and
    /// then false from some b on.
    func lastBlock(where condition: (Int) -> Bool) -> Int {
      var lo = 0
      var hi = rows - 1
      while lo < hi {
        let mid = (lo + hi + 1) / 2
        if condition(mid) { lo = mid } else { hi = mid - 1 }
      }
      return lo
    }

    /// The rest's values with a positive weight from `start` on, ascending, as (position, weight).
    func forward(from start: Int) -> some Sequence<(Int, Double)> {
      var next = areaBefore(start)
      return (start..<index.values.count).lazy.compactMap { j -> (Int, Double)? in
        if next < area.count, area[next] == j {
          next += 1
          return nil
        }
        let u = weight[Int(index.cells[j])]
        return u > 0 ? (j, u) : nil
      }
    }

    /// The last weighted rest value before `end`, as (position, weight).
    func backward(before end: Int) -> (Int, Double)? {
      var next = areaBefore(end) - 1
      var j = end - 1
      while j >= 0 {
        if next >= 0, area[next] == j {
          next -= 1
        } else if weight[Int(index.cells[j])] > 0 {
          return (j, weight[Int(index.cells[j])])
        }
        j -= 1
      }
      return nil
    }

    /// The p-quantile of the reweighted rest (`WeightedQuantile`); NaN when the rest is empty.
    func quantile(_ p: Double) -> Double {
      let present = countBefore(block: rows)
      guard present > 0 else { return .nan }
      // The smallest and largest weighted values: past the last boundary with none before it,
      // and past the last boundary with some still after it (counts are exact integers).
      let firstBlock = lastBlock { countBefore(block: $0) == 0 }
      let lastStart = lastBlock { countBefore(block: $0) < present }
      guard let first = forward(from: firstBlock * RestIndex.blockSize).first(where: { _ in true }) else { return .nan }
      var last = first
      for item in forward(from: lastStart * RestIndex.blockSize) { last = item }
      let total = weightBefore(block: rows)
      let goal = WeightedQuantile.target(p, total: total, first: first.1, last: last.1)
      // Every value before a boundary whose preceding weight is ≤ goal has its midpoint below
      // the goal: the bracket starts at the last weighted value before it or after it.
      let b = lastBlock { weightBefore(block: $0) <= goal }
      var before = weightBefore(block: b)
      var lower: (value: Double, midpoint: Double)?
      for (j, u) in forward(from: b * RestIndex.blockSize) {
        let midpoint = before + u / 2
        if midpoint > goal {
          if lower == nil, let (k, w) = backward(before: b * RestIndex.blockSize) {
            lower = (index.values[k], weightBefore(block: b) - w / 2)
          }
          return WeightedQuantile.between(lower ?? (index.values[j], midpoint), (index.values[j], midpoint), target: goal)
        }
        lower = (index.values[j], midpoint)
        before += u
      }
      if let lower { return lower.value }
      return backward(before: index.values.count).map { index.values[$0.0] } ?? .nan
    }
  }
}
