#!/usr/bin/env bash
# Reproducible build benchmark of journeybook against Hugo (issue 5). See BENCHMARKS.md.
#
# usage: scripts/bench.sh [N ...]            default: 100 1000 10000
#
# For each N: generates a deterministic report of N personas + N five-stage journeys
# (`journeybook generate`), times a full `journeybook build` with hyperfine (median), measures
# its peak RSS with GNU time, builds a Hugo site of the same 2 x N markdown pages (minimal
# layout) the same way, and times the floor: reading every input file and parsing its
# markdown and YAML alone (examples/parse_floor.rs). Prints a markdown table and writes it to
# target/bench/results.md.
#
# Environment:
#   BENCH_FS=tmpfs|disk|both   where the builds write their output (default: both, or disk
#                              when there is no /dev/shm). Inputs always stay in BENCH_DIR.
#   BENCH_DIR=DIR              work dir for inputs and tmpfs outputs
#                              (default /dev/shm/journeybook-bench, else a temp dir)
#   BENCH_DISK_DIR=DIR         where "disk" outputs go (default target/bench/disk in the repo)
#   BENCH_RUNS_SMALL=5         hyperfine runs for N <= 1000 (after 1 warmup run)
#   BENCH_RUNS_LARGE=3         hyperfine runs for N > 1000
#   BENCH_KEEP=1               keep inputs and outputs afterwards
#   BENCH_NICE=-10             run everything at this nice level (negative needs root): on a
#                              shared machine it keeps other jobs from skewing the timings
#
# Needs: cargo, hugo, hyperfine, GNU time (/usr/bin/time), python3, and jq or python3.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
if [ -n "${BENCH_NICE:-}" ] && [ -z "${BENCH_NICED:-}" ]; then
  export BENCH_NICED=1
  exec nice -n "$BENCH_NICE" "$0" "$@"
fi

sizes=("$@")
if [ ${#sizes[@]} -eq 0 ]; then
  sizes=(100 1000 10000)
fi
for n in "${sizes[@]}"; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "bench.sh: N must be a positive number, got \`$n\`" >&2; exit 2; }
done

# --- what we need ------------------------------------------------------------------------
missing=()
command -v hugo >/dev/null 2>&1 || missing+=(hugo)
command -v hyperfine >/dev/null 2>&1 || missing+=(hyperfine)
[ -x /usr/bin/time ] && /usr/bin/time -f %M true >/dev/null 2>&1 || missing+=(time)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
if [ ${#missing[@]} -gt 0 ]; then
  echo "bench.sh: missing: ${missing[*]}" >&2
  echo "install with: sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
command -v cargo >/dev/null 2>&1 || { echo "bench.sh: cargo not found (install Rust)" >&2; exit 1; }

if [ -d /dev/shm ] && [ "$(stat -f -c %T /dev/shm)" = tmpfs ]; then
  have_tmpfs=1
  default_dir=/dev/shm/journeybook-bench
else
  have_tmpfs=0
  default_dir="$(mktemp -d -t journeybook-bench.XXXXXX)"
fi
work="${BENCH_DIR:-$default_dir}"
disk_dir="${BENCH_DISK_DIR:-$repo/target/bench/disk}"
fs_choice="${BENCH_FS:-$([ $have_tmpfs = 1 ] && echo both || echo disk)}"
case "$fs_choice" in
  both) filesystems=(tmpfs disk) ;;
  tmpfs | disk) filesystems=("$fs_choice") ;;
  *) echo "bench.sh: BENCH_FS must be tmpfs, disk or both" >&2; exit 2 ;;
esac
runs_small="${BENCH_RUNS_SMALL:-5}"
runs_large="${BENCH_RUNS_LARGE:-3}"

results_dir="$repo/target/bench"
mkdir -p "$results_dir" "$work" "$disk_dir"
fs_type() { { findmnt -n -o FSTYPE -T "$1" 2>/dev/null || stat -f -c %T "$1"; } | tail -n 1; }
work_fs="$(fs_type "$work")"
disk_fs="$(fs_type "$disk_dir")"
if [[ " ${filesystems[*]} " == *" tmpfs "* ]] && [ "$work_fs" != tmpfs ]; then
  echo "bench.sh: BENCH_FS=$fs_choice needs BENCH_DIR on a tmpfs; $work is $work_fs (try BENCH_FS=disk)" >&2
  exit 2
