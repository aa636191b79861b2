import AtlasIO
import AtlasStatistics
import Foundation

/// What the calls generator wrote, for `truth.json`.
struct CallsReport {
  var rows = 0
  var rowsByPriorityClass = [0, 0, 0]
  var missingLocation = 0
  var garbledCoordinates: [GarbledCoordinates: Int] = [:]
  var negativeIntervals: [String: Int] = [:]
  var overDayIntervals: [String: Int] = [:]
  /// Calls received in each hour beside a DST transition, keyed by the window's label.
  var dstWindows: [(label: String, calls: Int)] = []
  /// Written call → dispatch seconds (rows without an injected error), per priority class,
  /// in and outside the injected districts.
  var dispatchSeconds: (injected: [[Double]], other: [[Double]]) = ([[], [], []], [[], [], []])
  /// Calls and recorded on-scene times, in and outside the injected districts.
  var onScene: (injectedCalls: Int, injectedRecorded: Int, otherCalls: Int, otherRecorded: Int) = (0, 0, 0, 0)
  /// Written call → dispatch seconds (rows without an injected error) in the changed
  /// districts, per priority class.
  var changedDispatchSeconds: [[Double]] = [[], [], []]
  /// Case-mix trap: per trap district (by district index), the written call → dispatch
  /// seconds of its calls in the trap classes (rows without an injected error) and how many of
  /// those calls have a factored type; `elsewhere` the same outside every trap district.
  var caseMix: [Int: (seconds: [Double], factored: Int)] = [:]
  var caseMixElsewhere: (seconds: [Double], factored: Int) = ([], 0)
}

/// Ways the coordinates of a row are garbled on purpose.
enum GarbledCoordinates: String, CaseIterable {
  case zero = "0/0"
  case swapped = "latitude and longitude swapped"
  case nonNumeric = "non-numeric"
  case longitudeMissing = "longitude missing"
}

/// Generates `calls.csv`: dispatched 911 events over one year.
///
/// 1. **Received times.** Instants are drawn uniformly over the year and accepted with
///    probability `hour(t) · weekday(t) · month(t) · night(t) / max` of their *local* time
///    (rejection sampling of an inhomogeneous Poisson process), so the spring-forward hour never
///    occurs and the repeated November hour occurs twice, at both offsets. Each hour beside a
///    transition is then topped up to `dstEdgeMinimumCalls` by moving randomly chosen calls into
///    it. Calls are sorted by instant; event ids are `YYDDDNNNNN` (year, local day of year,
///    sequence within the day).
/// 2. **Location.** A real incident location with Gaussian jitter, drawn again until it lies in
///    a ward, a police district and a beat.
/// 3. **Priority and type** from the configured mix; **intervals** from the per-class
///    distributions, call → dispatch multiplied in the injected districts for the affected
///    classes. Stages are then blanked (not recorded) and data-entry errors injected.
struct CallGenerator {
  let city: SyntheticCity
  let clock: LocalClock
  let period: Range<Int64>
  let parameters: CallParameters
  /// Per district index: whether it is injected.
  let injectedDistrict: [Bool]
  /// Per district index: whether its call → dispatch times carry the change
  /// (`DisparityParameters.changeDistricts`).
  var changedDistrict: [Bool] = []
  /// Per district index: 0 outside the case-mix trap, 1 its mix only, 2 its mix and a delay.
  var caseMixDistrict: [UInt8]
  let disparities: DisparityParameters

