import AtlasGeometry

/// Which columns of a CSV hold the x (longitude/easting) and y (latitude/northing) coordinates.
public struct CoordinateColumns: Hashable, Sendable {
  public var x: Int
  public var y: Int
  public var xName: String
  public var yName: String

  /// Names tried, in order, when the user names no columns. Lon/lat names come first for
  /// WGS 84 input; planar names first otherwise.
  static func candidatePairs(for crs: CRS) -> [(String, String)] {
    let geographic = [("longitude", "latitude"), ("lon", "lat"), ("lng", "lat"), ("long", "lat")]
    let planar = [("x_coordinate", "y_coordinate"), ("x coordinate", "y coordinate"), ("easting", "northing"), ("x", "y")]
    return crs == .wgs84 ? geographic + planar : planar + geographic
  }

  /// Finds the coordinate columns in a header.
  ///
  /// - Parameters:
  ///   - xName, yName: explicit names (`--lon-column`, `--lat-column`); matched exactly, then
  ///     ignoring case.
  /// - Throws: `JoinError.missingColumn` or `.noCoordinateColumns` listing the header.
  public static func find(in header: [String], xName: String?, yName: String?, crs: CRS) throws(JoinError) -> CoordinateColumns {
    func index(_ name: String) -> Int? {
      header.firstIndex(of: name) ?? header.firstIndex { $0.lowercased() == name.lowercased() }
    }
    if xName != nil || yName != nil {
      guard let xName, let yName else { throw .incompleteColumnOptions }
      guard let x = index(xName) else { throw .missingColumn(xName, header: header) }
      guard let y = index(yName) else { throw .missingColumn(yName, header: header) }
      guard x != y else { throw .sameColumn(header[x]) }
      return CoordinateColumns(x: x, y: y, xName: header[x], yName: header[y])
    }
    for (xCandidate, yCandidate) in candidatePairs(for: crs) {
      if let x = index(xCandidate), let y = index(yCandidate) {
        return CoordinateColumns(x: x, y: y, xName: header[x], yName: header[y])
      }
    }
    throw .noCoordinateColumns(header: header)
  }
}

/// A join that cannot start: bad options or an input it cannot read as a table of points.
public enum JoinError: Error, CustomStringConvertible, Equatable {
  case incompleteColumnOptions
  case missingColumn(String, header: [String])
  case noCoordinateColumns(header: [String])
  case emptyInput(path: String)
  case columnCollision(String)
  case sameColumn(String)
  case duplicateColumn(path: String, reason: String)
  case outputIsInput(output: String, input: String)

  public var description: String {
    switch self {
    case .incompleteColumnOptions:
      return "name both coordinate columns (--lon-column and --lat-column) or neither"
    case .missingColumn(let name, let header):
      return "no column named '\(name)'; the header has: \(header.joined(separator: ", "))"
    case .noCoordinateColumns(let header):
      return "cannot find coordinate columns (tried Longitude/Latitude, lon/lat, lng, x/y, x_coordinate/y_coordinate); "
        + "name them with --lon-column and --lat-column. The header has: \(header.joined(separator: ", "))"
    case .emptyInput(let path):
      return "\(path) is empty: no header row"
    case .columnCollision(let name):
      return "the input already has a column named '\(name)', which the join would add; rename it first"
    case .sameColumn(let name):
      return "--lon-column and --lat-column both name column '\(name)'; name the longitude and the latitude columns"
    case .duplicateColumn(let path, let reason):
      return "\(path): \(reason)"
    case .outputIsInput(let output, let input):
      return "--out \(output) is the input file \(input) itself; writing it would destroy the rows still to be read. "
        + "Choose another output file"
    }
  }
}
