import AtlasIO
import Foundation

/// The benchmark's input: `count` points drawn from the 9,936 geocoded real crime locations of
/// `points/crimes_2023_nov06-19.csv`, each moved by seeded Gaussian jitter.
///
/// For point k (k = 1…count), with one `SplitMix64` stream seeded with `seed`:
///
///     s = source[nextIndex(below: 9936)]
///     (g₁, g₂) = nextGaussianPair()
///     latitude  = s.latitude  + g₁ · σ / m
///     longitude = s.longitude + g₂ · σ / (m · cos s.latitude)
///
/// with σ = 150 m and m = 111 195.08 m per degree (a sphere of radius 6 371 008.8 m, the IUGG
/// mean radius). Coordinates are written, and returned by `positions`, rounded to 6 decimals
/// (about 0.1 m), so the in-memory points are exactly the values a CSV parser reads back.
/// Jittered points are realistic in density (clustered where crime is reported) and, unlike
/// the geocoded originals, rarely sit exactly on a block centre line; about 1 % fall just
/// outside the city (the lake shore, the edges) and are joined as `outside`.
///
/// Columns: `id,date,primary_type,latitude,longitude` (`date` and `primary_type` come from the
/// drawn source row's `date_of_occurrence` and `primary_description`), about 65 bytes a row.
public enum BenchmarkPoints {
  public static let seed: UInt64 = 20_231_106
  public static let jitterMetres = 150.0
  public static let metresPerDegree = 6_371_008.8 * Double.pi / 180
  public static let sourcePath = "points/crimes_2023_nov06-19.csv"
  public static let header = "id,date,primary_type,latitude,longitude"
  /// The four layers of the target, in the CLI's `--layers` order.
  public static let layerIDs = ["wards-2023", "police-districts", "police-beats", "community-areas"]

  public struct Source: Sendable {
    public var latitude: Double
    public var longitude: Double
    /// CSV-escaped, ready to write.
    public var date: String
    public var primaryType: String
  }

  public enum InputError: Error, CustomStringConvertible {
    case missingColumn(String, path: String)
    case noSources(path: String)
    case cannotWrite(path: String, errno: Int32)

    public var description: String {
      switch self {
      case .missingColumn(let name, let path): "\(path): no column '\(name)'"
      case .noSources(let path): "\(path): no row with both latitude and longitude"
      case .cannotWrite(let path, let code): "\(path): cannot write (\(String(cString: strerror(code))))"
      }
    }
  }

  /// `--data`-style resolution: `$EQUITY_ATLAS_DATA`, else `shared/data` beside the repository
  /// (where CI and the developers' machines have it).
  public static func dataDirectory() throws -> DataDirectory {
    if let path = ProcessInfo.processInfo.environment[DataDirectory.environmentVariable], !path.isEmpty {
      return try DataDirectory.resolve(path)
    }
    // This file is Benchmarks/Sources/BenchmarkInput/BenchmarkPoints.swift in the repository.
    let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
    return try DataDirectory.resolve(repository.deletingLastPathComponent().appendingPathComponent("shared/data").path)
  }

  /// `$TMPDIR/equity-atlas-bench` (or `/tmp/equity-atlas-bench`).
  public static var workDirectory: String {
    let tmp = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
    return (tmp.hasSuffix("/") ? String(tmp.dropLast()) : tmp) + "/equity-atlas-bench"
  }

  /// `points-2m.csv` for 2,000,000, `points-10m.csv` for 10,000,000, else `points-<count>.csv`.
  public static func defaultPath(count: Int) -> String {
    let label = count % 1_000_000 == 0 ? "\(count / 1_000_000)m" : "\(count)"
    return workDirectory + "/points-\(label).csv"
  }

  /// The geocoded rows of the source file (rows without coordinates are skipped).
  public static func loadSources(from data: DataDirectory) throws -> [Source] {
    let path = data.file(sourcePath).path
    let table = try CSVTable(contentsOf: path)
    func column(_ name: String) throws -> Int {
      guard let index = table.column(name) else { throw InputError.missingColumn(name, path: path) }
      return index
    }
    let lat = try column("latitude"), lon = try column("longitude")
    let date = try column("date_of_occurrence"), type = try column("primary_description")
    let sources = table.rows.compactMap { row -> Source? in
      guard row.fields.count > max(lat, lon, date, type),
        let y = Double(row.fields[lat]), let x = Double(row.fields[lon]), y.isFinite, x.isFinite
      else { return nil }
      return Source(latitude: y, longitude: x, date: csvEscaped(row.fields[date]), primaryType: csvEscaped(row.fields[type]))
    }
    guard !sources.isEmpty else { throw InputError.noSources(path: path) }
    return sources
  }

