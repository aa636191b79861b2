import AtlasGeometry
import AtlasIO
import AtlasStatistics

/// Collects what each generator injected and realised, and lays it out as `truth.json`:
///
/// - `disparities`: the injected changes keyed by layer id, then area id;
/// - `baseline`: the values everywhere else;
/// - `effects`: one entry per measure with its definition, the areas, the expected effect and
///   the value realised in the written files (what `analyze` should recover);
/// - `parameters`, `files`, `sources` and `data_quality` (anomalies injected on purpose).
///
/// Realised values are rounded to six decimals.
struct TruthBuilder {
  let city: SyntheticCity
  let configuration: SynthConfiguration
  let clock: LocalClock
  let period: Range<Int64>
  private var districtEntries: [String: [(String, JSONValue)]] = [:]
  private var wardEntries: [String: [(String, JSONValue)]] = [:]
  private var effects: [JSONValue] = []
  private var quality: [(String, JSONValue)] = []

  init(city: SyntheticCity, configuration: SynthConfiguration, clock: LocalClock, period: Range<Int64>) {
    self.city = city
    self.configuration = configuration
    self.clock = clock
    self.period = period
  }

  private var disparities: DisparityParameters { configuration.disparities }

  mutating func calls(_ report: CallsReport, districts: [Int]) {
    typealias C = ServiceInputs.Calls
    let ids = districts.map { city.districts.areas[$0].id }
    for id in ids {
      districtEntries[id] = [
        ("call_to_dispatch_multiplier", .number(disparities.dispatchDelayMultiplier)),
        ("multiplier_priority_classes", .array(disparities.dispatchDelayClasses.map { .number(Double($0)) })),
        ("on_scene_recorded_share", .number(disparities.injectedOnSceneRecordedShare)),
      ]
    }
    var expected: [(String, JSONValue)] = []
    var realized: [(String, JSONValue)] = []
    var mediansIn: [(String, JSONValue)] = []
    var mediansOut: [(String, JSONValue)] = []
    for k in 0..<3 {
      let key = String(k + 1)
      expected.append((key, .number(disparities.dispatchDelayClasses.contains(k + 1) ? disparities.dispatchDelayMultiplier : 1)))
      let inside = try? report.dispatchSeconds.injected[k].median()
      let outside = try? report.dispatchSeconds.other[k].median()
      mediansIn.append((key, inside.map(Self.rounded) ?? .null))
      mediansOut.append((key, outside.map(Self.rounded) ?? .null))
      if let inside, let outside, outside > 0 { realized.append((key, Self.rounded(inside / outside))) } else { realized.append((key, .null)) }
    }
    effects.append(
      .object([
        ("measure", .string("call_to_dispatch_median_ratio")),
        ("file", .string(C.file)),
        ("layer", .string(SyntheticCity.districtsLayer)),
        ("areas", Self.strings(ids)),
        (
          "definition",
          .string(
            "median of \(C.dispatched) − \(C.received) (seconds) for calls located in the areas ÷ the same for calls elsewhere, per priority class (first digit of \(C.priority))"
          )
        ),
        ("expected", .object(expected)),
        ("realized", .object(realized)),
        ("realized_median_seconds", .object([("areas", .object(mediansIn)), ("elsewhere", .object(mediansOut))])),
        ("realized_excludes", .string("rows with an injected data-entry error")),
      ]))
    let on = report.onScene
    effects.append(
      .object([
        ("measure", .string("on_scene_recorded_share")),
        ("file", .string(C.file)),
        ("layer", .string(SyntheticCity.districtsLayer)),
        ("areas", Self.strings(ids)),
        ("definition", .string("share of calls located in the areas with \(C.onScene) recorded (not empty)")),
        (
          "expected",
          .object([
            ("areas", .number(disparities.injectedOnSceneRecordedShare)),
            ("elsewhere", .number(configuration.calls.onSceneRecordedShare)),
            ("difference", Self.rounded(disparities.injectedOnSceneRecordedShare - configuration.calls.onSceneRecordedShare)),
          ])
        ),
        (
          "realized",
          .object([
            ("areas", Self.rounded(Double(on.injectedRecorded) / Double(max(1, on.injectedCalls)))),
            ("elsewhere", Self.rounded(Double(on.otherRecorded) / Double(max(1, on.otherCalls)))),
            ("calls_in_areas", .number(Double(on.injectedCalls))),
            ("calls_elsewhere", .number(Double(on.otherCalls))),
          ])
        ),
      ]))
    quality.append(
      (
        C.file,
        .object([
          ("rows", .number(Double(report.rows))),
          ("rows_by_priority_class", .object((0..<3).map { (String($0 + 1), .number(Double(report.rowsByPriorityClass[$0]))) })),
          ("location_missing_beat_only", .number(Double(report.missingLocation))),
          ("coordinates_garbled", Self.counts(report.garbledCoordinates.map { ($0.key.rawValue, $0.value) })),
          ("negative_interval_errors", Self.counts(report.negativeIntervals.map { ($0.key, $0.value) })),
          ("over_24h_interval_errors", Self.counts(report.overDayIntervals.map { ($0.key, $0.value) })),
          (
            "calls_beside_dst_transitions",
            .array(report.dstWindows.map { .object([("window", .string($0.label)), ("calls", .number(Double($0.calls)))]) })
          ),
        ])
      ))
  }

