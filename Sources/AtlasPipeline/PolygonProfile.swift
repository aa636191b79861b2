import Foundation

/// How to read a polygon file (coverage or fleet zones) whose attributes are not named as
/// `synth` writes them: which file column holds each property the tool keys on, properties
/// that hold one value for the whole file, and the layer of a file that holds several.
///
/// The properties are those of the flag: for `--coverage` `provider`, `technology` and
/// `environment`; for `--fleet-zones` `zone_id`, `service` and `base_id`.
///
/// ```yaml
/// kind: polygons
/// name: fcc-tmobile-5g
/// layer: coverage          # in a GeoPackage of several layers
/// columns: {provider: PROVIDER_NAME, technology: TECH}
/// values: {environment: outdoor-stationary}   # the same for every feature of the file
/// ```
public struct PolygonProfile: Sendable, Equatable {
  public var name: String
  public var note: String?
  public var layer: String?
  /// Our property → the file's column.
  public var columns: [String: String]
  /// Our property → a value for every feature.
  public var values: [String: String]

  static let properties: Set = [
    ServiceInputs.Coverage.provider, ServiceInputs.Coverage.technology, ServiceInputs.Coverage.environment,
    ServiceInputs.FleetZones.zoneID, ServiceInputs.FleetZones.service, ServiceInputs.FleetZones.baseID,
  ]

  init(_ d: ProfileDocument) throws {
    try d.check(keys: ["layer", "columns", "values"], columns: Self.properties)
    name = d.name
    note = d.note
    layer = try d.string("layer")
    columns = try Dictionary(uniqueKeysWithValues: Self.properties.compactMap { key in try d.column(key).map { (key, $0) } })
    values = try d.textMapping("values")
    if let unknown = values.keys.filter({ !Self.properties.contains($0) }).sorted().first {
      throw d.fail("unknown property '\(unknown)' under values; the properties are \(Self.properties.sorted().joined(separator: ", "))")
    }
    if let both = Set(columns.keys).intersection(values.keys).sorted().first {
      throw d.fail("'\(both)' is given both as a column and as a value; give one")
    }
    guard layer != nil || !columns.isEmpty || !values.isEmpty else { throw d.fail("a polygons profile needs columns, values or layer") }
  }

  /// A feature's properties as the key functions read them: the mapped columns under our
  /// names, and the fixed values.
  func properties(_ properties: [String: String]) -> [String: String] {
    var result = properties
    for (ours, theirs) in columns { result[ours] = properties[theirs] }
    for (ours, value) in values { result[ours] = value }
    return result
  }

  var title: String { note.map { "\($0) (profile \(name))" } ?? "profile \(name)" }
}