  func write(to directory: URL, generator: inout SeededGenerator) throws -> (file: WrittenFile, report: CallsReport) {
    var received = receivedInstants(&generator)
    var report = CallsReport()
    report.dstWindows = dstEdgeWindows().map { window in
      (window.label, received.reduce(0) { $0 + (window.range.contains($1) ? 1 : 0) })
    }
    received.sort()

    let out = try OutputFile(directory: directory, name: ServiceInputs.Calls.file)
    typealias C = ServiceInputs.Calls
    try out.header([
      C.eventID, C.priority, C.callType, C.received, C.dispatched, C.enRoute, C.onScene, C.cleared,
      C.longitude, C.latitude, C.beat, ServiceInputs.originField,
    ])
    let priorityWeights = cumulative(parameters.priorities.map(\.share))
    let typeWeights = parameters.callTypes.map { cumulative($0.map(\.weight)) }
    // In the case-mix trap districts, the factored types of the trap classes are drawn
    // `caseMixTypeWeightFactor` times as often; one draw either way, so the stream is unchanged.
    let trapWeights = parameters.callTypes.enumerated().map { k, types in
      cumulative(
        types.map {
          disparities.caseMixClasses.contains(k + 1) && parameters.callTypeDispatchFactors[$0.label] != nil
            ? $0.weight * disparities.caseMixTypeWeightFactor : $0.weight
        })
    }
    let beatLabels = city.beats.areas.map { Self.beatLabel($0.id) }
    var day = -1
    var sequence = 0
    var idBytes: [UInt8] = []
    for t in received {
      // Event id: YY + local day of year + sequence within the day.
      let fields = clock.fields(t)
      if fields.dayOfYear != day {
        day = fields.dayOfYear
        sequence = 0
      }
      sequence += 1
      idBytes.removeAll(keepingCapacity: true)
      Self.appendDigits(fields.year % 100, width: 2, to: &idBytes)
      Self.appendDigits(fields.dayOfYear, width: 3, to: &idBytes)
      Self.appendDigits(sequence, width: 5, to: &idBytes)

      let site = city.incidents[generator.nextIndex(below: city.incidents.count)]
      guard let point = city.jittered(lon: site.lon, lat: site.lat, meters: parameters.locationJitterMeters, generator: &generator) else {
        preconditionFailure("incident seeds are filtered to lie inside the city")
      }
      let priority = parameters.priorities[generator.nextIndex(cumulativeWeights: priorityWeights)]
      let k = priority.priorityClass - 1
      let callTypes = parameters.callTypes[k]
      let trap = caseMixDistrict[point.location.district]
      let callType = callTypes[generator.nextIndex(cumulativeWeights: trap > 0 ? trapWeights[k] : typeWeights[k])].label
      let injected = injectedDistrict[point.location.district]
      let changed = !changedDistrict.isEmpty && changedDistrict[point.location.district]
      let multiplier =
        (injected && disparities.dispatchDelayClasses.contains(k + 1) ? disparities.dispatchDelayMultiplier : 1)
        * (changed ? disparities.changeDispatchMultiplier : 1)
      // Type and trap-delay factors scale the drawn value (capped at the bound), drawing nothing.
      let typeFactor = parameters.callTypeDispatchFactors[callType] ?? 1
      let trapFactor = trap == 2 && disparities.caseMixClasses.contains(k + 1) ? disparities.caseMixDelayMultiplier : 1
      var callToDispatch = parameters.callToDispatch[k].draw(&generator, multiplier: multiplier)
      if typeFactor != 1 || trapFactor != 1 {
        callToDispatch = min(callToDispatch * typeFactor * trapFactor, parameters.callToDispatch[k].maximumSeconds)
      }

      let dispatched = t + seconds(callToDispatch)
      let enRoute = dispatched + seconds(parameters.dispatchToEnRoute[k].draw(&generator))
      let onScene = enRoute + seconds(parameters.enRouteToOnScene[k].draw(&generator))
      let cleared = onScene + seconds(parameters.onSceneToCleared[k].draw(&generator))
      var stamps: [Int64?] = [t, dispatched, enRoute, onScene, cleared]
      if !generator.nextBool(probability: parameters.enRouteRecordedShare[k]) { stamps[2] = nil }
      let onSceneShare = injected ? disparities.injectedOnSceneRecordedShare : parameters.onSceneRecordedShare
      if !generator.nextBool(probability: onSceneShare) { stamps[3] = nil }
      if !generator.nextBool(probability: parameters.clearedRecordedShare) { stamps[4] = nil }

      // Data-entry errors.
      let error = generator.nextUnitInterval()
      var erroneous = false
      if error < parameters.negativeIntervalShare {
        erroneous = true
        let back = 60 + Int64(generator.nextIndex(below: 1741))  // 1 to 30 minutes
        if generator.nextBool(probability: 0.5), stamps[3] != nil {
          stamps[3] = dispatched - back
          report.negativeIntervals["on scene before dispatched", default: 0] += 1
        } else {
          stamps[1] = t - back
          report.negativeIntervals["dispatched before received", default: 0] += 1
        }
      } else if error < parameters.negativeIntervalShare + parameters.overDayIntervalShare {
        erroneous = true
        let late = 86_400 + Int64(generator.nextIndex(below: 2 * 86_400))
        stamps[4] = (stamps[3] ?? onScene) + late
        report.overDayIntervals["cleared 24–72 h after on scene", default: 0] += 1
      }

      // Location anomalies.
      let anomaly = generator.nextUnitInterval()
      var lonText: String? = nil
      var latText: String? = nil
      var writeCoordinates = true
      if anomaly < parameters.missingLocationShare {
        writeCoordinates = false
        report.missingLocation += 1
      } else if anomaly < parameters.missingLocationShare + parameters.garbledCoordinateShare {
        let kind = GarbledCoordinates.allCases[generator.nextIndex(below: GarbledCoordinates.allCases.count)]
        report.garbledCoordinates[kind, default: 0] += 1
        switch kind {
        case .zero: (lonText, latText) = ("0", "0")
        case .swapped: (lonText, latText) = (Self.sixDecimals(point.lat), Self.sixDecimals(point.lon))
        case .nonNumeric: (lonText, latText) = ("UNKNOWN", "UNKNOWN")
        case .longitudeMissing: (lonText, latText) = ("", Self.sixDecimals(point.lat))
        }
      }

      out.field(String(decoding: idBytes, as: UTF8.self))
      out.field(priority.code)
      out.field(callType)
      for stamp in stamps {
        if let stamp { out.timestamp(stamp, clock: clock) } else { out.empty() }
      }
      if let lonText, let latText {
        out.field(lonText)
        out.field(latText)
      } else if writeCoordinates {
        out.coordinate(point.lon)
        out.coordinate(point.lat)
      } else {
        out.empty()
        out.empty()
      }
      out.field(beatLabels[point.location.beat])
      out.field(ServiceInputs.syntheticOrigin)
      try out.endRow()

      report.rowsByPriorityClass[k] += 1
      if !erroneous, let d = stamps[1] {
        if injected { report.dispatchSeconds.injected[k].append(Double(d - t)) } else { report.dispatchSeconds.other[k].append(Double(d - t)) }
        if changed { report.changedDispatchSeconds[k].append(Double(d - t)) }
        if disparities.caseMixClasses.contains(k + 1) {
          let factored = parameters.callTypeDispatchFactors[callType] != nil ? 1 : 0
          if trap > 0 {
            report.caseMix[point.location.district, default: ([], 0)].seconds.append(Double(d - t))
            report.caseMix[point.location.district, default: ([], 0)].factored += factored
          } else {
            report.caseMixElsewhere.seconds.append(Double(d - t))
            report.caseMixElsewhere.factored += factored
          }
        }
      }
      if injected {
        report.onScene.injectedCalls += 1
        if stamps[3] != nil { report.onScene.injectedRecorded += 1 }
      } else {
        report.onScene.otherCalls += 1
        if stamps[3] != nil { report.onScene.otherRecorded += 1 }
      }
    }
    let file = try out.finish()
    report.rows = file.rows
    return (file, report)
  }