  /// The change injected for `compare` (`DisparityParameters.changeDistricts`): per district
  /// the multiplier, and one effect with the realised call → dispatch medians in the districts.
  mutating func change(_ report: CallsReport, districts: [Int]) {
    typealias C = ServiceInputs.Calls
    let ids = districts.map { city.districts.areas[$0].id }
    for id in ids {
      districtEntries[id, default: []].append(("change_call_to_dispatch_multiplier", .number(disparities.changeDispatchMultiplier)))
    }
    effects.append(
      .object([
        ("measure", .string("call_to_dispatch_change_multiplier")),
        ("file", .string(C.file)),
        ("layer", .string(SyntheticCity.districtsLayer)),
        ("areas", Self.strings(ids)),
        (
          "definition",
          .string(
            "every priority class's \(C.dispatched) − \(C.received) (seconds) in the areas is multiplied by this factor relative to a year generated without the change (same seed and other parameters): the change `compare` should find against that baseline"
          )
        ),
        ("expected", .number(disparities.changeDispatchMultiplier)),
        (
          "realized_median_seconds",
          .object((0..<3).map { k in (String(k + 1), (try? report.changedDispatchSeconds[k].median()).map(Self.rounded) ?? .null) })
        ),
      ]))
  }

  /// The case-mix trap: districts whose priority-3 mix holds few of the fast types, the first
  /// with no other difference (adjusted ratio 1), the others also slower for every type.
  mutating func caseMix(_ report: CallsReport, districts: [(index: Int, delayed: Bool)]) {
    typealias C = ServiceInputs.Calls
    let classes = disparities.caseMixClasses
    let factored = configuration.calls.callTypeDispatchFactors.keys.sorted()
    let elsewhere = report.caseMixElsewhere
    let outsideMedian = try? elsewhere.seconds.median()
    func share(_ factored: Int, _ calls: Int) -> JSONValue { calls > 0 ? Self.rounded(Double(factored) / Double(calls)) : .null }
    var byArea: [(String, JSONValue)] = []
    for (index, delayed) in districts {
      let id = city.districts.areas[index].id
      let adjusted = delayed ? disparities.caseMixDelayMultiplier : 1
      districtEntries[id, default: []] += [
        ("case_mix_type_weight_factor", .number(disparities.caseMixTypeWeightFactor)),
        ("case_mix_adjusted_ratio", .number(adjusted)),
        ("case_mix_priority_classes", .array(classes.map { .number(Double($0)) })),
      ]
      let own = report.caseMix[index] ?? ([], 0)
      let median = try? own.seconds.median()
      byArea.append(
        (
          id,
          .object([
            ("expected_adjusted_ratio", .number(adjusted)),
            ("calls", .number(Double(own.seconds.count))),
            ("factored_type_share", share(own.factored, own.seconds.count)),
            ("median_seconds", median.map(Self.rounded) ?? .null),
            ("raw_median_ratio", median.flatMap { m in outsideMedian.map { Self.rounded(m / $0) } } ?? .null),
          ])
        ))
    }
    effects.append(
      .object([
        ("measure", .string("case_mix_adjusted_call_to_dispatch_ratio")),
        ("file", .string(C.file)),
        ("layer", .string(SyntheticCity.districtsLayer)),
        ("areas", Self.strings(districts.map { city.districts.areas[$0.index].id })),
        (
          "definition",
          .string(
            "in priority classes \(classes.map(String.init).joined(separator: ", ")), the types \(factored.joined(separator: ", ")) are dispatched faster everywhere (factors in parameters.calls.call_type_dispatch_factors) and drawn \(disparities.caseMixTypeWeightFactor) times as often in the areas; the first area differs only by that mix, so its raw median ratio is above 1 and its ratio adjusted for call type is 1; the others are also \(disparities.caseMixDelayMultiplier) times slower for every type, so their adjusted ratio is \(disparities.caseMixDelayMultiplier)"
          )
        ),
        ("expected", .object(byArea.map { ($0.0, $0.1["expected_adjusted_ratio"] ?? .null) })),
        ("realized", .object(byArea)),
        (
          "realized_elsewhere",
          .object([
            ("calls", .number(Double(elsewhere.seconds.count))), ("factored_type_share", share(elsewhere.factored, elsewhere.seconds.count)),
            ("median_seconds", outsideMedian.map(Self.rounded) ?? .null),
          ])
        ),
        ("realized_excludes", .string("rows with an injected data-entry error")),
      ]))
  }

