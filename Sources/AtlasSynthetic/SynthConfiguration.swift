import AtlasGeometry

/// Everything a synthesis run depends on besides the real data: the seed, the year and the
/// parameters of each generator. Two runs with equal configurations over the same data
/// directory write byte-identical files.
public struct SynthConfiguration: Sendable {
  public var seed: UInt64
  /// The calendar year (America/Chicago local time) the service records cover.
  public var year: Int
  public var calls = CallParameters()
  public var cameras = CameraParameters()
  public var coverage = CoverageParameters()
  public var fleet = FleetParameters()
  public var disparities = DisparityParameters()

  /// The IANA zone all local times are written in.
  public static let timeZoneIdentifier = "America/Chicago"
  /// Years for which the generator is defined (the zone's current DST rules date from 2007).
  public static let years = 2007...2100
  /// Bounds on the number of calls: event ids hold a 5-digit daily sequence number.
  public static let callCounts = 1...10_000_000

  public init(seed: UInt64, year: Int = 2023, callCount: Int = CallParameters.defaultCount) {
    self.seed = seed
    self.year = year
    self.calls.count = callCount
  }

  /// The first problem with the configuration, or nil when it can be run.
  public var problem: String? {
    if !Self.years.contains(year) { return "year must be in \(Self.years.lowerBound)...\(Self.years.upperBound), not \(year)" }
    if !Self.callCounts.contains(calls.count) {
      return "the number of calls must be in \(Self.callCounts.lowerBound)...\(Self.callCounts.upperBound), not \(calls.count)"
    }
    if cameras.podCount < 0 || cameras.ptzCount < 0 { return "camera counts cannot be negative" }
    let shares = [
      calls.missingLocationShare, calls.garbledCoordinateShare, calls.negativeIntervalShare, calls.overDayIntervalShare,
      calls.onSceneRecordedShare, calls.clearedRecordedShare, disparities.injectedOnSceneRecordedShare,
      cameras.baselineUptimeMean, disparities.injectedUptimeMean,
    ]
    if shares.contains(where: { !(0...1).contains($0) }) { return "shares and uptime means must lie in 0...1" }
    if calls.missingLocationShare + calls.garbledCoordinateShare > 1 || calls.negativeIntervalShare + calls.overDayIntervalShare > 1 {
      return "anomaly shares add up to more than 1"
    }
    if disparities.dispatchDelayMultiplier <= 0 { return "the dispatch delay multiplier must be positive" }
    if !(disparities.changeDispatchMultiplier > 0 && disparities.changeDispatchMultiplier.isFinite) {
      return "the change multiplier must be a positive number, not \(disparities.changeDispatchMultiplier)"
    }
    if !disparities.changeDistricts.isEmpty && disparities.changeDispatchMultiplier == 1 {
      return "change districts are given but the change multiplier is 1 (no change): give --change-multiplier"
    }
    if disparities.caseMixTypeWeightFactor <= 0 || disparities.caseMixDelayMultiplier <= 0
      || calls.callTypeDispatchFactors.values.contains(where: { !($0 > 0) }) || disparities.caseMixDistricts < 0
    {
      return "case-mix factors and call type dispatch factors must be positive"
    }
    let intervals = [calls.callToDispatch, calls.dispatchToEnRoute, calls.enRouteToOnScene, calls.onSceneToCleared]
    if intervals.contains(where: { $0.count != 3 }) || calls.enRouteRecordedShare.count != 3 || calls.callTypes.count != 3 {
      return "call intervals, en-route shares and call types need one entry per priority class"
    }
    if calls.priorities.isEmpty || calls.priorities.contains(where: { !(1...3).contains($0.priorityClass) || $0.share <= 0 })
      || calls.callTypes.contains(where: \.isEmpty)
    {
      return "priority codes must start with 1, 2 or 3 and have positive shares, and every class needs a call type"
    }
    let scaled = calls.callToDispatch.map {
      $0.medianSeconds * max(1, disparities.dispatchDelayMultiplier)
        * (disparities.changeDistricts.isEmpty ? 1 : max(1, disparities.changeDispatchMultiplier))
    }
    if zip(scaled, calls.callToDispatch).contains(where: { $0 >= $1.maximumSeconds })
      || (intervals.joined() + [cameras.shortOutage, cameras.longOutage]).contains(where: { $0.medianSeconds >= $0.maximumSeconds })
    {
      return "every interval median (times the dispatch and change multipliers) must lie below its maximum"
    }
    return nil
  }
}

