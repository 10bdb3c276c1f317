#!/usr/bin/env bash
# Compares two builds of the gateway under the same `./esg bench` load: runs them alternately
# (A, B, A, B, ...), each run a fresh broker and gateway, and prints every run and the median per
# build. Runs of one build differ by tens of percent on a 2-core machine (docs/performance.md), so
# one run each proves nothing; use at least 3 rounds.
#
# usage: gateway-bench/compare.sh ROUNDS JAR_A JAR_B [bench options...]
#   JAR_A, JAR_B  gateway jars (gateway-app/target/esg.jar of two checkouts; each needs its lib/)
#   bench options as for `./esg bench`, default --api stream --warmup 30s --duration 20s; the
#   gateway side runs first (--order gateway-first)
#
# To build the jar of another commit:
#   git worktree add /tmp/before <commit> && (cd /tmp/before && mvn -q -DskipTests package)
#   gateway-bench/compare.sh 3 /tmp/before/gateway-app/target/esg.jar gateway-app/target/esg.jar
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
usage="usage: gateway-bench/compare.sh ROUNDS JAR_A JAR_B [bench options...]"
rounds="${1:?$usage}"
jar_a="$(realpath "${2:?$usage}")"
jar_b="$(realpath "${3:?$usage}")"
shift 3
options=("$@")
if [ ${#options[@]} -eq 0 ]; then
  options=(--api stream --warmup 30s --duration 20s)
fi
out="$(mktemp -d /tmp/esg-compare.XXXXXX)"

# field NAME of the gateway (or direct) object of a bench JSON file
field() {
  grep -o "\"$2\":{[^}]*}" "$1" | grep -o "\"$3\":[0-9.]*" | cut -d: -f2
}

for ((round = 1; round <= rounds; round++)); do
  for build in A B; do
    jar="$jar_a"
    [ "$build" = B ] && jar="$jar_b"
    json="$out/$build-$round.json"
    "$root/esg" bench --order gateway-first --gateway-jar "$jar" "${options[@]}" --json "$json" \
      >"$out/$build-$round.txt" 2>"$out/$build-$round.err" || true
    if [ ! -s "$json" ]; then
      echo "run $build $round failed; see $out/$build-$round.err" >&2
      continue
    fi
    printf '%s %d  gateway %10.0f events/s %6.2f us/event   direct %10.0f events/s %6.2f us/event\n' \
      "$build" "$round" \
      "$(field "$json" gateway events_per_second)" "$(field "$json" gateway cpu_seconds_per_million)" \
      "$(field "$json" direct events_per_second)" "$(field "$json" direct cpu_seconds_per_million)"
  done
done

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
echo
for build in A B; do
  jar="$jar_a"
  [ "$build" = B ] && jar="$jar_b"
  files=("$out/$build"-*.json)
  rate=$(for f in "${files[@]}"; do [ -s "$f" ] && field "$f" gateway events_per_second; done | median)
  cpu=$(for f in "${files[@]}"; do [ -s "$f" ] && field "$f" gateway cpu_seconds_per_million; done | median)
  printf '%s median: gateway %s events/s, %s us/event  (%s)\n' "$build" "$rate" "$cpu" "$jar"
done
echo "runs: $out"