  mutating func cameras(_ report: CamerasReport, cameras: [CameraRecord], wards: [Int]) {
    let ids = wards.map { city.wards.areas[$0].id }
    for id in ids { wardEntries[id, default: []].append(("camera_uptime_mean", .number(disparities.injectedUptimeMean))) }
    var byArea: [(String, JSONValue)] = []
    for (ward, id) in zip(wards, ids) {
      let values = cameras.indices.filter { cameras[$0].ward == ward }.map { report.uptime[$0] }
      byArea.append((id, .object([("cameras", .number(Double(values.count))), ("uptime_mean", Self.mean(values))])))
    }
    let injected = Set(wards)
    let elsewhere = cameras.indices.filter { !injected.contains(cameras[$0].ward) }.map { report.uptime[$0] }
    typealias O = ServiceInputs.CameraOutages
    effects.append(
      .object([
        ("measure", .string("camera_uptime_mean")),
        ("files", Self.strings([ServiceInputs.Cameras.file, O.file])),
        ("layer", .string(SyntheticCity.wardsLayer)),
        ("areas", Self.strings(ids)),
        (
          "definition",
          .string(
            "mean over the cameras located in the area of 1 − (seconds inside \(O.start)…\(O.end) outages ÷ seconds in service during the year); service starts at local midnight of \(ServiceInputs.Cameras.installDate), or at the year's start if earlier"
          )
        ),
        (
          "expected",
          .object([
            ("areas", .number(disparities.injectedUptimeMean)),
            ("elsewhere", .number(configuration.cameras.baselineUptimeMean)),
            ("difference", Self.rounded(disparities.injectedUptimeMean - configuration.cameras.baselineUptimeMean)),
          ])
        ),
        (
          "realized",
          .object([
            ("by_area", .object(byArea)),
            ("elsewhere", .object([("cameras", .number(Double(elsewhere.count))), ("uptime_mean", Self.mean(elsewhere))])),
          ])
        ),
      ]))
    quality.append(
      (
        ServiceInputs.Cameras.file,
        .object([
          ("rows", .number(Double(report.inventory.rows))),
          ("cameras_by_type", Self.counts(report.countsByType.map { ($0.key.rawValue, $0.value) })),
          ("real_cameras_not_live_by_year_end", .number(Double(report.notYetLive))),
        ])
      ))
    quality.append((O.file, .object([("rows", .number(Double(report.outages.rows)))])))
  }

