/// `index.html` and `style.css` of the site. Everything they load is inside the site folder:
/// Leaflet in `leaflet/`, the data scripts in `data/`, no tiles, fonts or scripts from elsewhere.
enum PageFiles {
  /// The page; `DATA_SCRIPTS` is replaced by the script tags of `data/site.js` and the first layer.
  static let html = #"""
    <!doctype html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>EquityAtlas: public-safety services by area</title>
    <link rel="stylesheet" href="leaflet/leaflet.css">
    <link rel="stylesheet" href="style.css">
    </head>
    <body>
    <a class="skip" href="#main">Skip to the content</a>
    <div id="synthetic" class="banner" role="note" hidden></div>
    <header>
      <h1>EquityAtlas: public-safety services by area</h1>
      <div role="tablist" aria-label="Views" class="tabs">
        <button type="button" role="tab" id="tab-map" aria-controls="view-map">Map</button>
        <button type="button" role="tab" id="tab-table" aria-controls="view-table">Table</button>
        <button type="button" role="tab" id="tab-about" aria-controls="view-about">About these data</button>
      </div>
      <div class="controls">
        <label>Layer <select id="layer"></select></label>
        <label>Metric <select id="metric"></select></label>
        <label>Area <select id="area"></select></label>
        <span id="status" role="status"></span>
      </div>
    </header>
    <main id="main">
      <section id="view-map" role="tabpanel" aria-labelledby="tab-map">
        <div class="mapbox">
          <div id="map" role="region" aria-label="Map of the chosen layer" aria-describedby="map-summary"></div>
          <p id="map-summary" class="summary"></p>
        </div>
        <aside id="panel" tabindex="-1" aria-live="polite" aria-label="Figures of the selected area"></aside>
      </section>
      <section id="view-table" role="tabpanel" aria-labelledby="tab-table" hidden>
        <p><button type="button" id="download">Download this table (CSV)</button></p>
        <table id="table" class="data"></table>
      </section>
      <section id="view-about" role="tabpanel" aria-labelledby="tab-about" hidden>
        <div id="about"></div>
      </section>
    </main>
    <noscript><p class="banner">This atlas needs JavaScript. The same figures are in the CSV exports of <code>equity-atlas report exports</code>.</p></noscript>
    <script src="leaflet/leaflet.js"></script>
    DATA_SCRIPTS
    <script src="app.js"></script>
    </body>
    </html>

    """#

  static let css = #"""
    * { box-sizing: border-box; }
    html, body { margin: 0; padding: 0; }
    body { font-family: "DejaVu Sans", Verdana, Arial, sans-serif; font-size: 15px; color: #1a1a1a; background: #fff; line-height: 1.4; }
    .skip { position: absolute; left: -9999px; }
    .skip:focus { left: 8px; top: 8px; z-index: 2000; background: #fff; padding: 6px; }
    .banner { margin: 0; padding: 8px 16px; background: #7a0019; color: #fff; font-weight: bold; letter-spacing: 0.02em; }
    header { padding: 8px 16px; border-bottom: 1px solid #ccc; }
    h1 { font-size: 20px; margin: 4px 0 8px; }
    h2 { font-size: 17px; margin: 4px 0 6px; }
    h3 { font-size: 15px; margin: 14px 0 4px; }
    .tabs { display: flex; gap: 4px; margin-bottom: 8px; }
    .tabs button { font: inherit; padding: 6px 14px; border: 1px solid #666; background: #f4f4f4; border-radius: 4px 4px 0 0; cursor: pointer; }
    .tabs button[aria-selected="true"] { background: #1a1a1a; color: #fff; border-color: #1a1a1a; }
    .controls { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; }
    .controls select { font: inherit; max-width: 32em; }
    :focus-visible { outline: 3px solid #d95f02; outline-offset: 2px; }
    #view-map { display: flex; gap: 12px; padding: 8px 16px; height: calc(100vh - 150px); min-height: 480px; }
    #view-map[hidden], section[hidden] { display: none; }
    .mapbox { flex: 1 1 60%; display: flex; flex-direction: column; min-width: 300px; }
    #map { flex: 1; border: 1px solid #999; background: #f7f7f7; }
    .summary { font-size: 13px; margin: 6px 0 0; }
    #panel { flex: 0 1 440px; overflow: auto; border: 1px solid #ccc; padding: 8px 12px; }
    #panel:focus { outline: 3px solid #d95f02; }
    #panel table { border-collapse: collapse; width: 100%; font-size: 13px; }
    #panel th, #panel td { border-bottom: 1px solid #e3e3e3; padding: 3px 4px; text-align: right; vertical-align: top; }
    #panel th[scope="row"], #panel thead th:first-child { text-align: left; font-weight: normal; }
    #panel tr.current th, #panel tr.current td { font-weight: bold; background: #fff3d6; }
    #panel summary { cursor: pointer; font-weight: bold; margin: 8px 0 4px; }
    .headline { background: #f4f4f4; padding: 6px 8px; }
    .figure { font-size: 18px; font-weight: bold; }
    .small { font-size: 12px; color: #444; }
    .legend { background: rgba(255, 255, 255, 0.95); padding: 6px 10px; border: 1px solid #999; font-size: 12px; max-width: 280px; }
    .legend h2 { font-size: 13px; }
    .legend ul { list-style: none; margin: 0; padding: 0; }
    .legend li { margin: 2px 0; display: flex; align-items: center; gap: 6px; }
    .swatch { display: inline-block; width: 18px; height: 12px; border: 1px solid #555; flex: none; }
    .leaflet-interactive:focus { outline: none; stroke: #d95f02; stroke-width: 4px; }
    #view-table, #view-about { padding: 8px 16px; }
    table.data, #about table { border-collapse: collapse; font-size: 14px; }
    table.data caption { text-align: left; font-weight: bold; padding: 4px 0; }
    table.data th, table.data td, #about th, #about td { border-bottom: 1px solid #ddd; padding: 4px 8px; text-align: right; }
    table.data th[scope="row"], #about th, #about td { text-align: left; }
    #about td { word-break: break-all; }
    table.data thead button { font: inherit; font-weight: bold; background: none; border: 1px solid transparent; cursor: pointer; padding: 2px 4px; }
    table.data thead button:hover { border-color: #999; }
    button.link { font: inherit; background: none; border: none; padding: 0; color: #0b4f9c; text-decoration: underline; cursor: pointer; }
    #download { font: inherit; padding: 6px 12px; }
    @media (max-width: 800px) { #view-map { flex-direction: column; height: auto; } #map { height: 60vh; } #panel { flex: none; } }

    """#
}
