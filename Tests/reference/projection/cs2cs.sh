#!/bin/sh
# Reference values for Tests/AtlasProjectionTests from PROJ's own command-line tool cs2cs
# (Debian 12 package proj-bin, PROJ 9.1.1), which picks the operation with
# proj_create_crs_to_crs like AtlasProjection. cs2cs keeps each CRS's official axis order:
# EPSG:4326 is latitude, longitude; EPSG:3435 and EPSG:26916 are easting, northing.
# Run: sh Tests/reference/projection/cs2cs.sh  (the output is committed as cs2cs.txt).
set -eu
cs2cs --version 2>&1 | head -1
echo "# EPSG:4326 (lat lon) -> EPSG:3435 (E N, US survey feet)"
printf '41.8839 -87.6319\n41.9786 -87.9048\n41.6550 -87.5470\n' | cs2cs -d 6 EPSG:4326 EPSG:3435
echo "# EPSG:3435 (E N) -> EPSG:4326 (lat lon)"
printf '1176000 1900000\n1100000 1850000\n' | cs2cs -d 9 EPSG:3435 EPSG:4326
echo "# EPSG:26916 (E N, metres) -> EPSG:3435 (E N)"
printf '448000 4636000\n' | cs2cs -d 6 EPSG:26916 EPSG:3435