  mutating func coverage(_ report: CoverageReport) {
    let parameters = configuration.coverage
    let ids = report.holeWards.map { city.wards.areas[$0].id }
    let removed = parameters.technologies.filter(\.removedInHoles).map(\.name)
    for id in ids { wardEntries[id, default: []].append(("coverage_hole_technologies", Self.strings(removed))) }
    func table(_ shares: [[Double]]) -> JSONValue {
      .object(
        parameters.technologies.enumerated().map { t, technology in
          (technology.name, .object(parameters.environments.enumerated().map { e, name in (name, Self.rounded(shares[t][e])) }))
        })
    }
    typealias C = ServiceInputs.Coverage
    effects.append(
      .object([
        ("measure", .string("coverage_share")),
        ("file", .string(C.file)),
        ("layer", .string(SyntheticCity.wardsLayer)),
        ("areas", Self.strings(ids)),
        ("technologies", Self.strings(removed)),
        (
          "definition",
          .string(
            "share of the area covered, averaged over every \(C.provider); realised values are measured on the generator's grid as the share of cells whose centre lies in the area, so an area-weighted overlay differs slightly near the area's edges"
          )
        ),
        ("expected", .object([("areas", .number(0))])),
        (
          "realized",
          .object([
            ("city_excluding_areas", table(report.cityShare)),
            (
              "by_area",
              .object(
                zip(ids, report.holeShares).map { id, shares in
                  (id, .object([("before_hole", table(shares.before)), ("after_hole", table(shares.after))]))
                })
            ),
          ])
        ),
      ]))
    quality.append((C.file, .object([("features", .number(Double(report.file.rows)))])))
  }

  mutating func fleet(_ report: FleetReport, bases: [FleetBase]) {
    var byArea: [(String, JSONValue)] = []
    for entry in report.underserved {
      let id = city.wards.areas[entry.ward].id
      let description: [(String, JSONValue)] = [
        ("service", .string(entry.service.rawValue)),
        ("base_id", .string(bases[entry.assignedBase].id)),
        ("nearest_base_ids", Self.strings(entry.nearestBases.map { bases[$0].id })),
      ]
      wardEntries[id, default: []].append(("fleet_underserved", .object(description)))
      byArea.append(
        (
          id,
          .object(
            description + [
              ("km_to_assigned_base", Self.rounded(entry.meanKmToAssigned)),
              ("km_to_nearest_base", Self.rounded(entry.meanKmToNearest)),
              ("ratio", Self.rounded(entry.meanKmToAssigned / entry.meanKmToNearest)),
            ])
        ))
    }
    typealias Z = ServiceInputs.FleetZones
    effects.append(
      .object([
        ("measure", .string("fleet_distance_km")),
        ("files", Self.strings([ServiceInputs.FleetBases.file, Z.file])),
        ("layer", .string(SyntheticCity.wardsLayer)),
        ("areas", Self.strings(report.underserved.map { city.wards.areas[$0.ward].id })),
        (
          "definition",
          .string(
            "mean straight-line distance (km) from the area's points to the base of the zone serving them, against the distance to the nearest base of the same service; measured on the generator's grid cells"
          )
        ),
        ("expected", .object([("ratio_at_least", .number(configuration.fleet.minimumStretch)), ("applies_to", .string("the ward's centre"))])),
        (
          "realized",
          .object([
            ("by_area", .object(byArea)),
            (
              "city_mean_km_excluding_areas",
              .object(FleetService.allCases.map { ($0.rawValue, Self.rounded(report.cityMeanKm[$0] ?? 0)) })
            ),
          ])
        ),
      ]))
    quality.append(
      (
        ServiceInputs.FleetBases.file,
        .object([
          ("rows", .number(Double(report.bases.rows))),
          ("bases_by_service", Self.counts(report.basesByService.map { ($0.key.rawValue, $0.value) })),
        ])
      ))
    quality.append((Z.file, .object([("features", .number(Double(report.zones.rows)))])))
  }

