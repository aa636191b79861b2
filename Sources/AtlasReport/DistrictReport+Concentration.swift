import AtlasStore

extension DistrictReport {
  /// An index with its interval on a second line: `0.213` / `0.198–0.229`, or
  /// `−0.062` / `−0.065 to −0.059` when a bound is negative.
  static func indexText(_ d: DisparityIndex) -> String {
    guard let low = d.ciLow, let high = d.ciHigh else { return Format.decimal(d.value, digits: 3) }
    // A bound below 0 would read as a dash: "−0.065 to −0.059".
    let interval = low < 0 ? Format.decimal(low, digits: 3) + " to " + Format.decimal(high, digits: 3) : Format.interval(low, high, digits: 3)
    return Format.decimal(d.value, digits: 3) + "\n" + interval
  }

  /// The groups whose concentration indices the report shows: the city's four largest.
  static let concentrationGroups = ["B", "H", "W", "ASIAN"]

  /// Concentration of slow response by residents' group (beats and districts, the 90th
  /// percentiles per priority) and the dissimilarity of calls against residents.
  func concentrationBlocks() -> [Block] {
    let layers = [(Self.beats, "beats"), (Self.layer, "districts")]
    let concentration = model.disparities.filter { d in
      layers.contains { $0.0 == d.layer } && d.family == "calls" && d.stratum != "all"
        && (d.metric == "call_to_dispatch_p90_seconds" || d.metric == "call_to_on_scene_p90_seconds") && d.index.hasPrefix("concentration_")
    }
    let dissimilarity = model.disparities.filter { d in layers.contains { $0.0 == d.layer } && d.index == "dissimilarity_residents" }
    guard !concentration.isEmpty || !dissimilarity.isEmpty else { return [] }
    var blocks: [Block] = [.heading("Who lives where response is slow: concentration by group")]
    if !concentration.isEmpty {
      blocks.append(
        .paragraph([
          TextRun(
            "Areas are ranked by their share of residents of a group, smallest share first, and weighted by residents. The concentration "
              + "index C is positive when the 90th percentile is longer where the group's share is larger (slower service concentrated "
              + "among the group), negative when it is longer where the share is smaller, and 0 when it is unrelated (C lies in −1…1; "
              + "Kakwani, Wagstaff & van Doorslaer 1997).")
        ]))
      var keys: [String] = []
      var cells: [String: [String: DisparityIndex]] = [:]
      for d in concentration {
        let key = d.layer + "|" + d.metric + "|" + d.stratum
        if cells[key] == nil { keys.append(key) }
        cells[key, default: [:]][String(d.index.dropFirst("concentration_".count))] = d
      }
      blocks.append(
        .table(
          Table(
            columns: [Table.Column("Areas", width: 0.8, .leading), Table.Column("Measure", width: 2.4, .leading)]
              + Self.concentrationGroups.map { Table.Column(GroupLabels.name($0), width: 1) },
            rows: keys.map { key in
              let parts = key.split(separator: "|").map(String.init)
              let label = layers.first { $0.0 == parts[0] }!.1
              return .cells(
                [Cell(label), Cell(describe("calls", parts[1], parts[2]))]
                  + Self.concentrationGroups.map { g in
                    guard let d = cells[key]![g] else { return Cell(Format.missing) }
                    let side = d.ciLow.map { $0 > 0 } == true ? 1 : d.ciHigh.map { $0 < 0 } == true ? -1 : 0
                    return Cell(Self.indexText(d), bold: side != 0, color: side > 0 ? .alert : nil)
                  })
            }, fontSize: 8)))
      blocks.append(
        .note(
          "Under each index, its 95% interval (\(model.resampleDescription)). In bold: the interval excludes 0; red: slower service "
            + "concentrated where the group's share is larger."))
    }
    if !dissimilarity.isEmpty {
      blocks.append(.heading("Calls against residents: dissimilarity"))
      blocks.append(
        .paragraph([
          TextRun(
            "The dissimilarity D is the share of 911 calls that would have to move between areas for calls to be spread as residents "
              + "are (0: in proportion to residents; 1: where no one lives). It describes where calls come from, not service quality: "
              + "calls also come from workers, visitors and traffic. Interval: the calls resampled across the city.")
        ]))
      let strata = ["P1", "P2", "P3", "all"]
      blocks.append(
        .table(
          Table(
            columns: [Table.Column("Areas", width: 1, .leading)]
              + ["priority 1", "priority 2", "priority 3", "all calls"].map { Table.Column($0, width: 1) },
            rows: layers.compactMap { id, label in
              let row = strata.map { s in dissimilarity.first { $0.layer == id && $0.stratum == s } }
              guard row.contains(where: { $0 != nil }) else { return nil }
              return .cells([Cell(label)] + row.map { Cell($0.map(Self.indexText) ?? Format.missing) })
            }, fontSize: 8)))
    }
    return blocks
  }
}

extension ReportModel {
  /// How the index intervals were made, from the manifest: "percentile bootstrap, 999
  /// resamples of the calls within each area".
  var resampleDescription: String {
    let resamples = parameters.first { $0.key == "index_interval_resamples" }?.value ?? "the manifest's number of"
    return "percentile bootstrap, \(resamples) resamples of the calls within each area"
  }
}
