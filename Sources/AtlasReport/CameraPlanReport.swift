import AtlasGeometry
import AtlasPlan
import AtlasProjection
import Foundation

/// PDF pages of a camera plan: one page per ward (`ward-NN-plan.pdf`) and the city page of
/// `cameras.pdf`.
public struct CameraPlanReport {
  let model: ReportModel
  let plan: CameraPlan

  public init(model: ReportModel, plan: CameraPlan) {
    self.model = model
    self.plan = plan
  }

  /// `ward-07-plan.pdf`.
  public static func fileName(_ wardID: String) -> String {
    "ward-" + (Int(wardID).map { String(format: "%02d", $0) } ?? wardID) + "-plan.pdf"
  }

  var objectiveWords: String {
    switch plan.objective {
    case .residents: return "residents newly in reach"
    case .calls: return "911 calls newly in reach"
    case .equity: return "residents newly in reach, weighted by how far their group's share outside reach exceeds the best-served group's"
    }
  }

  /// The one-page plan of `plan`'s single ward.
  public func wardDocument() throws -> Document {
    guard let wardID = plan.scope.first, let ward = model.areas(CameraPlan.wards).first(where: { $0.id == wardID }) else {
      throw ReportError(path: model.atlasPath, message: "no ward '\(plan.scope.first ?? "")' to draw")
    }
    let name = "Ward \(ward.id)"
    var blocks: [Block] = [
      .title(
        "\(name): the next \(plan.budget) camera\(plan.budget == 1 ? "" : "s")",
        subtitle: "Camera plan for the aldermanic office and OPSA · \(plan.objective.rawValue) objective"
          + (plan.restoreFirst ? " · cameras that are down restored first" : ""))
    ]
    blocks += model.syntheticBanner
    let placed = plan.sites.count
    blocks.append(
      .paragraph([
        TextRun(
          "With \(placed) \(placed == plan.budget ? "" : "of \(plan.budget) ")site\(placed == 1 ? "" : "s") placed by this plan, residents of \(name) outside camera "
            + "reach fall from \(Format.integer(plan.total.outsideBefore)) (\(Format.percent(plan.total.shareBefore))) to "
            + "\(Format.integer(plan.total.outsideAfter)) (\(Format.percent(plan.total.shareAfter))); the gap between groups from "
            + "\(Format.decimal(plan.gapBefore * 100)) to \(Format.decimal(plan.gapAfter * 100)) percentage points. The best possible \(plan.budget) sites do at most "
            + "\(Format.percent(plan.solution.gap)) better on the objective (bound: \(plan.solution.boundSource)). "
            + (plan.sites.first.map {
              "Site 1 (\($0.kind == "restore" ? "restoring \($0.cameraID ?? "")" : "new"), beat \($0.beat)) alone brings \(Format.integer($0.residents)) residents into reach. "
            } ?? "")
            + "Every site, its beat, coordinates and residents newly in reach by group: sites.csv beside this page.")
      ]))
    blocks.append(.figures([.map(try wardMap(ward))], height: 240))
    blocks.append(groupTable(title: "Outside reach"))
    blocks.append(.note(methodNote()))
    return Document(
      title: "\(name) camera plan — EquityAtlas\(model.originNote)",
      subject: "Where new or restored cameras reach the most residents in \(name), Chicago",
      runningHeader: "\(name) camera plan" + (model.isSynthetic ? " · SYNTHETIC DATA" : ""), marker: model.marker, blocks: blocks)
  }

  /// The budget of the city page in `cameras.pdf`.
  public static let cityBudget = 50

  /// The city page of `cameras.pdf`: a `cityBudget`-camera residents plan over the whole city,
  /// residents spread evenly within wards (`report` reads no data directory), or a paragraph
  /// saying why there is none.
  static func cityPage(model: ReportModel) -> [Block] {
    do {
      let plan = try CameraPlan.make(model: model, wards: [], objective: .residents, budget: cityBudget, restoreFirst: false, pieces: nil)
      return CameraPlanReport(model: model, plan: plan).cityBlocks()
    } catch {
      return [.heading("With \(cityBudget) more cameras placed by a plan"), .paragraph([TextRun("No plan could be made from this atlas: \(error)")])]
    }
  }