  /// Calls `body(k, source, latitudeMicro, longitudeMicro)` for k = 0..<count, coordinates in
  /// millionths of a degree.
  @inline(__always)
  static func draw(count: Int, seed: UInt64, sources: [Source], _ body: (Int, Int, Int64, Int64) -> Void) {
    var random = SplitMix64(seed: seed)
    let metresToDegrees = jitterMetres / metresPerDegree
    let cosines = sources.map { cos($0.latitude * .pi / 180) }
    for k in 0..<count {
      let s = random.nextIndex(below: sources.count)
      let (g1, g2) = random.nextGaussianPair()
      let latitude = sources[s].latitude + g1 * metresToDegrees
      let longitude = sources[s].longitude + g2 * metresToDegrees / cosines[s]
      body(k, s, Int64((latitude * 1e6).rounded()), Int64((longitude * 1e6).rounded()))
    }
  }

  /// The same points as the CSV, in memory.
  public static func positions(count: Int, seed: UInt64 = seed, sources: [Source]) -> (lons: [Double], lats: [Double]) {
    var lons = [Double](), lats = [Double]()
    lons.reserveCapacity(count)
    lats.reserveCapacity(count)
    draw(count: count, seed: seed, sources: sources) { _, _, latMicro, lonMicro in
      lats.append(Double(latMicro) / 1e6)
      lons.append(Double(lonMicro) / 1e6)
    }
    return (lons, lats)
  }

  /// Writes the CSV to `path` (through a temporary file renamed into place, so a partial file is
  /// never mistaken for a finished one).
  public static func writeCSV(count: Int, seed: UInt64 = seed, sources: [Source], to path: String) throws {
    let directory = (path as NSString).deletingLastPathComponent
    if !directory.isEmpty { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
    let partial = path + ".partial-\(getpid())"
    guard let file = fopen(partial, "w") else { throw InputError.cannotWrite(path: partial, errno: errno) }
    var failed: Int32 = 0
    var buffer = [UInt8]()
    buffer.reserveCapacity(1 << 20 + 256)
    func flush() {
      let written = buffer.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
      if written != buffer.count, failed == 0 { failed = errno == 0 ? EIO : errno }
      buffer.removeAll(keepingCapacity: true)
    }
    buffer += Array((header + "\n").utf8)
    let dates = sources.map { Array($0.date.utf8) }
    let types = sources.map { Array($0.primaryType.utf8) }
    draw(count: count, seed: seed, sources: sources) { k, s, latMicro, lonMicro in
      appendInteger(Int64(k + 1), to: &buffer)
      buffer.append(UInt8(ascii: ","))
      buffer += dates[s]
      buffer.append(UInt8(ascii: ","))
      buffer += types[s]
      buffer.append(UInt8(ascii: ","))
      appendMicro(latMicro, to: &buffer)
      buffer.append(UInt8(ascii: ","))
      appendMicro(lonMicro, to: &buffer)
      buffer.append(UInt8(ascii: "\n"))
      if buffer.count >= 1 << 20 { flush() }
    }
    flush()
    if fclose(file) != 0, failed == 0 { failed = errno }
    guard failed == 0 else {
      unlink(partial)
      throw InputError.cannotWrite(path: partial, errno: failed)
    }
    guard rename(partial, path) == 0 else {
      let code = errno
      unlink(partial)
      throw InputError.cannotWrite(path: path, errno: code)
    }
  }

  /// The path of the `count`-point CSV, written first if it is not there yet.
  ///
  /// - Returns: the path, and whether it was written now.
  @discardableResult
  public static func ensureCSV(count: Int, path: String? = nil, data: DataDirectory? = nil) throws -> (path: String, created: Bool) {
    let path = path ?? defaultPath(count: count)
    if FileManager.default.fileExists(atPath: path) { return (path, false) }
    let sources = try loadSources(from: data ?? dataDirectory())
    try writeCSV(count: count, sources: sources, to: path)
    return (path, true)
  }

  static func appendInteger(_ value: Int64, to buffer: inout [UInt8]) {
    var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                 UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
      (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    var magnitude = value.magnitude
    var n = 0
    withUnsafeMutableBytes(of: &digits) { raw in
      repeat {
        raw[n] = UInt8(ascii: "0") + UInt8(magnitude % 10)
        magnitude /= 10
        n += 1
      } while magnitude > 0
      if value < 0 { buffer.append(UInt8(ascii: "-")) }
      while n > 0 {
        n -= 1
        buffer.append(raw[n])
      }
    }
  }

  /// `value` millionths as a decimal with exactly six fractional digits.
  static func appendMicro(_ value: Int64, to buffer: inout [UInt8]) {
    if value < 0 { buffer.append(UInt8(ascii: "-")) }
    let magnitude = value.magnitude
    appendInteger(Int64(magnitude / 1_000_000), to: &buffer)
    buffer.append(UInt8(ascii: "."))
    var fraction = magnitude % 1_000_000
    var divisor: UInt64 = 100_000
    while divisor > 0 {
      buffer.append(UInt8(ascii: "0") + UInt8(fraction / divisor))
      fraction %= divisor
      divisor /= 10
    }
  }

  static func csvEscaped(_ text: String) -> String {
    guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
    return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }
}
