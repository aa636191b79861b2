/// Why a synthesis run could not start or finish. File-writing failures arrive as AtlasIO's
/// `FileIOError`, boundary-loading failures as `DataDirectoryError`.
public enum SynthError: Error, CustomStringConvertible, Equatable {
  case invalidConfiguration(String)
  /// A real input file is missing, unreadable or lacks a column the generator needs.
  case realInput(path: String, reason: String)
  case unknownTimeZone(String)

  public var description: String {
    switch self {
    case .invalidConfiguration(let reason): return "invalid synthesis configuration: \(reason)"
    case .realInput(let path, let reason): return "\(path): \(reason)"
    case .unknownTimeZone(let id): return "time zone \(id) is not known to Foundation"
    }
  }
}
