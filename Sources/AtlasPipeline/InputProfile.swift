import AtlasGeometry
import AtlasIO
import Foundation
import Yams

/// The kinds of input a profile describes, each read by its own flags.
public enum InputKind: String, Sendable, CaseIterable {
  case calls
  case cameras
  case cameraLog = "camera-log"
  case polygons

  /// The flags that read this kind.
  public var flags: String {
    switch self {
    case .calls: return "--calls"
    case .cameras: return "--cameras"
    case .cameraLog: return "--camera-log"
    case .polygons: return "--coverage and --fleet-zones"
    }
  }
}

/// How to read one input file, of any kind: given as `FILE@PROFILE`, where PROFILE is a
/// built-in name or a YAML file whose `kind:` says which kind it describes (`calls` when
/// absent, as profiles were before there were other kinds):
///
/// ```yaml
/// kind: cameras            # calls | cameras | camera-log | polygons
/// name: county-cameras
/// columns: {id: CAM_NO, type: KIND, installed: LIVE_DATE}
/// location: {x: X, y: Y, crs: "EPSG:3435"}
/// date_formats: ["M/d/yyyy"]
/// missing: ["", "N/A"]
/// ```
///
/// One parser (`ProfileDocument`) reads every kind, so keys, locations, time formats and
/// missing values are written and checked the same way everywhere.
public enum InputProfile: Sendable, Equatable {
  case calls(CallProfile)
  case cameras(CameraProfile)
  case cameraLog(CameraLogProfile)
  case polygons(PolygonProfile)

  public var kind: InputKind {
    switch self {
    case .calls: return .calls
    case .cameras: return .cameras
    case .cameraLog: return .cameraLog
    case .polygons: return .polygons
    }
  }

  public var name: String {
    switch self {
    case .calls(let p): return p.name
    case .cameras(let p): return p.name
    case .cameraLog(let p): return p.name
    case .polygons(let p): return p.name
    }
  }

  public var callProfile: CallProfile? { if case .calls(let p) = self { return p } else { return nil } }
  public var cameraProfile: CameraProfile? { if case .cameras(let p) = self { return p } else { return nil } }
  public var cameraLogProfile: CameraLogProfile? { if case .cameraLog(let p) = self { return p } else { return nil } }
  public var polygonProfile: PolygonProfile? { if case .polygons(let p) = self { return p } else { return nil } }

  /// A profile from YAML text; `origin` names the file in errors.
  ///
  /// - Throws: `ProfileError` naming the origin and the key at fault.
  public init(yaml text: String, origin: String) throws {
    let document = try ProfileDocument(yaml: text, origin: origin)
    switch document.kind {
    case .calls: self = .calls(try CallProfile(document))
    case .cameras: self = .cameras(try CameraProfile(document))
    case .cameraLog: self = .cameraLog(try CameraLogProfile(document))
    case .polygons: self = .polygons(try PolygonProfile(document))
    }
  }

  /// Every built-in profile as YAML, by kind: read by the same parser as users' files, and
  /// printed by `inspect` as examples to edit.
  public static let builtInYAML: [(name: String, yaml: String)] =
    CallProfile.builtInYAML.map { ($0.0, $0.1) } + CameraProfile.builtInYAML + CameraLogProfile.builtInYAML

  /// Built-in profiles by name (names are unique across kinds).
  public static let builtIn: [String: InputProfile] = {
    var result: [String: InputProfile] = ["equity-atlas": .calls(.equityAtlas)]
    for (name, yaml) in builtInYAML { result[name] = try! InputProfile(yaml: yaml, origin: "built-in profile \(name)") }
    return result
  }()

  /// The built-in names of one kind, sorted.
  public static func builtInNames(of kind: InputKind) -> [String] {
    builtIn.filter { $0.value.kind == kind }.keys.sorted()
  }

