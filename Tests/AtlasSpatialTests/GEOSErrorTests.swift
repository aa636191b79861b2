import AtlasGeometry
import AtlasSpatial
import Testing

/// GEOS failures surface as `GEOSError` with GEOS's own message and the input named; a
/// context that failed once keeps working and reports the next failure's own message.
@Suite("GEOS errors")
struct GEOSErrorTests {
  typealias P = Position<IllinoisEastFtUS>

  func square(_ x: Double, _ y: Double, _ side: Double) -> Polygon<IllinoisEastFtUS> {
    Polygon(exterior: Ring([P(x: x, y: y), P(x: x + side, y: y), P(x: x + side, y: y + side), P(x: x, y: y + side), P(x: x, y: y)]))
  }

  @Test("a ring of two positions: GEOS's message (\"Invalid number of points in LinearRing\"), the target named")
  func shortRing() throws {
    let bad = Polygon(exterior: Ring([P(x: 0, y: 0), P(x: 0, y: 0)]))
    #expect { try Overlay(targets: [[self.square(0, 0, 10)], [bad]]) } throws: { error in
      guard let error = error as? GEOSError else { return false }
      return error.input == "target 1" && error.message.contains("Invalid number of points in LinearRing") && error.operation == "createLinearRing"
    }
  }

  @Test("hand-derived: after a failure the same overlay reports the next failure's own message, then measures again")
  func messagesDoNotLeak() throws {
    let overlay = try Overlay(targets: [[square(0, 0, 10)]])
    let short = Polygon(exterior: Ring([P(x: 0, y: 0), P(x: 0, y: 0)]))
    let open = Polygon(exterior: Ring([P(x: 0, y: 0), P(x: 5, y: 0), P(x: 5, y: 5), P(x: 0, y: 5)]))
    var first = ""
    #expect { try overlay.overlaps(of: [[short]]) } throws: { error in
      first = (error as? GEOSError)?.message ?? ""
      return (error as? GEOSError)?.input == "source 0"
    }
    #expect { try overlay.coverage(byDisjoint: [open]) } throws: { error in
      guard let error = error as? GEOSError else { return false }
      return error.message.contains("closed") && error.message != first && error.input == "coverage near target 0"
    }
    // A 5 × 5 square inside the 10 × 10 target: 25 square feet.
    #expect(try overlay.coverage(byDisjoint: [square(2, 2, 5)]) == [25])
    // A 4 × 4 square over the target's corner: 2 × 2 = 4 square feet inside.
    let overlaps = try overlay.overlaps(of: [[square(8, 8, 4)]])
    #expect(overlaps.map(\.source) == [0] && overlaps.map(\.target) == [0] && overlaps.map(\.area) == [4])
  }
}
