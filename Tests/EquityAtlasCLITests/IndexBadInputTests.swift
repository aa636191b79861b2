import AtlasTestSupport
import Foundation
import Testing

/// `index` on the bad inputs of issue 8 (probes I05, I08–I15, I18): valid JSON always, exact
/// results for huge and subnormal numbers, errors that name file, line and column.
@Suite("equity-atlas index: bad input")
struct IndexBadInputTests {
  func table(_ text: String) throws -> (URL, String) {
    let directory = try TestData.temporaryDirectory()
    let path = directory.appendingPathComponent("table.csv").path
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    return (directory, path)
  }

  /// The JSON object printed by `index --json`, with nulls kept as NSNull.
  func json(_ run: (status: Int32, stdout: String, stderr: String)) throws -> [String: Any] {
    #expect(run.status == 0, "\(run.stderr)")
    return try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
  }

  @Test("I09/I10/I11/I12: values or weights of 1e308, 1e-320 give the same indices as the same table at ordinary scale")
  func extremeScales() throws {
    // Reference: values 1, 1, 0.1 weighted 1, 1.5, 0.5, groups a, a, b. The variants multiply a
    // column by a constant, which leaves every index unchanged.
    let (directory, reference) = try table("area,v,w,g\n1,1,1,a\n2,1,1.5,a\n3,0.1,0.5,b\n")
    defer { try? FileManager.default.removeItem(at: directory) }
    let expected = try json(try equityAtlas(["index", reference, "--value", "v", "--weight", "w", "--group", "g", "--json"]))
    // (table, relative tolerance): decimal text rounds each number by ~1e-16 relative, except
    // subnormal weights, which hold 1e-320 only to ~1e-4.
    let variants: [(String, Double)] = [
      ("area,v,w,g\n1,1e308,1,a\n2,1e308,1.5,a\n3,1e307,0.5,b\n", 1e-12),  // huge values (I09)
      ("area,v,w,g\n1,1,1e308,a\n2,1,1.5e308,a\n3,0.1,5e307,b\n", 1e-12),  // huge weights (I10)
      ("area,v,w,g\n1,1,2e-320,a\n2,1,3e-320,a\n3,0.1,1e-320,b\n", 1e-3),  // subnormal weights (I11)
      ("area,v,w,g\n1,1e-310,1,a\n2,1e-310,1.5,a\n3,1e-311,0.5,b\n", 1e-9),  // subnormal values (I12)
    ]
    for (k, (text, tolerance)) in variants.enumerated() {
      let (other, path) = try table(text)
      defer { try? FileManager.default.removeItem(at: other) }
      let result = try json(try equityAtlas(["index", path, "--value", "v", "--weight", "w", "--group", "g", "--json"]))
      #expect(Set(result.keys) == Set(expected.keys), "variant \(k)")
      for (key, value) in expected {
        guard let want = value as? Double else { continue }
        let got = try #require(result[key] as? Double, "variant \(k) \(key): \(String(describing: result[key]))")
        #expect(abs(got - want) <= tolerance * max(1e-3, abs(want)), "variant \(k) \(key): \(got) vs \(want)")
      }
    }
  }

  @Test("a table whose value is 0 somewhere prints null (not nan) for the undefined indices, and the rest")
  func nullForUndefined() throws {
    let (directory, path) = try table("area,v\n1,0\n2,3\n")
    defer { try? FileManager.default.removeItem(at: directory) }
    let result = try json(try equityAtlas(["index", path, "--value", "v", "--json"]))
    #expect(result["theil_l"] is NSNull)
    #expect(result["atkinson_1"] is NSNull)
    #expect(abs((result["gini"] as? Double ?? .nan) - 0.5) < 1e-12, "Gini of [0, 3] is |0 − 3| / (2 · 2 · 1.5) = 0.5")
  }