  /// A built-in name or a path to a YAML profile, which must describe `kind`.
  ///
  /// - Throws: `ProfileError` when it is neither, cannot be read, or is a profile of another
  ///   kind (naming the profile, its kind and the flags that take it).
  public static func named(_ nameOrPath: String, for kind: InputKind) throws -> InputProfile {
    let profile: InputProfile
    let what: String
    if let builtIn = builtIn[nameOrPath] {
      (profile, what) = (builtIn, "the built-in profile '\(nameOrPath)'")
    } else {
      guard FileManager.default.fileExists(atPath: nameOrPath) else {
        throw ProfileError(
          message:
            "'\(nameOrPath)' is neither a built-in \(kind.rawValue) profile (\(builtInNames(of: kind).joined(separator: ", "))) nor a profile file")
      }
      let text: String
      do { text = try String(contentsOfFile: nameOrPath, encoding: .utf8) } catch {
        throw ProfileError(message: "\(nameOrPath): cannot read the profile (\(error.localizedDescription))")
      }
      (profile, what) = (try InputProfile(yaml: text, origin: nameOrPath), nameOrPath)
    }
    guard profile.kind == kind else {
      let names = builtInNames(of: kind)
      throw ProfileError(
        message: "\(what) is a \(profile.kind.rawValue) profile (kind: \(profile.kind.rawValue), for \(profile.kind.flags)), "
          + "not a \(kind.rawValue) profile (for \(kind.flags)): use \(names.isEmpty ? "" : names.joined(separator: ", ") + ", or ")a YAML file with kind: \(kind.rawValue)"
      )
    }
    return profile
  }
}

/// A profile that cannot be used, naming the file (or built-in) and the key at fault.
public struct ProfileError: Error, CustomStringConvertible {
  public var message: String
  public var description: String { message }
}

/// One profile file, parsed: the YAML mapping and typed readers of its keys, each failing
/// with the file and the key.
struct ProfileDocument {
  let origin: String
  let map: [String: Any]
  let kind: InputKind

  init(yaml text: String, origin: String) throws {
    self.origin = origin
    let document: Any?
    do { document = try Yams.load(yaml: text) } catch {
      throw ProfileError(message: "\(origin): not valid YAML (\(error))")
    }
    guard let map = document as? [String: Any] else { throw ProfileError(message: "\(origin): expected a mapping of keys (kind, name, columns, …)") }
    self.map = map
    let kinds = InputKind.allCases.map(\.rawValue)
    switch map["kind"] {
    case nil: kind = .calls
    case let text as String:
      guard let kind = InputKind(rawValue: text) else {
        throw ProfileError(message: "\(origin): unknown kind '\(text)'; a profile's kind is one of \(kinds.joined(separator: ", "))")
      }
      self.kind = kind
    default: throw ProfileError(message: "\(origin): kind must be one of \(kinds.joined(separator: ", "))")
    }
  }

  func fail(_ what: String) -> ProfileError { ProfileError(message: "\(origin): \(what)") }

  /// Refuses keys outside `known` (besides `kind`, `name` and `note`), and column keys outside
  /// `columns`.
  func check(keys known: Set<String>, columns: Set<String>) throws {
    let all = known.union(["kind", "name", "note"])
    if let unknown = map.keys.filter({ !all.contains($0) }).sorted().first {
      throw fail("unknown key '\(unknown)'; a \(kind.rawValue) profile has \(all.sorted().joined(separator: ", "))")
    }
    if let unknown = columnMap.keys.filter({ !columns.contains($0) }).sorted().first {
      throw fail("unknown column key '\(unknown)'; the columns of a \(kind.rawValue) profile are \(columns.sorted().joined(separator: ", "))")
    }
  }

  var name: String { (map["name"] as? String) ?? origin }
  var note: String? { map["note"] as? String }
  private var columnMap: [String: Any] { (map["columns"] as? [String: Any]) ?? [:] }

  /// Whether the profile has a `columns` mapping.
  func requireColumns() throws {
    guard map["columns"] is [String: Any] else { throw fail("no 'columns' mapping") }
  }

