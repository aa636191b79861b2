import AtlasIO
import AtlasTestSupport
import Testing

/// The layer roles in `Boundaries/manifest.json` replace layer ids written into the pipeline, so
/// they must describe the real layers exactly.
@Suite("boundary registry: layer roles")
struct LayerRoleTests {
  @Test("each role is declared once, by the layers the analysis treated specially before roles existed")
  func rolesAreUnique() throws {
    let manifest = try BoundaryManifest.bundled()
    let declared = manifest.layers.compactMap { spec in spec.role.map { ($0, spec.id) } }
    #expect(Dictionary(grouping: declared, by: \.0).allSatisfy { $0.value.count == 1 })
    #expect(manifest.layer(.currentWards, among: manifest.layers.map(\.id))?.id == "wards-2023")
    #expect(manifest.layer(.policeDistricts, among: manifest.layers.map(\.id))?.id == "police-districts")
    #expect(manifest.layer(.policeBeats, among: manifest.layers.map(\.id))?.id == "police-beats")
    #expect(manifest.layer(.communityAreas, among: manifest.layers.map(\.id))?.id == "community-areas")
    // A role whose layer is not analysed is absent.
    #expect(manifest.layer(.policeBeats, among: ["wards-2023", "police-districts"]) == nil)
  }

  @Test("every real beat's parent id (its number's leading digits) is a real district, and every district has a beat")
  func beatsMapOntoDistricts() throws {
    let manifest = try BoundaryManifest.bundled()
    let beatSpec = try #require(manifest.layers.first { $0.role == .policeBeats })
    let parent = try #require(beatSpec.parent)
    #expect(parent.parentID(of: "0833") == "8")
    #expect(parent.parentID(of: "3100") == "31")
    #expect(parent.parentID(of: "0000") == nil)
    #expect(parent.parentID(of: "B12") == nil)
    let beats = try TestData.layer(beatSpec.id)
    let districts = Set(try TestData.layer(parent.layer).areas.map(\.id))
    let parents = beats.areas.map { parent.parentID(of: $0.id) }
    #expect(beats.areas.count == 275)
    #expect(parents.allSatisfy { $0.map(districts.contains) == true })
    #expect(Set(parents.compactMap { $0 }) == districts)
  }
}