  // MARK: Received times

  /// The hour before and the hour after each DST transition in the period.
  func dstEdgeWindows() -> [(label: String, range: Range<Int64>)] {
    clock.transitions.filter { period.contains($0) }.flatMap { t -> [(label: String, range: Range<Int64>)] in
      let before = (t - 3600)..<t
      let after = t..<(t + 3600)
      return [
        ("\(clock.timestamp(before.lowerBound))/\(clock.timestamp(before.upperBound - 1))", before),
        ("\(clock.timestamp(after.lowerBound))/\(clock.timestamp(after.upperBound - 1))", after),
      ]
    }
  }

  /// `count` instants in the period drawn from the local-time intensity, then topped up at the
  /// DST edges.
  func receivedInstants(_ generator: inout SeededGenerator) -> [Int64] {
    let span = Int(period.upperBound - period.lowerBound)
    let ceiling =
      parameters.hourlyIntensity.max()! * parameters.weekdayIntensity.max()! * parameters.monthlyIntensity.max()!
      * max(1, parameters.weekendNightFactor)
    var instants: [Int64] = []
    instants.reserveCapacity(parameters.count)
    while instants.count < parameters.count {
      let t = period.lowerBound + Int64(generator.nextIndex(below: span))
      if generator.nextUnitInterval() * ceiling < intensity(clock.fields(t)) { instants.append(t) }
    }
    let windows = dstEdgeWindows().map(\.range)
    for window in windows {
      var present = instants.reduce(0) { $0 + (window.contains($1) ? 1 : 0) }
      while present < parameters.dstEdgeMinimumCalls {
        let victim = generator.nextIndex(below: instants.count)
        if windows.contains(where: { $0.contains(instants[victim]) }) { continue }
        instants[victim] = window.lowerBound + Int64(generator.nextIndex(below: Int(window.count)))
        present += 1
      }
    }
    return instants
  }

