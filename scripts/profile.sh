#!/usr/bin/env bash
# CPU profile of one `journeybook build` of a generated report, with perf (Debian: linux-perf).
#
# usage: scripts/profile.sh [N] [TOP]        default: 1000 personas, top 15 symbols
#
# Generates a report of N personas + N journeys under /dev/shm (or a temp dir), records one
# build with `perf record -g` and prints the TOP symbols by self time
# (`perf report --no-children --sort dso,symbol`). The perf data stays in target/bench/ for
# `perf report -i target/bench/perf.data`. PROFILE_CALLGRAPH=dwarf records DWARF call graphs
# instead of frame pointers (bigger, but callers of malloc/memmove become visible).
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
n="${1:-1000}"
top="${2:-15}"
command -v perf >/dev/null 2>&1 || {
  echo "profile.sh: perf not found; install with: sudo apt-get install -y linux-perf" >&2
  exit 1
}

cargo build --profile profiling --quiet --bin journeybook
if [ -d /dev/shm ] && [ "$(stat -f -c %T /dev/shm)" = tmpfs ]; then
  work="$(mktemp -d -p /dev/shm journeybook-profile.XXXXXX)"
else
  work="$(mktemp -d -t journeybook-profile.XXXXXX)"
fi
trap 'rm -rf "$work"' EXIT
cp target/profiling/journeybook "$work/journeybook"
"$work/journeybook" generate "$work/report" --personas "$n" >/dev/null
mkdir -p target/bench
data="$repo/target/bench/perf.data"
callgraph=(-g)
if [ "${PROFILE_CALLGRAPH:-}" = dwarf ]; then callgraph=(--call-graph dwarf); fi
(cd "$work/report" && perf record "${callgraph[@]}" -o "$data" -- "$work/journeybook" build . -o "$work/out") >&2
echo "top $top symbols by self time, one build of $n personas + $n journeys ($(git rev-parse --short HEAD)):"
perf report -i "$data" --no-children --sort dso,symbol --stdio -g none 2>/dev/null \
  | grep -v '^#' | grep -v '^[[:space:]]*$' | head -n "$top" \
  | awk '{ pct = $1; dso = $2; $1 = $2 = $3 = ""; sub(/^ +/, ""); sub(/ +- +- *$/, ""); printf "%7s  %-18s %s\n", pct, dso, $0 }'
