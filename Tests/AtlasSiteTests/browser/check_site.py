"""Opens the web atlas in headless Chromium (Debian's /usr/bin/chromium, driven by Playwright)
with the network cut off, and checks what a reader sees.

    python check_site.py EXPECTED.json

EXPECTED.json (written by SiteBrowserTests) holds:
  site          the site folder (index.html inside)
  chromium      the browser executable
  wards         every ward id the atlas holds
  synthetic     whether the SYNTHETIC banner must show
  ward, metric, figure   a ward, a metric key and the figure the panel must show for it
                         (formatted from the atlas by the Swift test)
  panel_cells   every metric key of the ward's panel and the text it must show
  other_metric  a metric whose colouring differs from `metric`
  screenshots   a folder for map.png and panel.png, or null

Prints one JSON object ({"failures": [...], "requests_outside": [...], ...}) and exits 1 when a
check fails. Every request that is not a file inside the site folder is aborted and recorded.
"""
import json
import os
import sys
import time
from urllib.parse import unquote, urlparse

from playwright.sync_api import sync_playwright

expected = json.load(open(sys.argv[1]))
site = os.path.realpath(expected["site"])
failures = []
outside = []
notes = {}


def check(condition, message):
    if not condition:
        failures.append(message)
    return condition


def route(r):
    url = r.request.url
    parsed = urlparse(url)
    path = os.path.realpath(unquote(parsed.path)) if parsed.scheme == "file" else None
    if path is not None and (path == site or path.startswith(site + os.sep)):
        r.continue_()
    else:
        outside.append(url)
        r.abort()


def fills(page):
    return page.eval_on_selector_all(
        'path[data-layer="wards-2023"]', "ps => Object.fromEntries(ps.map(p => [p.getAttribute('data-area-id'), p.getAttribute('fill')]))")