  /// Relative call volume at a local time: hourly profile interpolated between hour midpoints,
  /// times weekday and month factors, times the weekend-night factor on Friday and Saturday
  /// from 20:00 to 04:00.
  func intensity(_ f: LocalClock.Fields) -> Double {
    let h = Double(f.hour) + Double(f.minute) / 60 - 0.5
    let lower = Int(h.rounded(.down))
    let w = h - Double(lower)
    let profile = parameters.hourlyIntensity
    let hourly = profile[(lower + 24) % 24] * (1 - w) + profile[(lower + 25) % 24] * w
    let night = (f.weekday == 5 || f.weekday == 6) && f.hour >= 20 || (f.weekday == 6 || f.weekday == 0) && f.hour < 4
    return hourly * parameters.weekdayIntensity[f.weekday] * parameters.monthlyIntensity[f.month - 1]
      * (night ? parameters.weekendNightFactor : 1)
  }

  // MARK: Formatting

  private func seconds(_ value: Double) -> Int64 { Int64(value.rounded()) }

  private func cumulative(_ weights: [Double]) -> [Double] {
    var sum = 0.0
    return weights.map {
      sum += $0
      return sum
    }
  }

  /// Beats are written as CPD writes them, four digits with a leading zero (`0111`).
  static func beatLabel(_ id: String) -> String {
    guard let n = Int(id), n >= 0 else { return id }
    let digits = String(n)
    return digits.count >= 4 ? digits : String(repeating: "0", count: 4 - digits.count) + digits
  }

  static func appendDigits(_ value: Int, width: Int, to out: inout [UInt8]) {
    let digits = Array(String(value).utf8)
    if digits.count < width { out.append(contentsOf: repeatElement(0x30, count: width - digits.count)) }
    out.append(contentsOf: digits)
  }

  static func sixDecimals(_ v: Double) -> String {
    var bytes: [UInt8] = []
    OutputFile.appendSixDecimals(v, to: &bytes)
    return String(decoding: bytes, as: UTF8.self)
  }
}
