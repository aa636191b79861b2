/// The one error type of `AtlasStatistics`.
///
/// Every case names the argument that failed (the parameter label as written at the call site,
/// e.g. `"weights"`) and, where there is one, the position of the offending element, so that a
/// caller can point a user at the row of their table that broke the computation.
public enum StatisticsError: Error, Hashable, Sendable {
  /// An input that needs at least `minimum` elements had `actual`.
  case tooFewElements(argument: String, minimum: Int, actual: Int)
  /// Two inputs that must be parallel (one entry per area, say) have different lengths.
  case lengthMismatch(argument: String, expected: Int, actual: Int)
  /// An element is NaN or infinite.
  case notFinite(argument: String, index: Int)
  /// An element is negative where only values ≥ 0 are meaningful (counts, populations,
  /// weights, areas, rates).
  case negative(argument: String, index: Int)
  /// An element is zero or negative where the formula takes its logarithm, a negative power,
  /// or divides by it.
  case notPositive(argument: String, index: Int)
  /// The total (of weights, of values, of a group) that the formula divides by is zero.
  case zeroTotal(argument: String)
  /// A scalar parameter lies outside its domain; `domain` says what was allowed.
  case parameterOutOfDomain(name: String, value: Double, domain: String)
  /// An argument is malformed in a way no other case describes (duplicate group keys, a
  /// reference group that is not among the groups); `reason` says how.
  case invalidArgument(argument: String, reason: String)
  /// An index stored in one input points outside another (a row naming source 12 of 10).
  case indexOutOfRange(argument: String, index: Int, count: Int)
  /// The quantity is undefined for this data even though every input is valid, e.g. a BCa
  /// interval when every bootstrap replicate lies on one side of the estimate.
  case degenerate(reason: String)
}

extension StatisticsError: CustomStringConvertible {
  /// One sentence for a user, naming the argument and element.
  public var description: String {
    switch self {
    case .tooFewElements(let argument, let minimum, let actual):
      "\(argument) needs at least \(minimum) element(s), got \(actual)"
    case .lengthMismatch(let argument, let expected, let actual):
      "\(argument) has \(actual) element(s), expected \(expected)"
    case .notFinite(let argument, let index):
      "\(argument)[\(index)] is NaN or infinite"
    case .negative(let argument, let index):
      "\(argument)[\(index)] is negative"
    case .notPositive(let argument, let index):
      "\(argument)[\(index)] is zero or negative"
    case .zeroTotal(let argument):
      "\(argument) sum to zero"
    case .parameterOutOfDomain(let name, let value, let domain):
      "\(name) = \(value) is outside \(domain)"
    case .invalidArgument(let argument, let reason):
      "\(argument): \(reason)"
    case .indexOutOfRange(let argument, let index, let count):
      "\(argument) index \(index) is outside 0..<\(count)"
    case .degenerate(let reason):
      reason
    }
  }
}
