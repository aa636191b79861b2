/// The weighted maximal covering location problem (Church & ReVelle 1974): demand points with
/// weights, candidate sites each covering a set of demand points; choose `budget` sites so that
/// the total weight of the points covered by at least one chosen site is largest (a point counts
/// once).
///
/// Solved by lazy greedy (Minoux 1978): each step takes the site with the largest marginal gain;
/// gains only shrink as sites are chosen (the objective is submodular), so a site's last
/// computed gain is an upper bound and is recomputed only when it reaches the top of the queue.
/// The greedy value is at least (1 − 1/e) ≈ 63.2% of the optimum (Nemhauser, Wolsey & Fisher
/// 1978).
///
/// Every solution also carries an upper bound on the optimum, the tightest of:
/// - the online bound at every step i (Minoux 1978; Leskovec et al. 2007): for any set S,
///   OPT ≤ f(S) + the sum of the `budget` largest marginal gains δ(s | S), since the optimum's
///   sites add at most their gains to S. The gains are recomputed exactly at every step, in the
///   order of the queue's keys (upper bounds on them) until no key left can enter the top;
/// - f(greedy) / (1 − 1/e), when the whole plan is the free greedy (no forced first sites).
///
/// The stated gap (bound − value) / bound is then at least the true shortfall from the optimum.
public struct CoverageProblem: Sendable {
  /// Weight of each demand point (≥ 0).
  public var weights: [Double]
  /// For each candidate site, the demand points it covers (indices into `weights`).
  public var sites: [[Int32]]

  public init(weights: [Double], sites: [[Int32]]) {
    self.weights = weights
    self.sites = sites
  }

  /// The total weight covered by `chosen` (each point once).
  public func value(of chosen: [Int]) -> Double {
    var covered = Array(repeating: false, count: weights.count)
    var total = 0.0
    for s in chosen {
      for p in sites[s] where !covered[Int(p)] {
        covered[Int(p)] = true
        total += weights[Int(p)]
      }
    }
    return total
  }

  /// Greedy plan of at most `budget` sites. Sites in `first` (in the order given, e.g. cameras to
  /// restore, ranked among themselves by greedy too) are taken before any other, up to the
  /// budget. Ties go to the lower site index, so the plan is a pure function of the problem.
  /// Sites whose gain is zero are never chosen: the plan may be shorter than the budget.
  public func solve(budget: Int, first: [Int] = []) -> CoverageSolution {
    var covered = Array(repeating: false, count: weights.count)
    var value = 0.0
    var order: [Int] = []
    var gains: [Double] = []
    var taken = Array(repeating: false, count: sites.count)
    func gain(_ s: Int) -> Double {
      var g = 0.0
      for p in sites[s] where !covered[Int(p)] { g += weights[Int(p)] }
      return g
    }
    func take(_ s: Int, _ g: Double) {
      for p in sites[s] where !covered[Int(p)] { covered[Int(p)] = true }
      value += g
      order.append(s)
      gains.append(g)
      taken[s] = true
    }
    // Keys: upper bounds on each site's current gain, exact at the start.
    var heap = SiteHeap(sites.indices.map { SiteHeap.Entry(key: gain($0), site: $0, step: 0) })
    var bound = Double.infinity
    // The online bound with exact gains: entries leave a copy of the queue in order of their
    // keys (upper bounds), each gain is recomputed, until no key left can enter the top k.
    func onlineBound() {
      var queue = heap
      var top = TopSum(k: budget)
      while let e = queue.pop() {
        if top.isFull, e.key <= top.smallest { break }
        if taken[e.site] { continue }
        top.add(gain(e.site))
      }
      bound = min(bound, value + top.sum)
    }
    onlineBound()
    // Forced sites first: greedy among them.
    let forced = Array(Set(first)).sorted()
    var pending = forced
    while order.count < budget, !pending.isEmpty {
      var best = -1
      var bestGain = 0.0
      for s in pending {
        let g = gain(s)
        if best < 0 || g > bestGain { (best, bestGain) = (s, g) }
      }
      if bestGain <= 0 { break }
      pending.removeAll { $0 == best }
      take(best, bestGain)
      onlineBound()
    }
    var step = order.count
    while order.count < budget, var top = heap.pop() {
      if taken[top.site] { continue }
      if top.key <= 0 { break }
      if top.step == step {
        take(top.site, top.key)
        step = order.count
        onlineBound()
        continue
      }
      top.key = gain(top.site)
      top.step = step
      heap.push(top)
    }
    var source = "online bound (greedy value + the \(budget) largest marginal gains)"
    if forced.isEmpty {
      let guarantee = value / (1 - 1 / 2.718281828459045)
      if guarantee < bound {
        bound = guarantee
        source = "greedy guarantee (value ÷ (1 − 1/e))"
      }
    }
    bound = max(bound, value)
    return CoverageSolution(sites: order, gains: gains, value: value, upperBound: bound, boundSource: source)
  }
}