  @Test("I05: a negative value or weight names the file, line and column")
  func negative() throws {
    let (directory, path) = try table("area,v,w\n1,2,1\n2,-1,1\n3,2,-4\n")
    defer { try? FileManager.default.removeItem(at: directory) }
    let run = try equityAtlas(["index", path, "--value", "v", "--weight", "w"])
    #expect(run.status != 0)
    #expect(run.stderr.contains("\(path):3: v -1 is negative (column 2)"), "\(run.stderr)")
    #expect(run.stderr.contains("\(path):4: w -4 is negative (column 3)"), "\(run.stderr)")
    #expect(!run.stderr.contains("values[0]"))
  }

  @Test("I08: a blank group label is an error naming the line; --skip-invalid leaves the row out and says so")
  func blankGroup() throws {
    let (directory, path) = try table("area,v,g\n1,1,a\n2,2, \n3,3,b\n")
    defer { try? FileManager.default.removeItem(at: directory) }
    let run = try equityAtlas(["index", path, "--value", "v", "--group", "g"])
    #expect(run.status != 0)
    #expect(run.stderr.contains("\(path):3: g is empty (column 3)"), "\(run.stderr)")
    let skipping = try equityAtlas(["index", path, "--value", "v", "--group", "g", "--skip-invalid"])
    #expect(skipping.status == 0, "\(skipping.stderr)")
    #expect(skipping.stdout.contains("2 rows of"))
    #expect(skipping.stdout.contains("1 invalid rows left out"))
  }

  @Test("I13: a header naming a column twice is an error naming both columns")
  func duplicateHeader() throws {
    let (directory, path) = try table("area,v,w,v\n1,1,1,5\n2,2,1,6\n")
    defer { try? FileManager.default.removeItem(at: directory) }
    let run = try equityAtlas(["index", path, "--value", "v"])
    #expect(run.status != 0)
    #expect(run.stderr.contains("\(path): the header names column 'v' more than once (columns 2, 4)"), "\(run.stderr)")
  }

  @Test("I14/I15: a short or a long row is an error naming its line and both field counts")
  func rowLength() throws {
    let (directory, path) = try table("area,v,w\n1,1,1\n2,2\n3,3,1,9\n")
    defer { try? FileManager.default.removeItem(at: directory) }
    let run = try equityAtlas(["index", path, "--value", "v", "--weight", "w"])
    #expect(run.status != 0)
    #expect(run.stderr.contains("\(path):3: the row has 2 fields, the header has 3"), "\(run.stderr)")
    #expect(run.stderr.contains("\(path):4: the row has 4 fields, the header has 3"), "\(run.stderr)")
  }

  @Test("I18: --skip-invalid with every row invalid says so; all-zero values and a header-only table are named as such")
  func nothingLeft() throws {
    let (directory, path) = try table("area,v\n1,x\n2,\n")
    defer { try? FileManager.default.removeItem(at: directory) }
    let run = try equityAtlas(["index", path, "--value", "v", "--skip-invalid"])
    #expect(run.status != 0)
    #expect(run.stderr.contains("every one of its 2 rows is invalid"), "\(run.stderr)")
    #expect(run.stderr.contains("\(path):2: v 'x' is not a number"), "\(run.stderr)")

    let (zeroDirectory, zeros) = try table("area,v\n1,0\n2,0\n")
    defer { try? FileManager.default.removeItem(at: zeroDirectory) }
    let zero = try equityAtlas(["index", zeros, "--value", "v", "--json"])
    #expect(zero.status != 0)
    #expect(zero.stderr.contains("every value in column 'v' is 0 (2 rows)"), "\(zero.stderr)")

    let (headerDirectory, headerOnly) = try table("area,v\n")
    defer { try? FileManager.default.removeItem(at: headerDirectory) }
    let empty = try equityAtlas(["index", headerOnly, "--value", "v"])
    #expect(empty.status != 0)
    #expect(empty.stderr.contains("no data rows"), "\(empty.stderr)")
  }
}