  /// Blocks of the city page in `cameras.pdf`.
  public func cityBlocks() -> [Block] {
    [
      .pageBreak,
      .heading("With \(plan.budget) more cameras placed by a plan"),
      .paragraph([
        TextRun(
          "With \(plan.sites.count) more cameras placed by this plan (equity-atlas plan cameras --budget \(plan.budget), objective: "
            + "\(objectiveWords)), residents outside reach fall from \(Format.integer(plan.total.outsideBefore)) "
            + "(\(Format.percent(plan.total.shareBefore))) to \(Format.integer(plan.total.outsideAfter)) (\(Format.percent(plan.total.shareAfter))); "
            + "the gap between groups (largest minus smallest group share outside reach) from \(Format.decimal(plan.gapBefore * 100)) to \(Format.decimal(plan.gapAfter * 100)) percentage points. The best possible "
            + "\(plan.budget) sites reach at most \(Format.percent(plan.solution.gap)) more (bound: \(plan.solution.boundSource)).")
      ]),
      .figures([.map(cityMap())], height: 360),
      groupTable(title: "Outside reach"),
      .note(
        methodNote() + " This page spreads each ward's residents outside reach evenly over its cells (the report has no data directory); "
          + "plan cameras --data DIR uses the finest population weights and lists every site with its ward and beat."),
    ]
  }

  func groupTable(title: String) -> Block {
    let rows: [Table.Row] = ([plan.total] + plan.groups).map { row in
      let small = model.withholds(count: row.residents)
      func count(_ v: Double) -> Cell { small || model.withholds(count: v) && v > 0.5 ? Cell(Format.suppressed) : Cell(Format.integer(v)) }
      func share(_ v: Double) -> Cell { small ? Cell(Format.suppressed) : Cell(Format.percent(v)) }
      return .cells([
        Cell(row.group == "all" ? "Everybody" : GroupLabels.name(row.group), bold: row.group == "all"), count(row.residents),
        count(row.outsideBefore),
        share(row.shareBefore), count(row.outsideAfter), share(row.shareAfter),
      ])
    }
    return .table(
      Table(
        columns: [
          Table.Column("Group (2020 census)", width: 2, .leading), Table.Column("Residents", width: 1), Table.Column("\(title) now", width: 1.1),
          Table.Column("Share now", width: 0.8), Table.Column("\(title) after", width: 1.1), Table.Column("Share after", width: 0.8),
        ],
        rows: rows, fontSize: 7.5))
  }

  func methodNote() -> String {
    var text =
      "In reach: within \(Format.integer(plan.radiusFeet)) ft of a working camera (the atlas's radius and uptime threshold). "
      + "Candidate sites: the centres of a \(Format.integer(CameraPlan.spacingFeet)) ft grid (EPSG:3435)"
      + (plan.downCameras > 0
        ? " and the \(plan.downCameras) camera\(plan.downCameras == 1 ? "" : "s") down in scope (restoring one costs one unit of budget)" : "")
      + ". Residents outside reach now are the atlas's estimate (residents × (1 − share of the ward in reach)). Solver: lazy greedy, "
      + "within (1 − 1/e) of the best; the stated bound caps how much better any plan could do."
    if plan.objective == .equity {
      text +=
        " Equity weight of a group: 1 + (o_g − o_min) ÷ (o_max − o_min) (o_g: the group's share outside reach; o_min, o_max: the best- and worst-served group's)."
    }
    return text + (plan.notes.isEmpty ? "" : " Notes: " + plan.notes.joined(separator: "; ") + ".")
  }

  // MARK: Maps

  /// A disc of `radius` feet as a 36-gon, in lon/lat.
  static func disc(
    _ centre: Position<IllinoisEastFtUS>, radius: Double, _ toDegrees: Transformer<IllinoisEastFtUS, WGS84LonLat>
  ) throws -> Polygon<WGS84LonLat> {
    let ring = (0...36).map { k -> Position<IllinoisEastFtUS> in
      let a = Double(k % 36) / 36 * 2 * Double.pi
      return Position(x: centre.x + radius * cos(a), y: centre.y + radius * sin(a))
    }
    return Polygon(exterior: Ring(try toDegrees.transform(ring, to: WGS84LonLat.self)))
  }

  static let reachFill = Color(hex: 0xC6DBEF)
  static let siteColor = Color(hex: 0x000000)