/// One CPD priority code and its share of dispatched calls.
public struct PriorityShare: Hashable, Sendable {
  /// `1A`…`1C` Immediate, `2A`…`2D` Rapid, `3A`…`3D` Routine.
  public var code: String
  public var share: Double
  public init(_ code: String, _ share: Double) {
    self.code = code
    self.share = share
  }
  /// 1, 2 or 3: the digit of the code (0 when the code does not start with a digit).
  public var priorityClass: Int { Int(String(code.prefix(1))) ?? 0 }
}

/// A label drawn with probability proportional to its weight.
public struct WeightedLabel: Hashable, Sendable {
  public var label: String
  public var weight: Double
  public init(_ label: String, _ weight: Double) {
    self.label = label
    self.weight = weight
  }
}

/// How 911 calls (OEMC CAD events) are generated.
///
/// Intervals are `HeavyTailedLogNormal` per priority class (index 0 = class 1 … 2 = class 3):
/// call → dispatch, dispatch → en route, en route → on scene, on scene → cleared.
public struct CallParameters: Sendable {
  public static let defaultCount = 1_300_000

  /// Dispatched calls over the year.
  public var count = CallParameters.defaultCount

  /// Priority mix: 25 % class 1, 45 % class 2, 30 % class 3.
  public var priorities: [PriorityShare] = [
    PriorityShare("1A", 0.08), PriorityShare("1B", 0.09), PriorityShare("1C", 0.08),
    PriorityShare("2A", 0.10), PriorityShare("2B", 0.15), PriorityShare("2C", 0.12), PriorityShare("2D", 0.08),
    PriorityShare("3A", 0.08), PriorityShare("3B", 0.10), PriorityShare("3C", 0.07), PriorityShare("3D", 0.05),
  ]

  /// Call types per priority class (OEMC event-type style labels).
  public var callTypes: [[WeightedLabel]] = [
    [
      WeightedLabel("SHOTS FIRED", 14), WeightedLabel("PERSON WITH A GUN", 9), WeightedLabel("BATTERY IN PROGRESS", 16),
      WeightedLabel("DOMESTIC BATTERY IN PROGRESS", 18), WeightedLabel("ROBBERY JUST OCCURRED", 10),
      WeightedLabel("BURGLARY IN PROGRESS", 6), WeightedLabel("PERSON STABBED", 4), WeightedLabel("PERSON SHOT", 5),
      WeightedLabel("OFFICER NEEDS ASSISTANCE", 3), WeightedLabel("TRAFFIC ACCIDENT - PERSONAL INJURY", 15),
    ],
    [
      WeightedLabel("DISTURBANCE", 18), WeightedLabel("DOMESTIC DISTURBANCE", 16), WeightedLabel("SUSPICIOUS PERSON", 12),
      WeightedLabel("ALARM - BURGLAR", 11), WeightedLabel("THEFT JUST OCCURRED", 9), WeightedLabel("CHECK WELL-BEING", 10),
      WeightedLabel("TRAFFIC ACCIDENT - PROPERTY DAMAGE", 12), WeightedLabel("SUSPICIOUS AUTO WITH OCCUPANTS", 7),
      WeightedLabel("MENTAL HEALTH CRISIS", 5),
    ],
    [
      WeightedLabel("PARKING VIOLATION", 20), WeightedLabel("NOISE COMPLAINT", 15), WeightedLabel("THEFT REPORT", 15),
      WeightedLabel("CRIMINAL DAMAGE REPORT", 10), WeightedLabel("ABANDONED VEHICLE", 8), WeightedLabel("FOLLOW-UP INVESTIGATION", 8),
      WeightedLabel("LOST PROPERTY", 5), WeightedLabel("FRAUD REPORT", 9), WeightedLabel("BLOCKED DRIVEWAY", 10),
    ],
  ]

