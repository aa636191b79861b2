"""Reference values for ApportionmentTests.swift, from PySAL `tobler` with shapely overlaps.

Polygons have integer vertices and only axis-parallel or 45-degree edges, so every area and
overlap is a multiple of 1/2: exact in the float32 table that tobler builds internally, so the
comparison is not blurred by tobler's single-precision storage. Target 3 touches no source.

Printed: the source areas and the (source, target, overlap area) rows from shapely (the fixture
that the Swift test feeds in), then tobler's area_interpolate output for an extensive variable
with allocate_total=False (AtlasStatistics .sourceArea) and True (.coveredArea), and for an
intensive variable. tobler reports 0 for the intensive value of a target with no overlap;
AtlasStatistics reports nil there, by design.

tobler stores its area table as float32 (scipy coo_matrix(..., dtype=np.float32)), so its own
allocate_total=True and intensive outputs carry float32 rounding of the weights (about 1e-7
relative: 42400.0038 instead of 42400). The script therefore also runs area_interpolate with the
same overlaps passed as a float64 `table=`, which is tobler's code path in double precision; the
Swift tests match that run to 1e-9 relative and tobler's default run to 1e-6.
"""
import geopandas as gpd
import numpy as np
import shapely
import tobler
from scipy.sparse import csr_matrix
from shapely.geometry import Polygon, box
from tobler.area_weighted import area_interpolate

print(f"# tobler {tobler.__version__}, geopandas {gpd.__version__}, shapely {shapely.__version__}")

sources = gpd.GeoDataFrame(
    {
        "population": [100.0, 250.0, 80.0, 60.0],
        "median_income": [40000.0, 52000.0, 61000.0, 35000.0],
    },
    geometry=[
        box(0, 0, 4, 4),
        box(4, 0, 8, 4),
        box(0, 4, 8, 6),
        Polygon([(8, 0), (12, 0), (8, 4)]),
    ],
    crs="EPSG:3435",
)
targets = gpd.GeoDataFrame(
    geometry=[
        box(0, 0, 5, 3),
        box(5, 0, 9, 5),
        box(0, 3, 5, 6),
        box(20, 20, 21, 21),
    ],
    crs="EPSG:3435",
)

print("source_areas = [" + ", ".join(repr(float(a)) for a in sources.area) + "]")
rows = []
for i, s in enumerate(sources.geometry):
    for j, t in enumerate(targets.geometry):
        a = s.intersection(t).area
        if a > 0:
            rows.append((i, j, a))
print("overlaps = [")
for i, j, a in rows:
    print(f"  ({i}, {j}, {a!r}),")
print("]")

for allocate_total in (False, True):
    out = area_interpolate(sources, targets, extensive_variables=["population"],
                           allocate_total=allocate_total)
    print(f"extensive_allocate_total_{allocate_total} = ["
          + ", ".join(repr(float(v)) for v in out["population"]) + "]")
out = area_interpolate(sources, targets, intensive_variables=["median_income"])
print("intensive = [" + ", ".join(repr(float(v)) for v in out["median_income"]) + "]")

table64 = csr_matrix(
    ([a for _, _, a in rows], ([i for i, _, _ in rows], [j for _, j, _ in rows])),
    shape=(len(sources), len(targets)),
    dtype=np.float64,
)
for allocate_total in (False, True):
    out = area_interpolate(sources, targets, extensive_variables=["population"],
                           allocate_total=allocate_total, table=table64)
    print(f"float64_table_extensive_allocate_total_{allocate_total} = ["
          + ", ".join(repr(float(v)) for v in out["population"]) + "]")
out = area_interpolate(sources, targets, intensive_variables=["median_income"], table=table64)
print("float64_table_intensive = [" + ", ".join(repr(float(v)) for v in out["median_income"]) + "]")
