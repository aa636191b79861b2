/// The page's script (`app.js`): reads `window.EquityAtlasData` (filled by the scripts in
/// `data/`, which work from `file://`, where fetching local JSON is blocked), draws the chosen
/// layer with Leaflet's SVG renderer, and keeps the map, the panel, the table and the legend in
/// step. Numbers are formatted as `Format` in AtlasReport formats them (half away from zero,
/// thousands separators), so the page shows the PDFs' text.
enum PageScript {
  static let text = #"""
    (function () {
      'use strict';
      var D = window.EquityAtlasData, meta = D.meta;
      var PALETTE = ['#fde725', '#5ec962', '#21918c', '#3b528b', '#440154']; // viridis, light = low
      var NO_FIGURE = '#e8e8e8', WITHHELD = '#bdbdbd';
      var state = { layer: meta.layers[0].id, metric: null, area: null, sort: { key: 'value', dir: -1 }, view: 'map' };
      var map, drawn = {}, legend, outline = null;

      function $(id) { return document.getElementById(id); }
      function el(tag, attrs, children) {
        var e = document.createElement(tag);
        Object.keys(attrs || {}).forEach(function (k) {
          if (k === 'text') e.textContent = attrs[k]; else if (k === 'html') e.innerHTML = attrs[k]; else e.setAttribute(k, attrs[k]);
        });
        (children || []).forEach(function (c) { if (c) e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
        return e;
      }

      // ---- Numbers, as AtlasReport.Format writes them ----
      function roundAway(x) { var r = Math.floor(x); return x - r >= 0.5 ? r + 1 : r; }
      function grouped(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ','); }
      function decimal(v, digits) {
        if (typeof v !== 'number' || !isFinite(v)) return 'n/a';
        var scale = Math.pow(10, digits), units = roundAway(Math.abs(v) * scale);
        var whole = Math.floor(units / scale), fraction = units - whole * scale;
        var text = grouped(whole);
        if (digits > 0) { var f = String(fraction); text += '.' + '0'.repeat(digits - f.length) + f; }
        return v < 0 && units > 0 ? '-' + text : text;
      }
      function format(m, v) {
        if (v === null || v === undefined) return '—';
        if (typeof v === 'string') return v;
        switch (m.format) {
          case 'minutes': return decimal(v / 60, 1);
          case 'percent': return decimal(v * 100, 1) + '%';
          case 'integer': return decimal(v, 0);
          default: return decimal(v, 1);
        }
      }
      function unit(m) { return m.format === 'minutes' ? ' min' : ''; }
      /** [ratio, low, high] → {ratio: '1.2×', interval: '1.1–1.3'} as Format.ratio. */
      function ratioText(r) {
        if (r === null || r === undefined) return { ratio: '—', interval: '' };
        if (typeof r === 'string') return { ratio: r, interval: '' };
        var v = r[0], bounds = [r[1], r[2]].filter(function (b) { return typeof b === 'number'; });
        if (!isFinite(v)) return { ratio: 'n/a', interval: '' };
        var one = [v].concat(bounds).every(function (x) { var t = decimal(x, 1); return t !== '1.0' && t !== '0.0'; })
          && (bounds.length < 2 || decimal(bounds[0], 1) !== decimal(bounds[1], 1));
        var d = one ? 1 : 2;
        return { ratio: decimal(v, d) + '×', interval: bounds.length === 2 ? decimal(bounds[0], d) + '–' + decimal(bounds[1], d) : '' };
      }

      // ---- Data ----
      function layer() { return D.layers[state.layer]; }
      function metricIndex(L, key) { for (var i = 0; i < L.metrics.length; i++) if (L.metrics[i].key === key) return i; return -1; }
      function metric() { var L = layer(); return L.metrics[metricIndex(L, state.metric)]; }
      function value(area, key) { var i = metricIndex(layer(), key); return i < 0 ? null : area.values[i]; }
      function loadLayer(id, done) {
        if (D.layers[id]) return done();
        var info = meta.layers.filter(function (l) { return l.id === id; })[0];
        var s = el('script', { src: 'data/' + info.file });
        s.onload = done;
        s.onerror = function () { $('status').textContent = 'Could not load data/' + info.file + ': the site folder is incomplete.'; };
        document.body.appendChild(s);
      }
      function decodeShape(L, area) {
        if (!L.decoded) {
          L.decoded = L.arcs.map(function (arc) {
            var x = 0, y = 0, out = [];
            for (var i = 0; i < arc.length; i += 2) { x += arc[i]; y += arc[i + 1]; out.push([y / L.scale, x / L.scale]); }
            return out;
          });
        }
        return area.shape.map(function (polygon) {
          return polygon.map(function (ring) {
            var pts = [];
            ring.forEach(function (k) {
              var arc = k < 0 ? L.decoded[~k].slice().reverse() : L.decoded[k];
              pts = pts.concat(pts.length ? arc.slice(1) : arc);
            });
            return pts;
          });
        });
      }

      // ---- Classes ----
      // Classes are made on the figures as shown (minutes, percent, rounded), so an area's colour,
      // its printed figure and the legend's bounds always agree.
      function digits(m) { return m.format === 'integer' ? 0 : 1; }
      function roundTo(x, d) { var s = Math.pow(10, d); return (x < 0 ? -1 : 1) * roundAway(Math.abs(x) * s) / s; }
      function shown(m, v) {
        if (typeof v !== 'number' || !isFinite(v)) return null;
        return roundTo(m.format === 'minutes' ? v / 60 : m.format === 'percent' ? v * 100 : v, digits(m));
      }
      function shownText(m, x) { return decimal(x, digits(m)) + (m.format === 'percent' ? '%' : m.format === 'minutes' ? ' min' : ''); }
      function numeric(L, m) {
        var i = metricIndex(L, m.key);
        return L.areas.map(function (a) { return shown(m, a.values[i]); }).filter(function (v) { return v !== null; });
      }
      /** Upper bounds of up to five quantile classes (type 7 quantiles at 1/5 … 5/5), on the shown grid. */
      function breaks(m, values) {
        var s = values.slice().sort(function (a, b) { return a - b; }), out = [];
        if (!s.length) return out;
        for (var k = 1; k <= 5; k++) {
          var h = (s.length - 1) * k / 5, lo = Math.floor(h);
          var q = roundTo(s[lo] + (h - lo) * (s[Math.min(lo + 1, s.length - 1)] - s[lo]), digits(m));
          if (!out.length || q > out[out.length - 1]) out.push(q);
        }
        out[out.length - 1] = s[s.length - 1];
        return out;
      }
      function classOf(b, x) { for (var i = 0; i < b.length; i++) if (x <= b[i]) return i; return b.length - 1; }
      function colour(b, m, v) {
        if (v === '<11') return WITHHELD;
        var x = shown(m, v);
        if (x === null) return NO_FIGURE;
        var offset = PALETTE.length - b.length; // fewer classes: the middle of the palette
        return PALETTE[Math.max(0, classOf(b, x) + Math.floor(offset / 2))];
      }

      // ---- Map ----
      function drawMap() {
        var L0 = layer();
        Object.keys(drawn).forEach(function (k) { map.removeLayer(drawn[k]); });
        drawn = {};
        if (outline) { map.removeLayer(outline); outline = null; }
        var bounds = null;
        L0.areas.forEach(function (a) {
          var poly = L.polygon(decodeShape(L0, a), { weight: 0.8, color: '#ffffff', fillOpacity: 0.9 });
          poly.on('click', function () { select(a.id, false); });
          poly.bindTooltip('', { sticky: true });
          poly.addTo(map);
          var path = poly.getElement();
          path.setAttribute('data-layer', L0.id);
          path.setAttribute('data-area-id', a.id);
          path.setAttribute('tabindex', '0');
          path.setAttribute('role', 'button');
          path.addEventListener('keydown', function (e) {
            if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); select(a.id, false); }
          });
          drawn[a.id] = poly;
          bounds = bounds ? bounds.extend(poly.getBounds()) : poly.getBounds();
        });
        // Leave the legend's width free on the left: the city is tall and narrow, the lake is to the east.
        var room = $('legend') ? $('legend').offsetWidth + 16 : 8;
        if (bounds) map.fitBounds(bounds, { paddingTopLeft: [room, 8], paddingBottomRight: [8, 8] });
        recolour();
      }
      function recolour() {
        var L0 = layer(), m = metric(), i = metricIndex(L0, m.key), b = breaks(m, numeric(L0, m));
        L0.areas.forEach(function (a) {
          var v = a.values[i], poly = drawn[a.id];
          if (!poly) return;
          var selected = a.id === state.area;
          poly.setStyle({ fillColor: colour(b, m, v) });
          var text = a.name + ': ' + m.label + ' ' + format(m, v) + (typeof v === 'number' ? unit(m) : '');
          poly.getElement().setAttribute('aria-label', text + (selected ? ' (selected)' : ''));
          poly.setTooltipContent(text);
        });
        // The selected area's outline is a separate, non-interactive path drawn on top, so the
        // areas keep their order (and the keyboard's tab order).
        if (outline) { map.removeLayer(outline); outline = null; }
        var chosen = L0.areas.filter(function (a) { return a.id === state.area; })[0];
        if (chosen) {
          outline = L.polygon(decodeShape(L0, chosen), { interactive: false, fill: false, color: '#000000', weight: 3, dashArray: '6 3' }).addTo(map);
        }
        drawLegend(b, m, i);
        summarise(b, m, i);
      }
      function drawLegend(b, m, i) {
        var box = $('legend');
        box.innerHTML = '';
        box.appendChild(el('h2', { text: m.label }));
        var list = el('ul', {});
        var L0 = layer(), s = numeric(L0, m).sort(function (x, y) { return x - y; });
        b.forEach(function (upper, k) {
          var n = L0.areas.filter(function (a) { var x = shown(m, a.values[i]); return x !== null && classOf(b, x) === k; }).length;
          list.appendChild(el('li', {}, [
            el('span', { class: 'swatch', style: 'background:' + PALETTE[Math.max(0, k + Math.floor((PALETTE.length - b.length) / 2))] }),
            (k === 0 ? shownText(m, s[0]) + ' to ' : 'over ' + shownText(m, b[k - 1]) + ' to ') + shownText(m, upper) + ' (' + n + ')'
          ]));
        });
        var withheld = L0.areas.filter(function (a) { return a.values[i] === '<11'; }).length;
        var none = L0.areas.filter(function (a) { var v = a.values[i]; return v === null || v === 'n/a'; }).length;
        if (withheld) list.appendChild(el('li', {}, [el('span', { class: 'swatch', style: 'background:' + WITHHELD }), 'Withheld, “<11” (' + withheld + ')']));
        if (none) list.appendChild(el('li', {}, [el('span', { class: 'swatch', style: 'background:' + NO_FIGURE }), 'No figure (' + none + ')']));
        box.appendChild(list);
        box.appendChild(el('p', { class: 'small', text: 'Quantile classes; numbers in brackets count areas.' }));
      }
      function summarise(b, m, i) {
        var L0 = layer(), ranked = L0.areas.filter(function (a) { return typeof a.values[i] === 'number'; })
          .sort(function (x, y) { return y.values[i] - x.values[i]; });
        var text = 'Map of the ' + L0.areas.length + ' ' + L0.title.toLowerCase() + ' coloured by ' + m.label + ', in ' + b.length + ' quantile classes (legend beside the map). ';
        if (ranked.length) {
          var hi = ranked[0], lo = ranked[ranked.length - 1];
          text += 'Highest: ' + hi.name + ', ' + format(m, hi.values[i]) + unit(m) + '; lowest: ' + lo.name + ', ' + format(m, lo.values[i]) + unit(m) + '. ';
        }
        text += 'Every value is in the table view.';
        $('map-summary').textContent = text;
      }

      // ---- Panel ----
      /** Selects an area; from the table, the map view opens and focus goes to the panel. On the
       *  map and in the Area list, focus stays where it is (the panel is a live region). */
      function select(id, fromTable) {
        state.area = id;
        $('area').value = id;
        recolour();
        renderPanel();
        if (fromTable) { showView('map'); $('panel').focus(); }
      }
      function renderPanel() {
        var L0 = layer(), panel = $('panel');
        var a = L0.areas.filter(function (x) { return x.id === state.area; })[0];
        panel.innerHTML = '';
        if (!a) {
          panel.appendChild(el('p', { text: 'Select an area on the map (click, or Tab to it and press Enter), or choose it in the Area list, to see its figures beside the rest of the city.' }));
          return;
        }
        panel.appendChild(el('h2', { id: 'panel-title', text: a.name }));
        if (a.majority) panel.appendChild(el('p', { text: 'Largest population group (2020): ' + a.majority }));
        if (a.report) panel.appendChild(el('p', {}, [el('a', { href: a.report, id: 'report-link' }, [a.name + ' report (PDF)'])]));
        else if (L0.report) panel.appendChild(el('p', {}, [el('a', { href: L0.report }, ['The police districts compared (PDF)'])]));
        var m = metric(), i = metricIndex(L0, m.key);
        var r = ratioText(a.ratios[i]);
        var headline = el('p', { class: 'headline', id: 'panel-current' }, [
          el('strong', { text: m.label + ': ' }), el('span', { class: 'figure', text: format(m, a.values[i]) }),
          (typeof a.values[i] === 'number' ? unit(m) : '') + ' (rest of the city ' + format(m, a.rest[i]) + (typeof a.rest[i] === 'number' ? unit(m) : '') + ')'
            + (a.ratios[i] ? '; ' + a.name + ' ÷ rest ' + r.ratio + (r.interval ? ', 95% CI ' + r.interval : '') : '')
            + (m.completeness ? '; closing time recorded for ' + format({ format: 'percent' }, value(a, m.completeness)) + ' of calls' : '')
        ]);
        panel.appendChild(headline);
        var groups = [];
        L0.metrics.forEach(function (mm, k) {
          var g = groups[groups.length - 1];
          if (!g || g.name !== mm.group) groups.push(g = { name: mm.group, items: [] });
          g.items.push(k);
        });
        groups.forEach(function (g) {
          var hasRatio = g.items.some(function (k) { return L0.areas.some(function (x) { return x.ratios[k] !== null; }); });
          var hasRecorded = g.items.some(function (k) { return L0.metrics[k].completeness; });
          var d = el('details', {});
          if (g.name === m.group) d.open = true;
          d.appendChild(el('summary', { text: g.name }));
          var head = ['Measure', a.name, 'Rest of city'];
          if (hasRatio) head.push('Ratio (95% CI)');
          if (hasRecorded) head.push('Closing time recorded');
          var t = el('table', {}, [el('thead', {}, [el('tr', {}, head.map(function (h) { return el('th', { scope: 'col', text: h }); }))])]);
          var body = el('tbody', {});
          g.items.forEach(function (k) {
            var mm = L0.metrics[k], rr = ratioText(a.ratios[k]);
            var row = el('tr', { 'data-metric': mm.key }, [
              el('th', { scope: 'row', text: mm.label }), el('td', { text: format(mm, a.values[k]) }), el('td', { text: format(mm, a.rest[k]) })
            ]);
            if (hasRatio) row.appendChild(el('td', { text: a.ratios[k] === null ? '—' : rr.ratio + (rr.interval ? ' (' + rr.interval + ')' : '') }));
            if (hasRecorded) row.appendChild(el('td', { text: mm.completeness ? format({ format: 'percent' }, value(a, mm.completeness)) : '' }));
            if (mm.key === m.key) row.className = 'current';
            body.appendChild(row);
          });
          t.appendChild(body);
          d.appendChild(t);
          panel.appendChild(d);
        });
        if (L0.extras.length) {
          var d = el('details', {});
          d.appendChild(el('summary', { text: 'Other comparisons with the rest of the city' }));
          var list = el('ul', {});
          L0.extras.forEach(function (x, k) {
            var v = a.extras[k], rr = ratioText(v);
            var text = v === null ? '—' : typeof v === 'string' ? v
              : (v[1] === null && v[2] === null ? decimal(v[0], Math.abs(v[0]) < 10 ? 3 : 1) : rr.ratio + (rr.interval ? ' (95% CI ' + rr.interval + ')' : ''));
            list.appendChild(el('li', { text: x.label + ': ' + text }));
          });
          d.appendChild(list);
          panel.appendChild(d);
        }
        panel.appendChild(el('p', { class: 'small', text: meta.restNote + ' ' + meta.suppression }));
      }

      // ---- Table ----
      function tableRows() {
        var L0 = layer(), m = metric(), i = metricIndex(L0, m.key);
        return L0.areas.map(function (a) {
          return { id: a.id, name: a.name, value: a.values[i], rest: a.rest[i], ratio: a.ratios[i], recorded: m.completeness ? value(a, m.completeness) : undefined };
        });
      }
      function sortKey(row, key) {
        var v = key === 'ratio' ? (Array.isArray(row.ratio) ? row.ratio[0] : null) : row[key];
        return v;
      }
      function sorted(rows) {
        var key = state.sort.key, dir = state.sort.dir;
        return rows.slice().sort(function (x, y) {
          var a = sortKey(x, key), b = sortKey(y, key);
          if (key === 'id') {
            var na = Number(a), nb = Number(b);
            if (!isNaN(na) && !isNaN(nb)) return (na - nb) * dir;
            return String(a).localeCompare(String(b)) * dir;
          }
          if (key === 'name') return String(a).localeCompare(String(b)) * dir;
          var an = typeof a === 'number', bn = typeof b === 'number';
          if (an && bn) return (a - b) * dir || String(x.id).localeCompare(String(y.id), undefined, { numeric: true });
          return an ? -1 : bn ? 1 : 0; // figures first, then withheld and empty
        });
      }
      function columns() {
        var m = metric(), cols = [
          { key: 'id', label: 'Id' }, { key: 'name', label: 'Area' }, { key: 'value', label: m.label },
          { key: 'rest', label: 'Rest of city' }
        ];
        if (layer().areas.some(function (a) { return a.ratios[metricIndex(layer(), m.key)] !== null; })) cols.push({ key: 'ratio', label: 'Area ÷ rest (95% CI)' });
        if (m.completeness) cols.push({ key: 'recorded', label: 'Closing time recorded' });
        return cols;
      }
      function cellText(row, key, m) {
        if (key === 'id' || key === 'name') return row[key];
        if (key === 'ratio') { var r = ratioText(row.ratio); return row.ratio === null ? '—' : r.ratio + (r.interval ? ' (' + r.interval + ')' : ''); }
        if (key === 'recorded') return format({ format: 'percent' }, row.recorded);
        return format(m, row[key]);
      }
      function renderTable() {
        var m = metric(), cols = columns(), table = $('table');
        table.innerHTML = '';
        table.appendChild(el('caption', { text: layer().title + ': ' + m.label + '. Select a column heading to sort.' }));
        var tr = el('tr', {});
        cols.forEach(function (c) {
          var th = el('th', { scope: 'col' });
          if (state.sort.key === c.key) th.setAttribute('aria-sort', state.sort.dir > 0 ? 'ascending' : 'descending');
          var b = el('button', { type: 'button', 'data-sort': c.key, text: c.label + (state.sort.key === c.key ? (state.sort.dir > 0 ? ' ▲' : ' ▼') : '') });
          b.addEventListener('click', function () {
            state.sort = { key: c.key, dir: state.sort.key === c.key ? -state.sort.dir : (c.key === 'id' || c.key === 'name' ? 1 : -1) };
            renderTable();
            table.querySelector('button[data-sort="' + c.key + '"]').focus();
          });
          th.appendChild(b);
          tr.appendChild(th);
        });
        table.appendChild(el('thead', {}, [tr]));
        var body = el('tbody', {});
        sorted(tableRows()).forEach(function (row) {
          var r = el('tr', { 'data-area-id': row.id });
          cols.forEach(function (c, k) {
            if (k === 1) {
              var b = el('button', { type: 'button', class: 'link', text: row.name });
              b.addEventListener('click', function () { select(row.id, true); });
              r.appendChild(el('th', { scope: 'row' }, [b]));
            } else {
              r.appendChild(el('td', { text: cellText(row, c.key, m) }));
            }
          });
          body.appendChild(r);
        });
        table.appendChild(body);
      }
      function csvField(s) { s = String(s); return /[",\n\r]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s; }
      function downloadCSV() {
        var m = metric(), L0 = layer();
        var header = ['area_id', 'name', m.key, 'shown', 'rest_of_city', 'ratio', 'ratio_ci_low', 'ratio_ci_high'];
        if (m.completeness) header.push(m.completeness);
        header.push('data_origin');
        var lines = [header.map(csvField).join(',')];
        sorted(tableRows()).forEach(function (row) {
          var r = Array.isArray(row.ratio) ? row.ratio : [typeof row.ratio === 'string' ? row.ratio : '', '', ''];
          var cells = [row.id, row.name, row.value === null ? '' : row.value, format(m, row.value) + (typeof row.value === 'number' ? unit(m) : ''),
            row.rest === null ? '' : row.rest, r[0] === null ? '' : r[0], r[1] === null ? '' : r[1], r[2] === null ? '' : r[2]];
          if (m.completeness) cells.push(row.recorded === null ? '' : row.recorded);
          cells.push(meta.synthetic ? 'synthetic' : 'real');
          lines.push(cells.map(csvField).join(','));
        });
        var url = URL.createObjectURL(new Blob([lines.join('\n') + '\n'], { type: 'text/csv' }));
        var a = el('a', { href: url, download: L0.id.replace(/-/g, '_') + '_' + m.key + '.csv' });
        document.body.appendChild(a);
        a.click();
        a.remove();
        setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
      }

      // ---- About ----
      function renderAbout() {
        var box = $('about');
        box.innerHTML = '';
        box.appendChild(el('h2', { text: 'About these data' }));
        meta.about.forEach(function (p) { box.appendChild(el('p', { text: p })); });
        function table(title, head, rows) {
          box.appendChild(el('h3', { text: title }));
          if (!rows.length) { box.appendChild(el('p', { text: 'None recorded.' })); return; }
          box.appendChild(el('table', {}, [
            el('thead', {}, [el('tr', {}, head.map(function (h) { return el('th', { scope: 'col', text: h }); }))]),
            el('tbody', {}, rows.map(function (r) { return el('tr', {}, r.map(function (c, k) { return el(k ? 'td' : 'th', k ? { text: c } : { scope: 'row', text: c }); })); }))
          ]));
        }
        table('Run', ['Item', 'Value'], meta.run);
        table('Inputs', ['File', 'sha256'], meta.inputs);
        table('Parameters', ['Parameter', 'Value'], meta.parameters);
        table('Input accounting (every row counted once)', ['File', 'Outcome', 'Rows'], meta.accounting);
        table('Boundaries', ['Layer', 'Source', 'Vintage'], meta.boundaries);
        if (meta.notices.length) { box.appendChild(el('h3', { text: 'Notices' })); box.appendChild(el('ul', {}, meta.notices.map(function (n) { return el('li', { text: n }); }))); }
        box.appendChild(el('h3', { text: 'This page' }));
        meta.software.forEach(function (p) { box.appendChild(el('p', { html: p })); });
      }

      // ---- Views and controls ----
      function showView(v) {
        state.view = v;
        ['map', 'table', 'about'].forEach(function (k) {
          $('view-' + k).hidden = k !== v;
          $('tab-' + k).setAttribute('aria-selected', k === v ? 'true' : 'false');
          $('tab-' + k).tabIndex = k === v ? 0 : -1;
        });
        if (v === 'map') map.invalidateSize();
        if (v === 'table') renderTable();
      }
      function fillMetrics() {
        var sel = $('metric'), L0 = layer();
        sel.innerHTML = '';
        var group = null;
        L0.metrics.forEach(function (m) {
          if (!group || group.label !== m.group) { group = el('optgroup', { label: m.group }); sel.appendChild(group); }
          group.appendChild(el('option', { value: m.key, text: m.label }));
        });
        if (metricIndex(L0, state.metric) < 0) state.metric = metricIndex(L0, meta.defaultMetric) >= 0 ? meta.defaultMetric : L0.metrics[0].key;
        sel.value = state.metric;
      }
      function fillAreas() {
        var sel = $('area');
        sel.innerHTML = '';
        sel.appendChild(el('option', { value: '', text: '(choose an area)' }));
        layer().areas.forEach(function (a) { sel.appendChild(el('option', { value: a.id, text: a.name })); });
        sel.value = state.area || '';
      }
      function switchLayer(id) {
        $('status').textContent = 'Loading ' + id + '…';
        loadLayer(id, function () {
          state.layer = id;
          state.area = null;
          fillMetrics();
          fillAreas();
          drawMap();
          renderPanel();
          if (state.view === 'table') renderTable();
          $('status').textContent = '';
          document.body.setAttribute('data-ready-layer', id);
        });
      }
      function start() {
        if (meta.synthetic) { var b = $('synthetic'); b.textContent = meta.banner; b.hidden = false; }
        map = L.map('map', { renderer: L.svg(), zoomSnap: 0.25, attributionControl: false, keyboard: true, minZoom: 9, maxZoom: 17 });
        map.setView([41.84, -87.68], 10); // layers are drawn only once the map has a view
        legend = L.control({ position: 'bottomleft' });
        legend.onAdd = function () { var d = L.DomUtil.create('div', 'legend'); d.id = 'legend'; L.DomEvent.disableClickPropagation(d); return d; };
        legend.addTo(map);
        meta.layers.forEach(function (l) { $('layer').appendChild(el('option', { value: l.id, text: l.title + ' (' + l.count + ')' })); });
        $('layer').addEventListener('change', function (e) { switchLayer(e.target.value); });
        $('metric').addEventListener('change', function (e) {
          state.metric = e.target.value;
          recolour();
          renderPanel();
          if (state.view === 'table') renderTable();
        });
        $('area').addEventListener('change', function (e) { if (e.target.value) select(e.target.value, false); });
        ['map', 'table', 'about'].forEach(function (k, n, all) {
          var tab = $('tab-' + k);
          tab.addEventListener('click', function () { showView(k); });
          tab.addEventListener('keydown', function (e) {
            var step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
            if (!step) return;
            var next = all[(n + step + all.length) % all.length];
            showView(next);
            $('tab-' + next).focus();
          });
        });
        $('download').addEventListener('click', downloadCSV);
        renderAbout();
        showView('map');
        switchLayer(state.layer);
      }
      start();
    })();
    """#
}