  func wardMap(_ ward: ReportModel.AreaRecord) throws -> MapFigure {
    let toDegrees = try Transformer<IllinoisEastFtUS, WGS84LonLat>()
    var view = Envelope.empty
    for p in ward.polygons { view.extend(p.envelope) }
    let padX = (view.maxX - view.minX) * 0.06 + 0.002
    let padY = (view.maxY - view.minY) * 0.06 + 0.002
    view = Envelope(minX: view.minX - padX, minY: view.minY - padY, maxX: view.maxX + padX, maxY: view.maxY + padY)
    var shapes = [MapShape(ward.polygons, fill: .white)]
    let instance = plan.instance
    // Residents outside reach per cell, in classes.
    let half = instance.spacing / 2
    let demand = instance.residents
    let classes = Classification(demand.filter { $0 > 0 })
    do {
      for c in instance.cellCentres.indices where demand[c] > 0 {
        let p = instance.cellCentres[c]
        let square = [(-half, -half), (half, -half), (half, half), (-half, half), (-half, -half)].map {
          Position<IllinoisEastFtUS>(x: p.x + $0.0, y: p.y + $0.1)
        }
        shapes.append(MapShape([Polygon(exterior: Ring(try toDegrees.transform(square, to: WGS84LonLat.self)))], fill: classes.color(demand[c])))
      }
      let reach = instance.cellCentres.indices.filter { instance.cellInReach[$0] }
      for c in reach {
        let p = instance.cellCentres[c]
        let square = [(-half, -half), (half, -half), (half, half), (-half, half), (-half, -half)].map {
          Position<IllinoisEastFtUS>(x: p.x + $0.0, y: p.y + $0.1)
        }
        shapes.append(MapShape([Polygon(exterior: Ring(try toDegrees.transform(square, to: WGS84LonLat.self)))], fill: Self.reachFill))
      }
      for s in plan.sites {
        shapes.append(MapShape([try Self.disc(s.positionFeet, radius: plan.radiusFeet, toDegrees)], stroke: Self.siteColor, lineWidth: 1.1))
      }
    }
    let beats = model.areas(CameraPlan.beats).filter { b in
      b.polygons.contains {
        $0.envelope.minX <= view.maxX && $0.envelope.maxX >= view.minX && $0.envelope.minY <= view.maxY && $0.envelope.maxY >= view.minY
      }
    }
    shapes.append(MapShape(beats.flatMap(\.polygons), stroke: Color(hex: 0x9A9A9A), lineWidth: 0.4))
    shapes.append(MapShape(ward.polygons, stroke: Color(hex: 0x444444), lineWidth: 1.6))
    let cameras = model.cameras.filter { view.contains(x: $0.position.x, y: $0.position.y) }
    var points = cameras.map { MapPoint($0.position, color: CameraStyle.color($0.type), radius: 1.2) }
    points += plan.sites.map { MapPoint($0.position, color: Self.siteColor, radius: 2.4) }
    let labels = plan.sites.map { MapLabel(Position(x: $0.position.x + 0.0009, y: $0.position.y + 0.0006), String($0.rank), size: 7, bold: true) }
    var legend = classes.legend { Format.decimal($0) }.map { LegendItem($0.symbol, $0.label + " residents outside reach") }
    legend.append(LegendItem(.swatch(Self.reachFill), "in reach now"))
    legend.append(LegendItem(.line(Self.siteColor, width: 1.1), "proposed site (numbered) and its reach"))
    legend.append(LegendItem(.line(Color(hex: 0x444444), width: 1.6), "Ward \(ward.id)"))
    legend.append(LegendItem(.line(Color(hex: 0x9A9A9A), width: 0.6), "police beat"))
    for type in Array(Set(cameras.map(\.type))).sorted() { legend.append(LegendItem(.point(CameraStyle.color(type)), "\(type) camera")) }
    return MapFigure(
      title: "Ward \(ward.id): current reach and the proposed sites", view: view, shapes: shapes, points: points, labels: labels,
      legendTitle: "\(Format.integer(instance.spacing)) ft cells", legend: legend,
      caption: "Cells shaded by the residents outside reach each holds (quantile classes); blue cells are within reach of a working camera. "
        + "Numbers: the plan's ranks.")
  }

  func cityMap() -> MapFigure {
    let shapes = model.areas(CameraPlan.wards).map { w in
      MapShape(w.polygons, fill: Color(hex: 0xF4F4F0), stroke: Color(hex: 0x555555), lineWidth: 0.4)
    }
    let labels = model.areas(CameraPlan.wards).compactMap { w in model.labelPosition(w).map { MapLabel($0, w.id, size: 6, bold: true) } }
    return MapFigure(
      title: "The \(plan.sites.count) sites of the plan", view: model.envelope(CameraPlan.wards), shapes: shapes,
      points: plan.sites.map { MapPoint($0.position, color: Self.siteColor, radius: 1.6) }, labels: labels,
      legend: [LegendItem(.point(Self.siteColor), "proposed site"), LegendItem(.line(Color(hex: 0x555555), width: 0.6), "ward (numbered)")],
      caption: "Each site reaches \(Format.integer(plan.radiusFeet)) ft; the dots are drawn larger than that so they show at city scale.")
  }
}