  /// The whole document.
  func document(files: [WrittenFile]) -> JSONValue {
    func keyed(_ entries: [String: [(String, JSONValue)]]) -> JSONValue {
      .object(entries.keys.sorted(by: SyntheticCity.idPrecedes).map { ($0, .object(entries[$0]!)) })
    }
    return .object([
      (ServiceInputs.originField, .string(ServiceInputs.syntheticOrigin)),
      (
        "description",
        .string(
          "Synthetic EquityAtlas service inputs with known injected disparities. Every record is synthetic: only the boundaries, the locations that seed the records (geocoded incidents, cameras) and the police and fire station locations are real."
        )
      ),
      ("generator", .string("equity-atlas synth")),
      ("seed", .string(String(configuration.seed))),
      ("year", .number(Double(configuration.year))),
      ("time_zone", .string(clock.identifier)),
      ("period", .object([("start", .string(clock.timestamp(period.lowerBound))), ("end", .string(clock.timestamp(period.upperBound)))])),
      ("dst_transitions", Self.strings(clock.transitions.filter { period.contains($0) }.map { clock.timestamp($0) })),
      (
        "files",
        .array(
          files.map { .object([("file", .string($0.name)), ("records", .number(Double($0.rows))), ("bytes", .number(Double($0.bytes)))]) })
      ),
      (
        "sources",
        .array(
          city.sources.map {
            .object([
              ("path", .string($0.path)), ("rows_read", .number(Double($0.rowsRead))), ("rows_used", .number(Double($0.rowsUsed))),
              ("use", .string($0.note)),
            ])
          })
      ),
      ("disparities", .object([(SyntheticCity.districtsLayer, keyed(districtEntries)), (SyntheticCity.wardsLayer, keyed(wardEntries))])),
      (
        "baseline",
        .object([
          ("call_to_dispatch_multiplier", .number(1)),
          ("on_scene_recorded_share", .number(configuration.calls.onSceneRecordedShare)),
          ("camera_uptime_mean", .number(configuration.cameras.baselineUptimeMean)),
          ("coverage", .string("every technology, as drawn from the score (no hole)")),
          ("fleet", .string("every cell served by its nearest base")),
        ])
      ),
      ("effects", .array(effects)),
      ("parameters", parameters),
      ("data_quality", .object(quality)),
    ])
  }

  // MARK: Parameters

