import AtlasIO
import AtlasStatistics
import Foundation

/// Camera types as `cameras.csv` writes them.
enum CameraType: String {
  case pod = "POD"
  case ptz = "PTZ"
  case speed = "speed"
  case redLight = "red-light"

  var idPrefix: String {
    switch self {
    case .pod: return "POD"
    case .ptz: return "PTZ"
    case .speed: return "SPD"
    case .redLight: return "RLC"
    }
  }
}

/// One camera of the inventory.
struct CameraRecord {
  var id: String
  var type: CameraType
  var lon: Double
  var lat: Double
  /// Days since 1970-01-01 of the local install date.
  var installDay: Int64
  /// Ward index.
  var ward: Int
}

/// What the camera generator wrote.
struct CamerasReport {
  var inventory: WrittenFile
  var outages: WrittenFile
  var countsByType: [CameraType: Int]
  /// Real cameras left out because they went live after the year.
  var notYetLive: Int
  /// Per camera (inventory order): uptime fraction over its in-service part of the year.
  var uptime: [Double]
}

/// Generates `cameras.csv` and `camera_outages.csv`.
///
/// **Inventory.** The real 2019 POD locations (inside the city, installed by the year's end),
/// then synthetic PODs placed around randomly chosen real ones with a Gaussian offset, PTZ
/// cameras around real incident locations, and the real speed and red-light cameras that were
/// live by the year's end. Synthetic install dates are uniform between the seed's install date
/// (or `earliestInstallYear`) and the start of the year, except a share installed during it.
///
/// **Outages.** Each camera gets a downtime fraction `D ~ Beta(1 − μ, κ)` with μ the ward's
/// uptime mean (baseline or injected). Its downtime `D · P` over its in-service period P is cut
/// into outages drawn from a mixture of short and long log-normal durations (the last trimmed to
/// fit), which are laid out in random order separated by random gaps (uniform spacings:
/// exponential weights normalised to the free time, each at least `minimumOutageSeconds`).
struct CameraGenerator {
  let city: SyntheticCity
  let clock: LocalClock
  let period: Range<Int64>
  let year: Int
  let parameters: CameraParameters

  private var yearStartDay: Int64 { Int64(ParsedTimestamp.daysFromCivil(year: year, month: 1, day: 1)) }
  private var yearEndDay: Int64 { Int64(ParsedTimestamp.daysFromCivil(year: year + 1, month: 1, day: 1)) }

  /// Places every camera; returns the inventory and how many real cameras were not yet live.
  func inventory(_ generator: inout SeededGenerator) -> (cameras: [CameraRecord], notYetLive: Int) {
    var cameras: [CameraRecord] = []
    var notYetLive = 0
    func add(_ type: CameraType, lon: Double, lat: Double, installDay: Int64, ward: Int) {
      cameras.append(CameraRecord(id: "", type: type, lon: lon, lat: lat, installDay: installDay, ward: ward))
    }

    let earliest = Int64(ParsedTimestamp.daysFromCivil(year: parameters.earliestInstallYear, month: 1, day: 1))
    let livePODs = city.podCameras.filter { ($0.installDay ?? earliest) < yearEndDay }
    notYetLive += city.podCameras.count - livePODs.count
    let realPODs: [RealSite]
    if parameters.podCount < livePODs.count {
      let chosen = generator.sample(Array(livePODs.indices), count: parameters.podCount).sorted()
      realPODs = chosen.map { livePODs[$0] }
    } else {
      realPODs = livePODs
    }
    for site in realPODs {
      guard let ward = city.ward(lon: site.lon, lat: site.lat) else { continue }
      add(.pod, lon: site.lon, lat: site.lat, installDay: site.installDay ?? drawInstallDay(from: earliest, &generator), ward: ward)
    }
    if !livePODs.isEmpty {
      while cameras.count < parameters.podCount {
        let seed = livePODs[generator.nextIndex(below: livePODs.count)]
        guard let point = city.jittered(lon: seed.lon, lat: seed.lat, meters: parameters.podClusterMeters, generator: &generator) else { continue }
        let installDay = drawInstallDay(from: max(seed.installDay ?? earliest, earliest), &generator)
        add(.pod, lon: point.lon, lat: point.lat, installDay: installDay, ward: point.location.ward)
      }
    }
    for _ in 0..<parameters.ptzCount {
      let site = city.incidents[generator.nextIndex(below: city.incidents.count)]
      guard let point = city.jittered(lon: site.lon, lat: site.lat, meters: parameters.ptzJitterMeters, generator: &generator) else { continue }
      add(.ptz, lon: point.lon, lat: point.lat, installDay: drawInstallDay(from: earliest, &generator), ward: point.location.ward)
    }
    for (type, sites) in [(CameraType.speed, city.speedCameras), (.redLight, city.redLightCameras)] {
      for site in sites {
        guard let day = site.installDay, day < yearEndDay, let ward = city.ward(lon: site.lon, lat: site.lat) else {
          notYetLive += 1
          continue
        }
        add(type, lon: site.lon, lat: site.lat, installDay: day, ward: ward)
      }
    }
    // Ids by type, numbered in placement order.
    var counters: [CameraType: Int] = [:]
    let width = max(4, String(cameras.count).count)
    for index in cameras.indices {
      let type = cameras[index].type
      counters[type, default: 0] += 1
      let number = String(counters[type]!)
      cameras[index].id = "\(type.idPrefix)-" + String(repeating: "0", count: max(0, width - number.count)) + number
    }
    return (cameras, notYetLive)
  }