fi
if [[ " ${filesystems[*]} " == *" disk "* ]] && [ "$disk_fs" = tmpfs ]; then
  echo "bench.sh: BENCH_DISK_DIR $disk_dir is on a tmpfs, not a disk" >&2
  exit 2
fi
log="$results_dir/bench.log"
: >"$log"
say() { echo "$*" >&2; echo "$*" >>"$log"; }

# --- build, then run copies so a concurrent `cargo build` cannot swap binaries mid-run ----
say "building release binary and examples/parse_floor ..."
cargo build --release --quiet --bin journeybook --example parse_floor
mkdir -p "$work/bin"
cp target/release/journeybook "$work/bin/journeybook"
cp target/release/examples/parse_floor "$work/bin/parse_floor"
jb="$work/bin/journeybook"
floor_bin="$work/bin/parse_floor"

json_field() { # hyperfine JSON, field -> value of results[0].field
  if command -v jq >/dev/null 2>&1; then
    jq -r ".results[0].$2" "$1"
  else
    python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][0][sys.argv[2]])' "$1" "$2"
  fi
}
# CPU seconds (mean user + system) of the last timed command named NAME
cpu_of() { awk -v u="$(json_field "$work/$1.json" user)" -v s="$(json_field "$work/$1.json" system)" 'BEGIN { print u + s }'; }
secs() { awk -v s="$1" 'BEGIN { if (s < 1) printf "%.0f ms", s * 1000; else printf "%.2f s", s }'; }
mib() { awk -v k="$1" 'BEGIN { printf "%.0f MB", k / 1024 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

# time_cmd NAME RUNS OUT_DIR CMD...: hyperfine median (removing OUT_DIR before each run)
time_cmd() {
  local name="$1" runs="$2" out="$3"
  shift 3
  local json="$work/$name.json" cmd prepare
  cmd="$(printf '%q ' "$@")"
  prepare="true"
  if [ -n "$out" ]; then
    prepare="rm -rf $(printf '%q' "$out") && sync"
  fi
  hyperfine --warmup 1 --runs "$runs" --prepare "$prepare" --export-json "$json" \
    --style basic -n "$name" "$cmd" >>"$log" 2>&1 || {
    say "bench.sh: $name failed; see $log"
    exit 1
  }
  json_field "$json" median
}

# peak_rss OUT_DIR CMD...: peak resident set size (KB) of one run into an empty OUT_DIR
peak_rss() {
  local out="$1" file="$work/rss.txt"
  shift
  rm -rf "$out"
  /usr/bin/time -f %M -o "$file" "$@" >>"$log" 2>&1
  tail -n 1 "$file"
}

commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
# Only uncommitted changes to what goes into the binary make the commit hash inexact.
dirty=""
if [ -n "$(git status --porcelain -- src themes build.rs Cargo.toml Cargo.lock 2>/dev/null)" ]; then
  dirty=" + uncommitted changes to src/themes/Cargo"
fi
cpu="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
header="journeybook $commit$dirty${BENCH_NICE:+, nice $BENCH_NICE}, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores ($cpu), $(hugo version | cut -d' ' -f1-2), $(hyperfine --version)"
say "$header"
say "inputs and tmpfs outputs in $work ($work_fs), disk outputs in $disk_dir ($disk_fs)"
say "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"

# Other work on the machine skews timings: sample the load average while we run.
(while :; do cut -d' ' -f1 /proc/loadavg; sleep 2; done) >"$work/load.txt" 2>/dev/null &
sampler=$!
trap 'kill "$sampler" 2>/dev/null || true' EXIT

rows=()
cpu_rows=()
declare -A jb_median floor_median
for n in "${sizes[@]}"; do
  runs=$([ "$n" -le 1000 ] && echo "$runs_small" || echo "$runs_large")
  report="$work/input/report-$n"
  site="$work/input/hugo-$n"
  say "N=$n: generating report and Hugo site ..."
  rm -rf "$report"
  "$jb" generate "$report" --personas "$n" >>"$log" 2>&1
  pages="$(python3 "$repo/scripts/bench_hugo_site.py" "$report" "$site")"
  say "N=$n: $pages Hugo pages"

  say "N=$n: floor (read + parse all input) ..."
  floor="$(time_cmd "floor-$n" "$runs" "" "$floor_bin" "$report")"
  floor_median[$n]="$floor"

  for fs in "${filesystems[@]}"; do
    if [ "$fs" = tmpfs ]; then base="$work/out"; else base="$disk_dir"; fi
    mkdir -p "$base"
    jb_out="$base/journeybook-$n"
    hugo_out="$base/hugo-$n"

    say "N=$n fs=$fs: journeybook build ($runs runs) ..."
    (cd "$report" && time_cmd "journeybook-$n-$fs" "$runs" "$jb_out" "$jb" build . -o "$jb_out") >"$work/t"
    jb_t="$(cat "$work/t")"
    jb_rss="$(cd "$report" && peak_rss "$jb_out" "$jb" build . -o "$jb_out")"
    jb_files="$(find "$jb_out" -type f | wc -l)"

    say "N=$n fs=$fs: hugo ($runs runs) ..."
    (cd "$site" && time_cmd "hugo-$n-$fs" "$runs" "$hugo_out" hugo --quiet --destination "$hugo_out") >"$work/t"
    hugo_t="$(cat "$work/t")"
    hugo_rss="$(cd "$site" && peak_rss "$hugo_out" hugo --quiet --destination "$hugo_out")"
    hugo_files="$(find "$hugo_out" -type f | wc -l)"
    say "N=$n fs=$fs: journeybook $(secs "$jb_t") ($jb_files files), hugo $(secs "$hugo_t") ($hugo_files files)"

    jb_median["$n-$fs"]="$jb_t"
    jb_cpu="$(cpu_of "journeybook-$n-$fs")"
    hugo_cpu="$(cpu_of "hugo-$n-$fs")"
    cpu_rows+=("| $n | $fs | $(secs "$jb_cpu") | $(secs "$hugo_cpu") | $(ratio "$jb_cpu" "$hugo_cpu") | $(secs "$(cpu_of "floor-$n")") |")
    rows+=("| $n | $fs | $(secs "$jb_t") | $(secs "$hugo_t") | $(ratio "$jb_t" "$hugo_t") | $(secs "$floor") | $(mib "$jb_rss") | $(mib "$hugo_rss") |")
    if [ -z "${BENCH_KEEP:-}" ]; then rm -rf "$jb_out" "$hugo_out"; fi
  done
  if [ -z "${BENCH_KEEP:-}" ]; then rm -rf "$report" "$site"; fi
done

{
  echo "$header"
  echo
  echo "| N | fs | journeybook median | Hugo median | ratio | floor | peak RSS (journeybook) | peak RSS (Hugo) |"
  echo "|---:|---|---:|---:|---:|---:|---:|---:|"
  printf '%s\n' "${rows[@]}"
  echo
  for fs in "${filesystems[@]}"; do
    if [ -n "${jb_median[10000-$fs]:-}" ] && [ -n "${jb_median[1000-$fs]:-}" ]; then
      echo "growth 10000/1000 ($fs): journeybook $(ratio "${jb_median[10000-$fs]}" "${jb_median[1000-$fs]}")x"
    fi
  done
  if [ -n "${floor_median[10000]:-}" ] && [ -n "${floor_median[1000]:-}" ]; then
    echo "growth 10000/1000 (floor): $(ratio "${floor_median[10000]}" "${floor_median[1000]}")x"
  fi
  echo
  echo "N personas = N persona pages + N journey pages; Hugo builds the same 2 x N markdown pages."
  echo "Medians of hyperfine runs (1 warmup; output folder removed before each run); floor ="
  echo "read + parse all input files (examples/parse_floor.rs); peak RSS from one /usr/bin/time run."
  echo "Inputs on $work_fs; disk outputs on $disk_fs."
  echo "1-min load average during the run: max $(sort -n "$work/load.txt" | tail -n 1) (the benchmark alone"
  echo "accounts for up to about 2 on a 2-core machine; more means other work competed for the CPU)."
  echo
  echo "CPU time (mean user + system of the same runs; less sensitive to other work than wall time):"
  echo
  echo "| N | fs | journeybook CPU | Hugo CPU | ratio | floor CPU |"
  echo "|---:|---|---:|---:|---:|---:|"
  printf '%s\n' "${cpu_rows[@]}"
} >"$results_dir/results.md"

cat "$results_dir/results.md"
if [ -z "${BENCH_KEEP:-}" ]; then
  kill "$sampler" 2>/dev/null || true
  rm -rf "$work/out" "$work/input" "$work/bin" "$work"/*.json "$work/rss.txt" "$work/t" "$work/load.txt"
  rmdir "$work" "$disk_dir" 2>/dev/null || true
fi