/// A plan: sites in the order chosen, each with its marginal gain.
public struct CoverageSolution: Sendable, Equatable {
  public var sites: [Int]
  public var gains: [Double]
  public var value: Double
  /// An upper bound on the best value any `budget` sites can reach.
  public var upperBound: Double
  /// Which bound was tightest, in words.
  public var boundSource: String
  /// (bound − value) / bound: the optimum is at most this share above the plan (0 when the bound
  /// is 0).
  public var gap: Double { upperBound > 0 ? (upperBound - value) / upperBound : 0 }
}

/// The sum of the k largest values added.
struct TopSum {
  let k: Int
  private var heap: [Double] = []  // min-heap of the k largest

  init(k: Int) { self.k = k }

  var sum: Double { heap.sorted(by: >).reduce(0, +) }
  var isFull: Bool { heap.count == k }
  /// The smallest of the k largest (when full).
  var smallest: Double { heap.first ?? 0 }

  mutating func add(_ v: Double) {
    guard k > 0, v > 0 else { return }
    if heap.count < k {
      heap.append(v)
      var i = heap.count - 1
      while i > 0 {
        let parent = (i - 1) / 2
        if heap[parent] <= heap[i] { break }
        heap.swapAt(parent, i)
        i = parent
      }
    } else if v > heap[0] {
      heap[0] = v
      var i = 0
      while true {
        let l = 2 * i + 1
        let r = l + 1
        var m = i
        if l < heap.count, heap[l] < heap[m] { m = l }
        if r < heap.count, heap[r] < heap[m] { m = r }
        if m == i { break }
        heap.swapAt(m, i)
        i = m
      }
    }
  }
}

/// Max-heap of sites by (key, lower index first).
struct SiteHeap {
  struct Entry {
    var key: Double
    var site: Int
    /// The step at which `key` was computed.
    var step: Int
  }
  private var items: [Entry]

  init(_ entries: [Entry]) {
    items = entries
    if items.count > 1 {
      for i in stride(from: items.count / 2 - 1, through: 0, by: -1) { down(i) }
    }
  }

  static func above(_ a: Entry, _ b: Entry) -> Bool { a.key != b.key ? a.key > b.key : a.site < b.site }

  mutating func push(_ e: Entry) {
    items.append(e)
    var i = items.count - 1
    while i > 0 {
      let parent = (i - 1) / 2
      if !Self.above(items[i], items[parent]) { break }
      items.swapAt(parent, i)
      i = parent
    }
  }

  mutating func pop() -> Entry? {
    guard let first = items.first else { return nil }
    let last = items.removeLast()
    if !items.isEmpty {
      items[0] = last
      down(0)
    }
    return first
  }

  private mutating func down(_ start: Int) {
    var i = start
    while true {
      let l = 2 * i + 1
      let r = l + 1
      var m = i
      if l < items.count, Self.above(items[l], items[m]) { m = l }
      if r < items.count, Self.above(items[r], items[m]) { m = r }
      if m == i { return }
      items.swapAt(m, i)
      i = m
    }
  }
}