  private var parameters: JSONValue {
    let calls = configuration.calls
    let cameras = configuration.cameras
    let coverage = configuration.coverage
    func byClass(_ values: [Double]) -> JSONValue { .object(values.enumerated().map { (String($0 + 1), .number($1)) }) }
    func intervals(_ values: [HeavyTailedLogNormal]) -> JSONValue {
      .object(values.enumerated().map { (String($0 + 1), Self.distribution($1)) })
    }
    return .object([
      (
        "calls",
        .object([
          ("count", .number(Double(calls.count))),
          ("priority_shares", .object(calls.priorities.map { ($0.code, .number($0.share)) })),
          (
            "call_types",
            .object(calls.callTypes.enumerated().map { (String($0 + 1), .object($1.map { ($0.label, .number($0.weight)) })) })
          ),
          ("call_to_dispatch", intervals(calls.callToDispatch)),
          ("call_type_dispatch_factors", .object(calls.callTypeDispatchFactors.sorted { $0.key < $1.key }.map { ($0.key, .number($0.value)) })),
          ("dispatch_to_en_route", intervals(calls.dispatchToEnRoute)),
          ("en_route_to_on_scene", intervals(calls.enRouteToOnScene)),
          ("on_scene_to_cleared", intervals(calls.onSceneToCleared)),
          ("en_route_recorded_share", byClass(calls.enRouteRecordedShare)),
          ("on_scene_recorded_share", .number(calls.onSceneRecordedShare)),
          ("cleared_recorded_share", .number(calls.clearedRecordedShare)),
          ("location_jitter_m", .number(calls.locationJitterMeters)),
          ("missing_location_share", .number(calls.missingLocationShare)),
          ("garbled_coordinate_share", .number(calls.garbledCoordinateShare)),
          ("negative_interval_share", .number(calls.negativeIntervalShare)),
          ("over_24h_interval_share", .number(calls.overDayIntervalShare)),
          ("hourly_intensity", .array(calls.hourlyIntensity.map { .number($0) })),
          ("weekday_intensity_from_sunday", .array(calls.weekdayIntensity.map { .number($0) })),
          ("monthly_intensity", .array(calls.monthlyIntensity.map { .number($0) })),
          ("weekend_night_factor", .number(calls.weekendNightFactor)),
          ("dst_edge_minimum_calls", .number(Double(calls.dstEdgeMinimumCalls))),
        ])
      ),
      (
        "cameras",
        .object([
          ("pod_count", .number(Double(cameras.podCount))),
          ("ptz_count", .number(Double(cameras.ptzCount))),
          ("pod_cluster_m", .number(cameras.podClusterMeters)),
          ("ptz_jitter_m", .number(cameras.ptzJitterMeters)),
          ("earliest_install_year", .number(Double(cameras.earliestInstallYear))),
          ("in_year_install_share", .number(cameras.inYearInstallShare)),
          ("baseline_uptime_mean", .number(cameras.baselineUptimeMean)),
          ("downtime_beta_concentration", .number(cameras.downtimeConcentration)),
          ("short_outage", Self.distribution(cameras.shortOutage)),
          ("long_outage", Self.distribution(cameras.longOutage)),
          ("long_outage_share", .number(cameras.longOutageShare)),
          ("minimum_outage_seconds", .number(Double(cameras.minimumOutageSeconds))),
        ])
      ),
      (
        "coverage",
        .object([
          ("providers", Self.strings(coverage.providers)),
          ("uncovered_scale", .array(coverage.uncoveredScale.map { .number($0) })),
          (
            "technologies",
            .array(
              coverage.technologies.map {
                .object([
                  ("name", .string($0.name)), ("outdoor_share", .number($0.outdoorShare)), ("in_vehicle_share", .number($0.inVehicleShare)),
                  ("density_weight", .number($0.densityWeight)), ("smooth_weight", .number($0.smoothWeight)),
                  ("cell_noise_weight", .number($0.cellNoiseWeight)), ("removed_in_holes", .bool($0.removedInHoles)),
                ])
              })
          ),
          ("environments", Self.strings(coverage.environments)),
          ("cell_degrees", .array([.number(coverage.cellLongitude), .number(coverage.cellLatitude)])),
          ("density_blur_cells", .number(coverage.densityBlurCells)),
          ("bump_count", .number(Double(coverage.bumpCount))),
          ("bump_radius_km", .array([.number(coverage.bumpRadiusKm.lowerBound), .number(coverage.bumpRadiusKm.upperBound)])),
        ])
      ),
      (
        "fleet",
        .object([
          ("cell_degrees", .array([.number(configuration.fleet.cellLongitude), .number(configuration.fleet.cellLatitude)])),
          ("minimum_stretch", .number(configuration.fleet.minimumStretch)),
        ])
      ),
      (
        "disparities",
        .object(
          [
            ("dispatch_delay_districts", .number(Double(disparities.dispatchDelayDistricts))),
            ("dispatch_delay_multiplier", .number(disparities.dispatchDelayMultiplier)),
            ("dispatch_delay_classes", .array(disparities.dispatchDelayClasses.map { .number(Double($0)) })),
            ("injected_on_scene_recorded_share", .number(disparities.injectedOnSceneRecordedShare)),
            ("case_mix_districts", .number(Double(disparities.caseMixDistricts))),
            ("case_mix_type_weight_factor", .number(disparities.caseMixTypeWeightFactor)),
            ("case_mix_delay_multiplier", .number(disparities.caseMixDelayMultiplier)),
            ("case_mix_classes", .array(disparities.caseMixClasses.map { .number(Double($0)) })),
            ("camera_wards", .number(Double(disparities.cameraWards))),
            ("injected_uptime_mean", .number(disparities.injectedUptimeMean)),
            ("coverage_hole_wards", .number(Double(disparities.coverageHoleWards))),
            ("underserved_wards_per_service", .number(Double(disparities.underservedWardsPerService))),
          ]
            + (disparities.changeDistricts.isEmpty
              ? []
              : [
                ("change_districts", Self.strings(disparities.changeDistricts)),
                ("change_dispatch_multiplier", .number(disparities.changeDispatchMultiplier)),
              ]))
      ),
    ])
  }

  // MARK: Helpers

  private static func distribution(_ d: HeavyTailedLogNormal) -> JSONValue {
    .object([
      ("median_seconds", .number(d.medianSeconds)), ("sigma", .number(d.sigma)), ("tail_share", .number(d.tailShare)),
      ("tail_sigma", .number(d.tailSigma)), ("maximum_seconds", .number(d.maximumSeconds)),
    ])
  }

  static func rounded(_ x: Double) -> JSONValue { .number((x * 1e6).rounded() / 1e6) }

  private static func strings(_ values: [String]) -> JSONValue { .array(values.map { .string($0) }) }

  private static func mean(_ values: [Double]) -> JSONValue {
    values.isEmpty ? .null : rounded(values.reduce(0, +) / Double(values.count))
  }

  private static func counts(_ pairs: [(String, Int)]) -> JSONValue {
    .object(pairs.sorted { $0.0 < $1.0 }.map { ($0.0, .number(Double($0.1))) })
  }

}