  /// The column named for `key` under `columns`, or nil.
  func column(_ key: String) throws -> String? {
    guard let value = columnMap[key] else { return nil }
    guard let text = value as? String, !text.isEmpty else { throw fail("columns.\(key) must name a column") }
    return text
  }

  /// The columns named for `key`: one name or a list tried in order; empty when absent.
  func columns(_ key: String) throws -> [String] {
    guard let value = columnMap[key] else { return [] }
    if let list = value as? [Any] {
      let names = list.map { "\($0)" }
      guard !names.isEmpty, names.allSatisfy({ !$0.isEmpty }) else { throw fail("columns.\(key) must name one column or a list of them") }
      return names
    }
    return try column(key).map { [$0] } ?? []
  }

  func string(_ key: String) throws -> String? {
    guard let value = map[key] else { return nil }
    guard let text = value as? String else { throw fail("\(key) must be text") }
    return text
  }

  /// A mapping of text to text (e.g. fixed values), or empty.
  func textMapping(_ key: String) throws -> [String: String] {
    guard let value = map[key] else { return [:] }
    guard let pairs = value as? [AnyHashable: Any] else { throw fail("\(key) must be a mapping") }
    return Dictionary(uniqueKeysWithValues: pairs.map { ("\($0.key)", "\($0.value)") })
  }

  /// A list of text (a single value is a list of one), or nil when absent.
  func texts(_ key: String) -> [String]? {
    guard let value = map[key] else { return nil }
    return (value as? [Any])?.map { "\($0)" } ?? ["\(value)"]
  }

  /// Time formats under `key` (tried in order), else `fallback`.
  func timeFormats(_ key: String, default fallback: [TimestampFormat]) throws -> [TimestampFormat] {
    guard let texts = texts(key) else { return fallback }
    do { return try texts.map(TimestampFormat.init) } catch { throw fail("\(error)") }
  }

  /// Values that mean "not recorded", compared after trimming spaces; `[""]` when absent.
  var missing: Set<String> { Set(texts("missing") ?? [""]) }

  /// The `location` mapping: `longitude` + `latitude` (with an optional `point` column read
  /// when they are blank, as the Data Portal writes both), `point` alone, or `x` + `y` + `crs`.
  func location(allowFallback: Bool) throws -> (CallProfile.Location, fallbackPoint: String?) {
    switch map["location"] {
    case nil: return (.none, nil)
    case let spec as [String: Any]:
      let known: Set = ["longitude", "latitude", "point", "x", "y", "crs"]
      if let unknown = spec.keys.filter({ !known.contains($0) }).sorted().first {
        throw fail("unknown location key '\(unknown)'; location takes longitude + latitude, or point, or x + y + crs")
      }
      if let lon = spec["longitude"] as? String, let lat = spec["latitude"] as? String {
        let point = spec["point"] as? String
        if point != nil, !allowFallback { throw fail("location takes longitude + latitude, or point, not both") }
        return (.lonLat(longitude: lon, latitude: lat), point)
      }
      if let point = spec["point"] as? String { return (.point(point), nil) }
      if let x = spec["x"] as? String, let y = spec["y"] as? String {
        guard let text = spec["crs"].map({ "\($0)" }), let crs = CRS(parsing: text) else {
          throw fail("location with x and y needs crs, e.g. EPSG:3435")
        }
        return (.projected(x: x, y: y, crs: crs), nil)
      }
      throw fail("location takes longitude + latitude, or point, or x + y + crs")
    default: throw fail("location must be a mapping")
    }
  }
}

extension CallProfile.Location {
  /// The columns this location reads.
  var columns: [String] {
    switch self {
    case .lonLat(let lon, let lat): return [lon, lat]
    case .point(let c): return [c]
    case .projected(let x, let y, _): return [x, y]
    case .none: return []
    }
  }
}
