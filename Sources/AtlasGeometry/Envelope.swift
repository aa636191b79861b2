/// An axis-aligned bounding box.
public struct Envelope: Hashable, Sendable {
  public var minX: Double
  public var minY: Double
  public var maxX: Double
  public var maxY: Double

  /// The empty envelope: extending it by any point yields that point.
  public static let empty = Envelope(minX: .infinity, minY: .infinity, maxX: -.infinity, maxY: -.infinity)

  public init(minX: Double, minY: Double, maxX: Double, maxY: Double) {
    self.minX = minX
    self.minY = minY
    self.maxX = maxX
    self.maxY = maxY
  }

  public var isEmpty: Bool { minX > maxX || minY > maxY }

  public mutating func extend(x: Double, y: Double) {
    minX = Swift.min(minX, x)
    minY = Swift.min(minY, y)
    maxX = Swift.max(maxX, x)
    maxY = Swift.max(maxY, y)
  }

  public mutating func extend(_ other: Envelope) {
    guard !other.isEmpty else { return }
    extend(x: other.minX, y: other.minY)
    extend(x: other.maxX, y: other.maxY)
  }

  public func contains(x: Double, y: Double) -> Bool {
    x >= minX && x <= maxX && y >= minY && y <= maxY
  }
}