  public var callToDispatch: [HeavyTailedLogNormal] = [
    HeavyTailedLogNormal(medianSeconds: 90, sigma: 0.8, tailShare: 0.05, tailSigma: 1.6),
    HeavyTailedLogNormal(medianSeconds: 420, sigma: 1.0, tailShare: 0.05, tailSigma: 2.0),
    HeavyTailedLogNormal(medianSeconds: 1800, sigma: 1.1, tailShare: 0.05, tailSigma: 2.0),
  ]
  public var dispatchToEnRoute: [HeavyTailedLogNormal] = [
    HeavyTailedLogNormal(medianSeconds: 30, sigma: 0.9),
    HeavyTailedLogNormal(medianSeconds: 60, sigma: 0.9),
    HeavyTailedLogNormal(medianSeconds: 120, sigma: 0.9),
  ]
  public var enRouteToOnScene: [HeavyTailedLogNormal] = [
    HeavyTailedLogNormal(medianSeconds: 360, sigma: 0.55, tailShare: 0.03, tailSigma: 1.1),
    HeavyTailedLogNormal(medianSeconds: 480, sigma: 0.6, tailShare: 0.03, tailSigma: 1.2),
    HeavyTailedLogNormal(medianSeconds: 600, sigma: 0.65, tailShare: 0.03, tailSigma: 1.3),
  ]
  public var onSceneToCleared: [HeavyTailedLogNormal] = [
    HeavyTailedLogNormal(medianSeconds: 2100, sigma: 0.8),
    HeavyTailedLogNormal(medianSeconds: 1800, sigma: 0.8),
    HeavyTailedLogNormal(medianSeconds: 1500, sigma: 0.8),
  ]

  /// Factors on the call → dispatch time of some call types, city-wide (applied after the draw
  /// so that the random stream is the same as without them): the vehicle calls of priority 3
  /// go to traffic aides at once, four times faster. The case-mix trap
  /// (`DisparityParameters.caseMixDistricts`) rests on this: an area with few of them waits
  /// longer in the raw figures only.
  public var callTypeDispatchFactors: [String: Double] = ["PARKING VIOLATION": 0.25, "BLOCKED DRIVEWAY": 0.25, "ABANDONED VEHICLE": 0.25]

  /// Share of calls whose en-route time is recorded, per priority class.
  public var enRouteRecordedShare: [Double] = [0.72, 0.66, 0.60]
  /// Share of calls whose on-scene time is recorded outside the injected districts (the City's
  /// Inspector General found about 49 % in 2023).
  public var onSceneRecordedShare = 0.58
  public var clearedRecordedShare = 0.985

  /// Standard deviation of the Gaussian jitter added to a real incident location, metres.
  public var locationJitterMeters = 120.0
  /// Share of rows with no longitude/latitude but a beat.
  public var missingLocationShare = 0.005
  /// Share of rows with garbled coordinates (0/0, swapped, non-numeric, longitude missing).
  public var garbledCoordinateShare = 0.00005
  /// Share of rows with a data-entry error making one interval negative.
  public var negativeIntervalShare = 0.0008
  /// Share of rows with a data-entry error making one interval longer than 24 hours.
  public var overDayIntervalShare = 0.0004