  /// An install day uniform in `[lower, start of year)`, or during the year with probability
  /// `inYearInstallShare` (always when `lower` is not before the year).
  private func drawInstallDay(from lower: Int64, _ generator: inout SeededGenerator) -> Int64 {
    if lower >= yearStartDay || generator.nextBool(probability: parameters.inYearInstallShare) {
      return yearStartDay + Int64(generator.nextIndex(below: Int(yearEndDay - yearStartDay)))
    }
    return lower + Int64(generator.nextIndex(below: Int(yearStartDay - lower)))
  }

  /// Writes the inventory and the outage log; `uptimeMean(camera)` is the mean uptime of the
  /// camera's ward.
  func write(
    _ cameras: [CameraRecord], notYetLive: Int, to directory: URL, uptimeMean: (CameraRecord) -> Double,
    generator: inout SeededGenerator
  ) throws -> CamerasReport {
    let inventory = try OutputFile(directory: directory, name: ServiceInputs.Cameras.file)
    typealias C = ServiceInputs.Cameras
    try inventory.header([C.cameraID, C.type, C.installDate, C.longitude, C.latitude, ServiceInputs.originField])
    for camera in cameras {
      inventory.field(camera.id)
      inventory.field(camera.type.rawValue)
      inventory.day(camera.installDay)
      inventory.coordinate(camera.lon)
      inventory.coordinate(camera.lat)
      inventory.field(ServiceInputs.syntheticOrigin)
      try inventory.endRow()
    }
    let inventoryFile = try inventory.finish()

    let log = try OutputFile(directory: directory, name: ServiceInputs.CameraOutages.file)
    typealias O = ServiceInputs.CameraOutages
    try log.header([O.cameraID, O.status, O.start, O.end, ServiceInputs.originField])
    var uptime: [Double] = []
    uptime.reserveCapacity(cameras.count)
    for camera in cameras {
      let start = max(period.lowerBound, installInstant(camera.installDay))
      let span = period.upperBound - start
      let outages = outageIntervals(in: start..<period.upperBound, uptimeMean: uptimeMean(camera), generator: &generator)
      var down: Int64 = 0
      for outage in outages {
        log.field(camera.id)
        log.field("down")
        log.timestamp(outage.lowerBound, clock: clock)
        log.timestamp(outage.upperBound, clock: clock)
        log.field(ServiceInputs.syntheticOrigin)
        try log.endRow()
        down += Int64(outage.count)
      }
      uptime.append(span > 0 ? 1 - Double(down) / Double(span) : 1)
    }
    let logFile = try log.finish()
    var counts: [CameraType: Int] = [:]
    for camera in cameras { counts[camera.type, default: 0] += 1 }
    return CamerasReport(inventory: inventoryFile, outages: logFile, countsByType: counts, notYetLive: notYetLive, uptime: uptime)
  }

  /// Local midnight starting a day.
  private func installInstant(_ day: Int64) -> Int64 {
    let (y, m, d) = ParsedTimestamp.civil(fromDays: Int(day))
    return LocalClock.midnight(year: y, month: m, day: d, identifier: clock.identifier) ?? day * 86_400
  }

  /// Non-overlapping outages in `window` whose total is the camera's drawn downtime.
  func outageIntervals(in window: Range<Int64>, uptimeMean: Double, generator: inout SeededGenerator) -> [Range<Int64>] {
    let span = window.count
    guard span > 0 else { return [] }
    let meanDowntime = 1 - uptimeMean
    let fraction: Double
    if meanDowntime <= 0 {
      fraction = 0
    } else if meanDowntime >= 1 {
      fraction = 1
    } else {
      fraction = generator.nextBeta(mean: meanDowntime, concentration: parameters.downtimeConcentration)
    }
    let target = Int64(fraction * Double(span))
    let minimum = parameters.minimumOutageSeconds
    var durations: [Int64] = []
    var total: Int64 = 0
    while total < target {
      let distribution = generator.nextBool(probability: parameters.longOutageShare) ? parameters.longOutage : parameters.shortOutage
      var d = max(minimum, Int64(distribution.draw(&generator).rounded()))
      let remaining = target - total
      if d >= remaining {
        d = remaining
        if d < minimum {
          if !durations.isEmpty { durations[durations.count - 1] += d }
          break
        }
      }
      durations.append(d)
      total += d
    }
    total = durations.reduce(0, +)
    // Every gap, including before the first and after the last outage, is at least `minimum`.
    while !durations.isEmpty, Int64(span) - total < Int64(durations.count + 1) * minimum {
      total -= durations.removeLast()
    }
    guard !durations.isEmpty else { return [] }
    let spare = Double(Int64(span) - total - Int64(durations.count + 1) * minimum)
    let weights = (0...durations.count).map { _ in generator.nextExponential() }
    let weightSum = weights.reduce(0, +)
    var cursor = window.lowerBound
    var outages: [Range<Int64>] = []
    outages.reserveCapacity(durations.count)
    for (k, d) in durations.enumerated() {
      cursor += minimum + Int64(weights[k] / weightSum * spare)
      outages.append(cursor..<(cursor + d))
      cursor += d
    }
    return outages
  }
}
