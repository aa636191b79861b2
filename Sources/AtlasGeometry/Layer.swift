import Foundation

/// A boundary layer: areas (wards, beats, …) that tile the city.
///
/// A layer's areas are identified by id, not by feature: the police-districts file has 25
/// features for 22 districts plus District 31 in three pieces, so features sharing an id are
/// merged into one area. Areas keep the order in which their id first appears in the file.
public struct Layer<Space: CoordinateSpace>: Sendable {
  public var id: String
  public var areas: [Area<Space>]
  /// How many features the source had (≥ `areas.count`).
  public var featureCount: Int

  public init(id: String, areas: [Area<Space>], featureCount: Int) {
    self.id = id
    self.areas = areas
    self.featureCount = featureCount
  }

  /// Groups features into areas by the text of `idProperty`.
  ///
  /// - Throws: `LayerError.missingProperty` naming the first feature without an id.
  public init(id: String, features: [Feature<Space>], idProperty: String, nameProperty: String?) throws(LayerError) {
    var order: [String] = []
    var byID: [String: Area<Space>] = [:]
    for (index, feature) in features.enumerated() {
      guard let rawID = feature.properties[idProperty]?.trimmingCharacters(in: .whitespaces), !rawID.isEmpty else {
        throw .missingProperty(layer: id, feature: index, property: idProperty)
      }
      let areaID = Self.canonicalID(rawID)
      if byID[areaID] == nil {
        order.append(areaID)
        let name = nameProperty.flatMap { feature.properties[$0] } ?? areaID
        byID[areaID] = Area(id: areaID, name: name, polygons: [])
      }
      byID[areaID]!.polygons.append(contentsOf: feature.polygons)
    }
    self.init(id: id, areas: order.map { byID[$0]! }, featureCount: features.count)
  }

  /// Ids are compared as text, but numeric ids lose leading zeros and a trailing `.0`
  /// (`"0111"` and `"111.0"` are beat 111), so labels from other files match.
  public static func canonicalID(_ raw: String) -> String {
    if let n = Int(raw) { return String(n) }
    if let d = Double(raw), d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
    return raw
  }

  public var envelope: Envelope {
    var e = Envelope.empty
    for a in areas { e.extend(a.envelope) }
    return e
  }
}

public enum LayerError: Error, Equatable, CustomStringConvertible {
  case missingProperty(layer: String, feature: Int, property: String)

  public var description: String {
    switch self {
    case .missingProperty(let layer, let feature, let property):
      return "layer \(layer): feature \(feature) has no '\(property)' property to identify its area"
    }
  }
}