  /// Relative call volume by local hour (value at the middle of the hour; linear in between).
  public var hourlyIntensity: [Double] = [
    0.95, 0.82, 0.70, 0.56, 0.44, 0.37, 0.40, 0.54, 0.70, 0.80, 0.88, 0.93,
    0.97, 1.00, 1.03, 1.08, 1.12, 1.15, 1.16, 1.13, 1.10, 1.08, 1.05, 1.00,
  ]
  /// Relative volume by local weekday, Sunday first.
  public var weekdayIntensity: [Double] = [1.03, 0.97, 0.95, 0.96, 0.98, 1.04, 1.07]
  /// Relative volume by month, January first (summer peak).
  public var monthlyIntensity: [Double] = [0.88, 0.86, 0.94, 0.98, 1.06, 1.10, 1.12, 1.10, 1.04, 1.00, 0.94, 0.90]
  /// Extra factor on Friday and Saturday nights (20:00–04:00).
  public var weekendNightFactor = 1.15
  /// At least this many calls are received in each hour on either side of a DST transition
  /// (the hour before and after the spring gap; both 01:00–02:00 hours in November), so that
  /// even a small run exercises both offsets.
  public var dstEdgeMinimumCalls = 4

  public init() {}
}

/// How the camera inventory and outage log are generated.
public struct CameraParameters: Sendable {
  /// POD cameras in all, the real 2019 POD locations included; the rest are placed around them.
  public var podCount = 4000
  public var ptzCount = 250
  /// Standard deviation of the Gaussian offset of a synthetic POD from its real seed, metres.
  public var podClusterMeters = 350.0
  /// Standard deviation of the offset of a PTZ camera from a real incident location, metres.
  public var ptzJitterMeters = 100.0
  /// Synthetic install dates start here (the POD programme began in 2003–2005).
  public var earliestInstallYear = 2006
  /// Share of synthetic cameras installed during the year itself.
  public var inYearInstallShare = 0.03
  /// Mean uptime fraction of cameras outside the injected wards.
  public var baselineUptimeMean = 0.95
  /// Concentration κ = α + β of the Beta distribution of each camera's downtime fraction;
  /// small κ gives many nearly perfect cameras and a few badly broken ones.
  public var downtimeConcentration = 8.0
  /// Outage durations: mostly short, sometimes long.
  public var shortOutage = HeavyTailedLogNormal(medianSeconds: 5400, sigma: 1.0, maximumSeconds: 2 * 86_400)
  public var longOutage = HeavyTailedLogNormal(medianSeconds: 4 * 86_400, sigma: 0.9, maximumSeconds: 90 * 86_400)
  public var longOutageShare = 0.08
  /// Shortest outage logged and shortest gap between two outages, seconds.
  public var minimumOutageSeconds: Int64 = 300

  public init() {}
}

/// One cellular technology and how its coverage is drawn.
public struct TechnologySpec: Hashable, Sendable {
  /// `4G LTE 5/1`, `5G-NR 7/1` or `5G-NR 35/3`.
  public var name: String
  /// Target share of city grid cells covered, outdoors and in a vehicle, for a provider with
  /// uncovered-share scale 1.
  public var outdoorShare: Double
  public var inVehicleShare: Double
  /// Weights of the standardised score components: activity density, smooth provider noise,
  /// cell-level noise (patchiness).
  public var densityWeight: Double
  public var smoothWeight: Double
  public var cellNoiseWeight: Double
  /// Whether the injected coverage holes remove this technology.
  public var removedInHoles: Bool

  public init(
    name: String, outdoorShare: Double, inVehicleShare: Double, densityWeight: Double, smoothWeight: Double,
    cellNoiseWeight: Double, removedInHoles: Bool
  ) {
    self.name = name
    self.outdoorShare = outdoorShare
    self.inVehicleShare = inVehicleShare
    self.densityWeight = densityWeight
    self.smoothWeight = smoothWeight
    self.cellNoiseWeight = cellNoiseWeight
    self.removedInHoles = removedInHoles
  }
}

