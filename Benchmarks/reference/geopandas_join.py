#!/usr/bin/env python3
"""GeoPandas reference for the EquityAtlas join benchmark.

Does the work of

    equity-atlas join POINTS.csv --data DIR \
        --layers wards-2023,police-districts,police-beats,community-areas --out OUT.csv

the way a GeoPandas user would: pandas reads the CSV, `points_from_xy` builds the points,
pyogrio reads the four GeoJSON layers, and one `geopandas.sjoin(predicate="within")` per layer
attaches each layer's area id. A point inside two areas of one layer (overlapping polygons)
keeps the first match, as EquityAtlas does; a point on no area gets an empty id.

Timed stages (time.perf_counter, inside the process, after the imports):
  read   pandas.read_csv + points_from_xy + the 4 layers read with pyogrio
  join   the 4 sjoins and the attribute merge
  write  DataFrame.to_csv of every input column plus the 4 id columns (no geometry)
"read + join" is the issue's reference measurement (15.6 s with GeoPandas 1.2 there);
"read + join + write" is the same work as the EquityAtlas CLI.

The layer files and id properties come from the repository's Boundaries/manifest.json, so
both tools join the same files on the same ids.

Prints one JSON object on stdout: versions, per-run stage timings, and (with --compare-with)
how many points each layer assigns differently from an EquityAtlas output file, ids compared
after EquityAtlas's canonicalisation (numeric ids lose leading zeros: beat "0111" is 111), and
how long that check took (so that it can be taken out of the whole-process time).
"""

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely

LAYER_IDS = ["wards-2023", "police-districts", "police-beats", "community-areas"]
DEFAULT_MANIFEST = Path(__file__).resolve().parents[2] / "Boundaries" / "manifest.json"


def versions():
    result = {
        "python": platform.python_version(),
        "geopandas": gpd.__version__,
        "shapely": shapely.__version__,
        "GEOS": shapely.geos_version_string,
        "pyogrio": pyogrio.__version__,
        "GDAL": pyogrio.__gdal_version_string__,
        "pandas": pd.__version__,
        "numpy": np.__version__,
    }
    try:
        import pyarrow

        result["pyarrow"] = pyarrow.__version__
    except ImportError:
        result["pyarrow"] = None
    return result


def layer_specs(manifest_path):
    manifest = json.loads(Path(manifest_path).read_text())
    by_id = {layer["id"]: layer for layer in manifest["layers"]}
    return [(layer_id, by_id[layer_id]["path"], by_id[layer_id]["idProperty"]) for layer_id in LAYER_IDS]


def run_once(points_csv, data_dir, specs, output, csv_engine):
    timings = {}
    t0 = time.perf_counter()
    # Ids and codes stay text, as in the CLI, which copies every input field through verbatim.
    df = pd.read_csv(points_csv, dtype={"id": str, "date": str, "primary_type": str}, engine=csv_engine)
    points = gpd.GeoDataFrame(
        geometry=gpd.points_from_xy(df["longitude"], df["latitude"]), index=df.index, crs="EPSG:4326"
    )
    layers = []
    for layer_id, path, id_property in specs:
        layer = gpd.read_file(Path(data_dir) / path, engine="pyogrio", columns=[id_property])
        if layer.crs is None or layer.crs.to_epsg() != 4326:
            sys.exit(f"{path}: expected EPSG:4326, found {layer.crs}")
        layers.append((layer_id, layer.rename(columns={id_property: "area_id"})[["area_id", "geometry"]]))
    t1 = time.perf_counter()
    timings["read"] = t1 - t0

    for layer_id, layer in layers:
        joined = gpd.sjoin(points, layer, how="left", predicate="within")
        # Overlapping polygons give one row per match; keep the first, as EquityAtlas does.
        joined = joined[~joined.index.duplicated(keep="first")]
        df[layer_id] = joined["area_id"]
    t2 = time.perf_counter()
    timings["join"] = t2 - t1

    if output:
        df.to_csv(output, index=False)
        timings["write"] = time.perf_counter() - t2
    return df, timings


def canonical_id(raw):
    """EquityAtlas's `Layer.canonicalID`: numeric ids lose leading zeros and a trailing `.0`
    (beat "0111" is written as 111)."""
    if raw == "":
        return raw
    try:
        return str(int(raw))
    except ValueError:
        pass
    try:
        d = float(raw)
        if d == round(d) and abs(d) < 1e15:
            return str(int(d))
    except ValueError:
        pass
    return raw


def compare(df, equity_atlas_csv):
    """Per layer, points whose area id differs from EquityAtlas's output (same row order), ids
    compared after EquityAtlas's canonicalisation."""
    ours = pd.read_csv(equity_atlas_csv, dtype=str, keep_default_na=False, usecols=["id"] + LAYER_IDS)
    if len(ours) != len(df) or not (ours["id"].values == df["id"].values).all():
        return {"error": "row sets differ"}
    result = {}
    for layer_id in LAYER_IDS:
        theirs = df[layer_id].fillna("").astype(str).map(canonical_id).values
        differ = ours[layer_id].values != theirs
        result[layer_id] = {
            "differ": int(differ.sum()),
            "equity_atlas_outside": int((ours[layer_id].values == "").sum()),
            "geopandas_outside": int((theirs == "").sum()),
        }
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("points_csv")
    beside_repository = Path(__file__).resolve().parents[3] / "shared" / "data"
    parser.add_argument("--data", default=os.environ.get("EQUITY_ATLAS_DATA", str(beside_repository)))
    parser.add_argument("--manifest", default=str(DEFAULT_MANIFEST))
    parser.add_argument("--out", help="also write the joined CSV here (the 'write' stage)")
    parser.add_argument("--runs", type=int, default=1, help="repeat read + join (+ write) in this process")
    parser.add_argument("--csv-engine", default="c", choices=["c", "pyarrow", "python"])
    parser.add_argument("--compare-with", help="an equity-atlas join output of the same input")
    args = parser.parse_args()

    specs = layer_specs(args.manifest)
    report = {"versions": versions(), "input": args.points_csv, "csv_engine": args.csv_engine, "runs": []}
    df = None
    for _ in range(args.runs):
        df, timings = run_once(args.points_csv, args.data, specs, args.out, args.csv_engine)
        report["runs"].append(timings)
        print(json.dumps(timings), file=sys.stderr)
    report["points"] = len(df)
    report["layers"] = len(specs)
    report["outside"] = {layer_id: int(df[layer_id].isna().sum()) for layer_id in LAYER_IDS}
    if args.compare_with:
        t = time.perf_counter()
        report["agreement"] = compare(df, args.compare_with)
        report["compare_seconds"] = time.perf_counter() - t
    print(json.dumps(report))


if __name__ == "__main__":
    main()
