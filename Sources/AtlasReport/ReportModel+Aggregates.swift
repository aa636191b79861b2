import AtlasGeometry
import AtlasStore

extension ReportModel {
  /// How per-area figures combine into one figure for a group of areas (the rest of the city,
  /// or the whole city).
  public enum Pooling: Sendable {
    /// Counts: Σ vᵢ.
    case sum
    /// Shares and means over the figure's own observations: Σ vᵢ nᵢ / Σ nᵢ (exact for
    /// completeness, uptime over cameras, shares of calls).
    case observations
    /// Shares of area: Σ vᵢ aᵢ / Σ aᵢ with aᵢ the area's square miles (exact for coverage).
    case area
    /// Population-weighted mean: Σ vᵢ pᵢ / Σ pᵢ (for distances from population centres).
    case population
  }

  /// The areas' figures pooled over every area of the layer except `excluded` (nil: all).
  /// Nil when no area has the figure.
  /// - Complexity: O(areas).
  public func pooled(
    _ layer: String, _ id: MetricID, _ pooling: Pooling, excluding excluded: String?
  ) -> Double? {
    var total = 0.0
    var weights = 0.0
    var any = false
    for term in poolingTerms(layer, id, pooling) where term.area != excluded {
      total += term.value * term.weight
      weights += term.weight
      any = true
    }
    guard any else { return nil }
    return pooling == .sum ? total : weights > 0 ? total / weights : nil
  }

  /// `pooled(…, excluding: a)` for every area `a` of the layer at once (the same terms summed in
  /// the same order, so the same numbers), keyed by area id; an area is absent where `pooled`
  /// gives nil. The dictionary lookups are done once per area, not once per pair.
  /// - Complexity: O(areas²) additions.
  public func pooledExcludingEach(
    _ layer: String, _ id: MetricID, _ pooling: Pooling
  ) -> [String: Double] {
    let terms = poolingTerms(layer, id, pooling)
    var out: [String: Double] = [:]
    for area in areas(layer) {
      var total = 0.0
      var weights = 0.0
      var any = false
      for term in terms where term.area != area.id {
        total += term.value * term.weight
        weights += term.weight
        any = true
      }
      guard any else { continue }
      if pooling == .sum { out[area.id] = total } else if weights > 0 { out[area.id] = total / weights }
    }
    return out
  }

  /// Each area's finite figure and its weight under `pooling`, in area order, leaving out
  /// areas whose weight is not positive: the terms `pooled` and `pooledExcludingEach` sum.
  func poolingTerms(
    _ layer: String, _ id: MetricID, _ pooling: Pooling
  ) -> [(area: String, value: Double, weight: Double)] {
    areas(layer).compactMap { area in
      guard let figure = value(layer, area.id, id), figure.value.isFinite else { return nil }
      let weight: Double
      switch pooling {
      case .sum: weight = 1
      case .observations: weight = Double(figure.n)
      case .area: weight = value(layer, area.id, .area(.squareMiles))?.value ?? 0
      case .population: weight = value(layer, area.id, .population(.population))?.value ?? 0
      }
      return weight > 0 ? (area.id, figure.value, weight) : nil
    }
  }

  /// The rest of the city's quantile of a 911 interval as `analyze` stored it beside the
  /// comparison ratio (`rest_value`); `statistic` `ratio_p90_adjusted` gives the rest reweighted
  /// to the area's case mix. Nil without a comparison or a stored rest value.
  public func restQuantile(_ layer: String, _ area: String, interval: CallIntervalName, stratum: String, statistic: ComparisonStatistic) -> Double? {
    callComparison(layer, area, interval: interval, stratum: stratum, statistic: statistic)?.restValue
  }

  /// Whether a figure resting on `n` calls or residents must be withheld.
  public func withholds(_ n: Int) -> Bool { suppression.suppresses(Double(n)) }

  /// Whether a count (of calls, residents; possibly apportioned, so not whole) must be
  /// withheld: 1–10 after rounding to the nearest whole number. A count that is not a finite
  /// number is not withheld: it is shown as `n/a`.
  public func withholds(count: Double) -> Bool {
    guard let whole = Int(rounding: count) else { return false }
    return withholds(whole)
  }

  /// Where to put an area's label: the centroid of its largest polygon.
  func labelPosition(_ area: AreaRecord) -> Position<WGS84LonLat>? {
    area.polygons.max { abs($0.exterior.signedDoubleArea) < abs($1.exterior.signedDoubleArea) }?.centroid
  }

  /// The envelope of a layer's areas.
  func envelope(_ layer: String) -> Envelope {
    var e = Envelope.empty
    for area in areas(layer) { for p in area.polygons { e.extend(p.envelope) } }
    return e
  }
}