/// How the cellular coverage polygons are generated.
public struct CoverageParameters: Sendable {
  public var providers = ["Provider A", "Provider B", "Provider C"]
  /// Per provider, a factor on each technology's uncovered share (below 1: better coverage).
  public var uncoveredScale = [0.85, 1.0, 1.2]
  /// Technologies in nesting order: each one's coverage lies inside the previous one's.
  public var technologies: [TechnologySpec] = [
    TechnologySpec(
      name: "4G LTE 5/1", outdoorShare: 0.98, inVehicleShare: 0.955, densityWeight: 0.3, smoothWeight: 1.0,
      cellNoiseWeight: 0.15, removedInHoles: false),
    TechnologySpec(
      name: "5G-NR 7/1", outdoorShare: 0.80, inVehicleShare: 0.70, densityWeight: 0.8, smoothWeight: 0.6,
      cellNoiseWeight: 0.15, removedInHoles: true),
    TechnologySpec(
      name: "5G-NR 35/3", outdoorShare: 0.35, inVehicleShare: 0.26, densityWeight: 1.0, smoothWeight: 0.5,
      cellNoiseWeight: 0.5, removedInHoles: true),
  ]
  /// Environments in nesting order (in-vehicle coverage lies inside outdoor coverage).
  public var environments = ["outdoor-stationary", "in-vehicle"]
  /// Grid cell size in degrees (≈ 330 m × 333 m at Chicago's latitude).
  public var cellLongitude = 0.004
  public var cellLatitude = 0.003
  /// Standard deviation of the Gaussian blur of incident counts that stands in for activity
  /// density, in cells.
  public var densityBlurCells = 1.5
  /// Smooth noise: a sum of this many Gaussian bumps with radii in `bumpRadiusKm`.
  public var bumpCount = 60
  public var bumpRadiusKm = 1.0...3.0

  public init() {}
}

/// How fleet service zones are generated.
public struct FleetParameters: Sendable {
  /// Grid cell size in degrees (≈ 207 m × 211 m).
  public var cellLongitude = 0.0025
  public var cellLatitude = 0.0019
  /// A stretched zone serves its injected ward from a base at least this many times farther
  /// from the ward's centre than the nearest base.
  public var minimumStretch = 1.5

  public init() {}
}

/// The disparities injected on purpose. Areas are chosen from the seed.
public struct DisparityParameters: Sendable {
  /// Police districts whose call → dispatch times are multiplied and whose on-scene times are
  /// recorded less often.
  public var dispatchDelayDistricts = 3
  public var dispatchDelayMultiplier = 1.8
  /// Priority classes the multiplier applies to.
  public var dispatchDelayClasses = [1, 2]
  public var injectedOnSceneRecordedShare = 0.35
  /// The case-mix trap: police districts (none of the dispatch-delay ones) whose priority-3
  /// calls carry the `callTypeDispatchFactors` types `caseMixTypeWeightFactor` times as often
  /// as elsewhere. The first waits longer only because of that mix (its adjusted ratio is 1);
  /// the others also wait `caseMixDelayMultiplier` times longer for every type (their adjusted
  /// ratio stays at that multiplier).
  public var caseMixDistricts = 2
  public var caseMixTypeWeightFactor = 0.1
  public var caseMixDelayMultiplier = 1.6
  public var caseMixClasses = [3]
  /// Wards whose cameras have a lower mean uptime.
  public var cameraWards = 4
  public var injectedUptimeMean = 0.70
  /// Wards with no 5G coverage from any provider.
  public var coverageHoleWards = 2
  /// Wards per fleet service served from a farther base.
  public var underservedWardsPerService = 2
  /// A change to recover with `compare`: police districts (ids, e.g. `"7"`) whose call →
  /// dispatch times, every priority class, are multiplied by `changeDispatchMultiplier`, on top
  /// of the disparity above. Generate the baseline year without it and a later year with it,
  /// both from the same seed (the same disparity districts; each year's calls are drawn
  /// afresh). Empty: no change.
  public var changeDistricts: [String] = []
  public var changeDispatchMultiplier = 1.0

  public init() {}
}
