import AtlasGeometry
import AtlasIO
import Foundation

/// A real location read from one of the City's files, with the date it came into service when
/// the file has one.
struct RealSite: Sendable {
  var lon: Double
  var lat: Double
  /// Days since 1970-01-01 of the install / go-live date.
  var installDay: Int64? = nil
  /// The source's identifier (district number, engine company) and a display name.
  var key = ""
  var name = ""
}

/// Where a real input file was read from and how many of its rows the generator kept.
public struct SourceUse: Sendable, Hashable {
  public var path: String
  public var rowsRead: Int
  public var rowsUsed: Int
  /// Why rows were dropped (e.g. "2 rows outside the city").
  public var note: String
}

/// The real public files, inside a data directory, that seed the synthetic records, with the
/// columns read from each (see the data directory's PROVENANCE.md).
enum RealSources {
  static let crimes2023 = "points/crimes_2023_nov06-19.csv"
  static let crimes2018 = "points/crimes_2018_jan_sample.csv"
  static let podCameras = "cameras/pod_camera_locations_2019snapshot.csv"
  static let speedCameras = "cameras/speed_camera_locations_2023.csv"
  static let redLightCameras = "cameras/red_light_camera_locations_2023.csv"
  static let policeStations = "other/police_stations.csv"
  static let fireStations = "other/fire_stations.csv"

  /// The police stations file lists the headquarters as a district named this; it is not a
  /// patrol base and is skipped.
  static let headquartersDistrict = "Headquarters"

  static func table(_ relativePath: String, in data: DataDirectory) throws -> CSVTable {
    let path = data.file(relativePath).path
    guard FileManager.default.fileExists(atPath: path) else { throw SynthError.realInput(path: path, reason: "missing") }
    do { return try CSVTable(contentsOf: path) } catch { throw SynthError.realInput(path: path, reason: "\(error)") }
  }

  /// The index of a column (matched case-insensitively, as `CSVTable.column` does).
  static func column(_ table: CSVTable, _ name: String) throws -> Int {
    guard let index = table.column(name) else { throw SynthError.realInput(path: table.path, reason: "no column named \(name)") }
    return index
  }

  /// Geocoded incident locations (longitude/latitude columns, any capitalisation); rows without
  /// numeric coordinates are skipped.
  static func incidentPoints(_ relativePath: String, in data: DataDirectory) throws -> (sites: [RealSite], rowsRead: Int) {
    let table = try table(relativePath, in: data)
    let lon = try column(table, "longitude")
    let lat = try column(table, "latitude")
    var sites: [RealSite] = []
    for row in table.rows where row.fields.count > max(lon, lat) {
      if let x = Double(row.fields[lon]), let y = Double(row.fields[lat]), x.isFinite, y.isFinite, x != 0, y != 0 {
        sites.append(RealSite(lon: x, lat: y))
      }
    }
    return (sites, table.rows.count)
  }

  /// Camera locations with their install date column.
  static func cameraSites(_ relativePath: String, dateColumn: String, in data: DataDirectory) throws -> (sites: [RealSite], rowsRead: Int) {
    let table = try table(relativePath, in: data)
    let lon = try column(table, "longitude")
    let lat = try column(table, "latitude")
    let date = try column(table, dateColumn)
    var sites: [RealSite] = []
    for row in table.rows where row.fields.count > max(lon, lat, date) {
      guard let x = Double(row.fields[lon]), let y = Double(row.fields[lat]) else { continue }
      sites.append(RealSite(lon: x, lat: y, installDay: parseDay(row.fields[date])))
    }
    return (sites, table.rows.count)
  }

  /// The district police stations (headquarters skipped), named "NAME (District N)".
  static func policeStations(in data: DataDirectory) throws -> (sites: [RealSite], rowsRead: Int) {
    let table = try table(policeStations, in: data)
    let district = try column(table, "DISTRICT")
    let name = try column(table, "DISTRICT NAME")
    let lon = try column(table, "LONGITUDE")
    let lat = try column(table, "LATITUDE")
    var sites: [RealSite] = []
    for row in table.rows where row.fields.count > max(district, name, lon, lat) {
      let id = row.fields[district].trimmingCharacters(in: .whitespaces)
      guard id != headquartersDistrict, let number = Int(id), let x = Double(row.fields[lon]), let y = Double(row.fields[lat]) else {
        continue
      }
      sites.append(RealSite(lon: x, lat: y, key: String(number), name: "\(row.fields[name]) (District \(number))"))
    }
    return (sites, table.rows.count)
  }

  /// The fire stations; their coordinates are only inside the multi-line `LOCATION` field,
  /// whose last line is "(lat, lon)".
  static func fireStations(in data: DataDirectory) throws -> (sites: [RealSite], rowsRead: Int) {
    let table = try table(fireStations, in: data)
    let name = try column(table, "NAME")
    let address = try column(table, "ADDRESS")
    let location = try column(table, "LOCATION")
    var sites: [RealSite] = []
    for row in table.rows where row.fields.count > max(name, address, location) {
      guard let (lat, lon) = parenthesisedPair(row.fields[location]) else { continue }
      let engine = row.fields[name].trimmingCharacters(in: .whitespaces)
      sites.append(RealSite(lon: lon, lat: lat, key: engine, name: "\(engine), \(row.fields[address])"))
    }
    return (sites, table.rows.count)
  }

  /// The two numbers of the last "(a, b)" in a text.
  static func parenthesisedPair(_ text: String) -> (Double, Double)? {
    guard let open = text.lastIndex(of: "("), let close = text.lastIndex(of: ")"), open < close else { return nil }
    let parts = text[text.index(after: open)..<close].split(separator: ",")
    guard parts.count == 2,
      let a = Double(parts[0].trimmingCharacters(in: .whitespaces)),
      let b = Double(parts[1].trimmingCharacters(in: .whitespaces))
    else { return nil }
    return (a, b)
  }

  /// Days since 1970-01-01 of a date written `MM/DD/YYYY` (Data Portal exports) or
  /// `YYYY.M.D[ time]` (the POD list).
  static func parseDay(_ text: String) -> Int64? {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    if trimmed.contains("/") {
      let parts = trimmed.split(separator: " ")[0].split(separator: "/").compactMap { Int($0) }
      guard parts.count == 3 else { return nil }
      return validDay(year: parts[2], month: parts[0], day: parts[1])
    }
    let parts = trimmed.split(separator: " ").first.map { $0.split(separator: ".").compactMap { Int($0) } } ?? []
    guard parts.count == 3 else { return nil }
    return validDay(year: parts[0], month: parts[1], day: parts[2])
  }

  private static func validDay(year: Int, month: Int, day: Int) -> Int64? {
    guard (1900...2200).contains(year), (1...12).contains(month), (1...31).contains(day) else { return nil }
    return Int64(ParsedTimestamp.daysFromCivil(year: year, month: month, day: day))
  }
}
