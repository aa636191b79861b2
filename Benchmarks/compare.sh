#!/usr/bin/env bash
# Side-by-side timing of the EquityAtlas join CLI and the GeoPandas reference on the same
# input and the same 4 boundary layers. See Benchmarks/README.md.
#
#   Benchmarks/compare.sh [--points 1m-uniform|2m] [--runs N] [--gpd-runs N] [--no-build]
#                         [--skip-geopandas] [--rss-10m] [--cli PATH]
#
# --points 1m-uniform (default, issue 8's target): 1,000,000 points uniform over the city's
# bounding box; 2m: make-points' 2,000,000 jittered real crime locations. --cli: time this
# binary instead of building the release CLI (e.g. an older build, for before/after figures).
# Environment: EQUITY_ATLAS_DATA (default ../shared/data beside the repository), TMPDIR (default
# /tmp; inputs and outputs go to $TMPDIR/equity-atlas-bench), GPD_VENV (default
# $TMPDIR/venv-gpd; made on first use, outside the repository).
set -euo pipefail

runs=5
points_kind=1m-uniform
cli=""
gpd_runs=1
build=1
geopandas=1
rss_10m=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --points) points_kind="$2"; shift 2 ;;
    --cli) cli="$2"; build=0; shift 2 ;;
    --gpd-runs) gpd_runs="$2"; shift 2 ;;
    --no-build) build=0; shift ;;
    --skip-geopandas) geopandas=0; shift ;;
    --rss-10m) rss_10m=1; shift ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "compare.sh: unknown option $1" >&2; exit 64 ;;
  esac
done

bench_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$bench_dir")"
data="${EQUITY_ATLAS_DATA:-$(dirname "$repo")/shared/data}"
tmp="${TMPDIR:-/tmp}"; tmp="${tmp%/}"
work="$tmp/equity-atlas-bench"
venv="${GPD_VENV:-$tmp/venv-gpd}"
layers="wards-2023,police-districts,police-beats,community-areas"
n_layers=4
cli="${cli:-$repo/.build/release/equity-atlas}"
mkdir -p "$work"
export EQUITY_ATLAS_DATA="$data"

step() { printf '\n== %s\n' "$*" >&2; }

# (i) The release CLI. Builds run one at a time: the machine's 2 cores are shared.
if [[ $build == 1 ]]; then
  step "swift build -c release --product equity-atlas"
  swift build --package-path "$repo" -c release --product equity-atlas >&2
fi
[[ -x $cli ]] || { echo "compare.sh: no $cli (run without --no-build)" >&2; exit 1; }

# (ii) The input, written once by the benchmark package's make-points (deterministic).
step "input"
make_points() {
  if [[ $build == 1 || ! -x "$bench_dir/.build/release/make-points" ]]; then
    swift build --package-path "$bench_dir" -c release --product make-points >&2
  fi
  "$bench_dir/.build/release/make-points" "$@"
}
case "$points_kind" in
  2m) points="$(make_points 2m)" ;;
  1m-uniform)
    # Uniform over the city's bounding box (about 60% falls inside the city), same columns as
    # make-points; deterministic; written once through a temporary file.
    points="$work/points-1m-uniform.csv"
    if [[ ! -s $points ]]; then
      python3 - "$points" <<'PY'
import os, random, sys
path = sys.argv[1]
random.seed(20231106)
with open(path + ".partial", "w") as f:
    f.write("id,date,primary_type,latitude,longitude\n")
    for i in range(1_000_000):
        f.write(f"{i},2023-06-01T12:00:00,THEFT,{random.uniform(41.64, 42.03):.6f},{random.uniform(-87.94, -87.52):.6f}\n")
os.replace(path + ".partial", path)
PY
    fi ;;
  *) echo "compare.sh: --points is 1m-uniform or 2m, not $points_kind" >&2; exit 64 ;;
esac
n_points=$(( $(wc -l < "$points") - 1 ))
echo "$points: $n_points points, $(du -m "$points" | cut -f1) MB" >&2
out="$work/joined-$points_kind.csv"
join_cmd=("$cli" join "$points" --data "$data" --layers "$layers" --out "$out")

# (iii) The whole CLI process: hyperfine for the time, GNU time for the peak RSS.
step "hyperfine: ${join_cmd[*]}"
hyperfine --warmup 1 --runs "$runs" --export-json "$work/hyperfine.json" \
  "$(printf '%q ' "${join_cmd[@]}")" >&2