started = time.time()
with sync_playwright() as p:
    browser = p.chromium.launch(executable_path=expected["chromium"], args=["--no-sandbox", "--disable-gpu"])
    context = browser.new_context(viewport={"width": 1280, "height": 860}, accept_downloads=True)
    context.route("**/*", route)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto("file://" + os.path.join(site, "index.html"))
    page.wait_for_selector('body[data-ready-layer="wards-2023"]', state="attached", timeout=15000)
    # Milliseconds from navigation to the wards drawn (recorded; the machine may be busy).
    notes["first_paint_ms"] = round(page.evaluate("performance.now()"))

    # All wards drawn, each with its attributes.
    ids = page.eval_on_selector_all('path[data-layer="wards-2023"][data-area-id]', "ps => ps.map(p => p.getAttribute('data-area-id'))")
    check(sorted(ids) == sorted(expected["wards"]), f"wards drawn {sorted(ids)} != atlas {sorted(expected['wards'])}")
    notes["wards_drawn"] = len(ids)

    # The synthetic banner.
    banner = page.locator("#synthetic")
    if expected["synthetic"]:
        check(banner.is_visible() and "SYNTHETIC" in banner.inner_text(), "SYNTHETIC banner not shown on the map view")
    else:
        check(not banner.is_visible(), "banner shown for a real atlas")

    # A metric change recolours.
    page.select_option("#metric", expected["metric"])
    before = fills(page)
    page.select_option("#metric", expected["other_metric"])
    after = fills(page)
    changed = sum(1 for k in before if before[k] != after.get(k))
    check(changed > 0, f"changing the metric to {expected['other_metric']} recoloured no ward")
    notes["recoloured"] = changed
    legend = page.inner_text("#legend")
    check(any(ch.isdigit() for ch in legend), f"legend without numbers: {legend!r}")
    page.select_option("#metric", expected["metric"])

    # A click fills the panel with the stored figure.
    ward = expected["ward"]
    page.dispatch_event(f'path[data-layer="wards-2023"][data-area-id="{ward}"]', "click")
    page.wait_for_selector("#panel-title")
    check(page.inner_text("#panel-title") == f"Ward {ward}", f"panel title {page.inner_text('#panel-title')!r}")
    figure = page.inner_text("#panel-current .figure")
    check(figure == expected["figure"], f"panel shows {figure!r} for ward {ward}, the atlas holds {expected['figure']!r}")
    current = page.inner_text("#panel-current")
    check("recorded" in current, f"no timestamp completeness beside the response time: {current!r}")
    notes["panel"] = current
    shown = page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('#panel tr[data-metric]')]
        .map(r => [r.getAttribute('data-metric'), r.querySelector('td').textContent]))""")
    wrong = {k: (shown.get(k), v) for k, v in expected["panel_cells"].items() if shown.get(k) != v}
    check(not wrong, f"panel figures of ward {ward} differ from the atlas (shown, expected): {dict(list(wrong.items())[:8])}")
    notes["panel_cells_checked"] = len(expected["panel_cells"])
    if expected.get("report_link"):
        href = page.get_attribute("#report-link", "href")
        check(href == expected["report_link"], f"report link {href!r}, expected {expected['report_link']!r}")
    if expected["screenshots"]:
        os.makedirs(expected["screenshots"], exist_ok=True)
        page.screenshot(path=os.path.join(expected["screenshots"], "panel.png"))

    # Keyboard: Tab to a ward and press Enter.
    other = next(w for w in expected["wards"] if w != ward)
    page.focus(f'path[data-layer="wards-2023"][data-area-id="{other}"]')
    page.keyboard.press("Enter")
    check(page.inner_text("#panel-title") == f"Ward {other}", "Enter on a focused ward did not select it")
    page.keyboard.press("Tab")
    following = page.evaluate("document.activeElement.getAttribute('data-area-id')")
    check(following is not None and following != other, f"Tab after selecting ward {other} went to {following!r}, not the next ward")
    if expected["screenshots"]:
        page.screenshot(path=os.path.join(expected["screenshots"], "map.png"))

    # The table sorts.
    page.click("#tab-table")
    check(banner.is_visible() == expected["synthetic"], "banner state differs on the table view")
    rows = page.locator("#table tbody tr").count()
    check(rows == len(expected["wards"]), f"table has {rows} rows")

    def column_numbers():
        texts = page.eval_on_selector_all("#table tbody tr td:nth-child(3)", "tds => tds.map(t => t.textContent)")
        return [float(t.replace(",", "").replace("%", "")) for t in texts if t.replace(",", "").replace(".", "").replace("%", "").isdigit()]

    page.click('#table thead button[data-sort="value"]')
    first = column_numbers()
    page.click('#table thead button[data-sort="value"]')
    second = column_numbers()
    check(len(first) > 1 and first != second and sorted(first) in (first, first[::-1]) and second == first[::-1],
          f"table not sorted by value: {first[:5]} then {second[:5]}")
    page.click('#table thead button[data-sort="id"]')
    ids_sorted = page.eval_on_selector_all("#table tbody tr", "rs => rs.map(r => r.getAttribute('data-area-id'))")
    check(ids_sorted in (sorted(ids_sorted, key=int), sorted(ids_sorted, key=int, reverse=True)), "table not sorted by id")

    # CSV download of the table.
    with page.expect_download() as info:
        page.click("#download")
    lines = open(info.value.path(), encoding="utf-8").read().splitlines()
    check(len(lines) == len(expected["wards"]) + 1 and lines[0].startswith("area_id,name," + expected["metric"]),
          f"CSV download: {len(lines)} lines, header {lines[0] if lines else None!r}")

    # About these data.
    page.click("#tab-about")
    about = page.inner_text("#about")
    check("sha256" in about and "Inputs" in about, "About view lacks the inputs and their sha256")
    check(banner.is_visible() == expected["synthetic"], "banner state differs on the About view")

    check(not errors, f"script errors: {errors}")
    browser.close()

check(not outside, f"requests outside the site folder: {outside}")
notes["seconds"] = round(time.time() - started, 1)
print(json.dumps({"failures": failures, "requests_outside": outside, "notes": notes}))
sys.exit(1 if failures else 0)
