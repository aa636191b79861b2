"""Reference values for ContiguityReferenceTests.swift (AtlasSpatialTests): libpysal Queen
weights and PySAL esda Moran, Moran_Local and G_Local(star=True) on the REAL boundary layers.

Run from the repository root with the data directory as the argument:

    /tmp/pysal/bin/python Tests/reference/spatial/contiguity_reference.py ../shared/data

For each layer (police beats, 2023 wards) the features are dissolved by area id (beat 3100 of
District 31 comes in 3 pieces; ids are canonical integers as AtlasGeometry.Layer makes them),
libpysal builds Queen contiguity (shared vertex), and esda runs on a deterministic test
variable y, a smooth function of the area's centroid plus a fixed jitter from its id (stored in
the JSON, so the Swift test needs no geometry arithmetic to reproduce it). Permutation
p-values use 99,999 permutations so that their own Monte Carlo error (SE <= 0.0016) is small
against the 999-permutation estimate being checked (SE <= 0.0158).

Gi*: G_Local(transform="B", star=True): binary weights including the area itself (Ord & Getis
1995). With transform="R" esda's Gs and p_sim are the binary ones divided by the row's weight
count, but its VGs takes the row sum (1) as the number of neighbours, so Zs is not a z-score;
both Zs are written for the record (gi_star_R).
"""
import json
import os
import sys

import esda
import geopandas as gpd
import libpysal
import numpy as np
import scipy

data = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../../shared/data")
versions = {
    "esda": esda.__version__, "libpysal": libpysal.__version__, "geopandas": gpd.__version__,
    "numpy": np.__version__, "scipy": scipy.__version__, "python": sys.version.split()[0],
}
print("#", versions)


def canonical(raw):
    s = str(raw).strip()
    try:
        return str(int(s))
    except ValueError:
        f = float(s)
        return str(int(f)) if f == int(f) else s


def run(path, id_property, out_name):
    gdf = gpd.read_file(f"{data}/{path}")
    features = len(gdf)
    gdf["area_id"] = gdf[id_property].map(canonical)
    gdf = gdf[["area_id", "geometry"]].dissolve(by="area_id", sort=False).reset_index()
    ids = list(gdf["area_id"])
    w = libpysal.weights.Queen.from_dataframe(gdf, ids=ids, use_index=False)
    neighbours = {i: sorted(w.neighbors[i], key=ids.index) for i in ids}
    centroids = gdf.geometry.to_crs(3435).centroid
    cx = (centroids.x - centroids.x.mean()) / 10000.0
    cy = (centroids.y - centroids.y.mean()) / 10000.0
    jitter = np.array([(int(i) * 7919 % 101) / 25.0 for i in ids])
    y = 50 + 0.6 * cy + 1.0 * np.sin(cx) + jitter

    w.transform = "r"
    np.random.seed(12345)
    moran = esda.Moran(y, w, permutations=99999)
    lisa = esda.Moran_Local(y, w, permutations=99999, seed=12345, n_jobs=1)
    wb = libpysal.weights.Queen.from_dataframe(gdf, ids=ids, use_index=False)
    gi = esda.G_Local(y, wb, transform="B", star=True, permutations=99999, seed=12345, n_jobs=1)
    wr = libpysal.weights.Queen.from_dataframe(gdf, ids=ids, use_index=False)
    gi_r = esda.G_Local(y, wr, transform="R", star=True, permutations=0)
    out = {
        "versions": versions, "layer_file": path, "features": features, "ids": ids,
        "islands": list(w.islands), "neighbours": [[ids.index(j) for j in neighbours[i]] for i in ids],
        "y": [float(v) for v in y],
        "weights": {"s0": float(w.s0), "s1": float(w.s1), "s2": float(w.s2)},
        "moran": {"I": float(moran.I), "EI": float(moran.EI), "VI_norm": float(moran.VI_norm), "VI_rand": float(moran.VI_rand),
                  "z_norm": float(moran.z_norm), "z_rand": float(moran.z_rand), "p_rand": float(moran.p_rand),
                  "p_sim_99999": float(moran.p_sim)},
        "local_moran": {"Is": [float(v) for v in lisa.Is], "q": [int(v) for v in lisa.q],
                        "p_sim_99999": [float(v) for v in lisa.p_sim]},
        "gi_star": {"Gs": [float(v) for v in gi.Gs], "EGs": [float(v) for v in gi.EGs], "VGs": [float(v) for v in gi.VGs],
                    "Zs": [float(v) for v in gi.Zs], "p_sim_99999": [float(v) for v in gi.p_sim]},
        "gi_star_R": {"Gs": [float(v) for v in gi_r.Gs], "Zs": [float(v) for v in gi_r.Zs]},
    }
    with open(out_name, "w") as f:
        json.dump(out, f, indent=1)
    print(f"{path}: {features} features, {len(ids)} areas, islands {w.islands}, "
          f"{int(w.s0)} areas with neighbours, mean neighbours {np.mean(list(w.cardinalities.values())):.3f}")
    print(f"  Moran I = {moran.I!r}, z_rand = {moran.z_rand!r}, p_sim = {moran.p_sim!r}")
    for special in ("3100",):
        if special in ids:
            print(f"  area {special}: neighbours {neighbours[special]}")


here = __file__.rsplit("/", 1)[0]
run("boundaries/police_beats.geojson", "beat_num", f"{here}/police_beats_reference.json")
run("boundaries/wards_2023.geojson", "ward", f"{here}/wards_2023_reference.json")