read -r ea_mean ea_sd ea_min ea_max < <(python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print(r["mean"], r["stddev"] or 0, r["min"], r["max"])' "$work/hyperfine.json")

step "peak RSS: /usr/bin/time"
/usr/bin/time -f "%e s %M KB" -o "$work/time-$points_kind.txt" "${join_cmd[@]}" >"$work/join-$points_kind.report" 2>&1
read -r ea_wall _ ea_rss_kb _ < "$work/time-$points_kind.txt"
cat "$work/join-$points_kind.report" >&2
echo "equity-atlas $points_kind: $(cat "$work/time-$points_kind.txt")" >&2

# (iv) GeoPandas, in a throw-away venv outside the repository.
gpd_json=""
if [[ $geopandas == 1 ]]; then
  if [[ ! -x "$venv/bin/python" ]] || ! "$venv/bin/python" -c 'import geopandas, pyogrio, shapely, pandas, pyarrow' 2>/dev/null; then
    step "venv $venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet geopandas pyogrio shapely pandas pyarrow >&2
  fi
  step "GeoPandas: reference/geopandas_join.py (read + 4 sjoin + to_csv, $gpd_runs run(s))"
  gpd_out="$work/geopandas-joined-$points_kind.csv"
  /usr/bin/time -f "%e s %M KB" -o "$work/time-gpd.txt" \
    "$venv/bin/python" "$bench_dir/reference/geopandas_join.py" "$points" --data "$data" \
      --manifest "$repo/Boundaries/manifest.json" --out "$gpd_out" --runs "$gpd_runs" \
      --compare-with "$out" > "$work/geopandas.json"
  rm -f "$gpd_out"
  gpd_json="$work/geopandas.json"
  echo "GeoPandas process: $(cat "$work/time-gpd.txt")" >&2
fi

# (vi) Optional: peak RSS of the CLI on 10M points (memory must stay flat: < 500 MB).
rss10=""
if [[ $rss_10m == 1 ]]; then
  step "10M points: peak RSS"
  points10="$(make_points 10m)"
  /usr/bin/time -f "%e s %M KB" -o "$work/time-10m.txt" \
    "$cli" join "$points10" --data "$data" --layers "$layers" --out "$work/joined-10m.csv" >/dev/null 2>&1
  rm -f "$work/joined-10m.csv"
  rss10="$(cat "$work/time-10m.txt")"
  echo "equity-atlas 10M: $rss10" >&2
fi

# (v) The table.
step "summary"
python3 - "$n_points" "$n_layers" "$ea_mean" "$ea_sd" "$ea_min" "$ea_max" "$ea_rss_kb" "$runs" \
  "$gpd_json" "$work/time-gpd.txt" "$rss10" <<'EOF'
import json, os, sys
n_points, n_layers = int(sys.argv[1]), int(sys.argv[2])
ea_mean, ea_sd, ea_min, ea_max = map(float, sys.argv[3:7])
ea_rss_kb, runs = int(sys.argv[7]), int(sys.argv[8])
gpd_json, gpd_time, rss10 = sys.argv[9], sys.argv[10], sys.argv[11]
pairs = n_points * n_layers
rows = [("equity-atlas join, whole process, CSV -> CSV", ea_mean, f"hyperfine mean ± {ea_sd:.3f} s sd, {runs} runs; peak RSS {ea_rss_kb / 1024:.0f} MB")]
if gpd_json:
    g = json.load(open(gpd_json))
    best = min(g["runs"], key=lambda r: r["read"] + r["join"])
    k = len(g["runs"])
    rows.append(("GeoPandas read + 4 sjoin (no output)", best["read"] + best["join"],
                 f"in-process, {'best of ' + str(k) if k > 1 else '1 run'}: read {best['read']:.2f} s + join {best['join']:.2f} s"))
    rows.append(("GeoPandas read + 4 sjoin + to_csv", best["read"] + best["join"] + best["write"],
                 f"in-process; to_csv {best['write']:.2f} s"))
    wall, _, rss, _ = open(gpd_time).read().split()
    if k == 1:
        rows.append(("GeoPandas whole process (+ imports, to_csv)", float(wall) - g.get("compare_seconds", 0),
                     f"/usr/bin/time minus the agreement check; peak RSS {int(rss) / 1024:.0f} MB"))
w = max(len(r[0]) for r in rows)
print(f"{n_points:,} points x {n_layers} layers = {pairs:,} point-layer pairs")
print(f"{'tool':<{w}}  {'seconds':>8}  {'point×layers/s':>15}  {'speed-up':>8}  notes")
for name, seconds, note in rows:
    speed = f"{seconds / ea_mean:.1f}x"   # how many times faster equity-atlas is
    print(f"{name:<{w}}  {seconds:8.2f}  {pairs / seconds / 1e6:12.1f} M  {speed:>8}  {note}")
print("speed-up: seconds / equity-atlas seconds (how many times faster the equity-atlas CLI is)")
if gpd_json:
    v = g["versions"]
    print("GeoPandas stack: " + ", ".join(f"{k} {v[k]}" for k in v))
    if "agreement" in g:
        a = g["agreement"]
        if "error" in a:
            print("agreement: " + a["error"])
        else:
            print("agreement (points assigned differently / outside per tool): " + "; ".join(
                f"{k} {x['differ']} ({x['equity_atlas_outside']} / {x['geopandas_outside']})" for k, x in a.items()))
if rss10:
    print(f"equity-atlas 10M points: {rss10} (wall, peak RSS)")
EOF
