#!/usr/bin/env bash
# Profiles the gateway under `./esg bench` load with async-profiler (CPU, native and kernel frames
# included), and prints where its CPU goes by thread and by method.
#
# usage: gateway-bench/profile.sh OUT [--seconds N] [bench options...]
#   OUT          prefix of the files written: OUT.collapsed (collapsed stacks, one per line, thread
#                first), OUT.html (flame graph), OUT.txt (the bench's summary)
#   --seconds N  how long to profile (default 15); profiling starts 3 s into the measured window
#   bench options: as for `./esg bench` (e.g. --api batch --rate 40000 --warmup 60s); the gateway
#                side runs first (--order gateway-first) and the window must be longer than N + 3 s
#
# async-profiler (tools.profiler:async-profiler, linux-x64) comes from Maven Central on first use.
# It is loaded into the running gateway with `jcmd <pid> JVMTI.agent_load`. Needs Linux x64, a JDK
# (jcmd) and Maven. See docs/performance.md, "Profiling".
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
profiler_version=4.2
out="${1:?usage: gateway-bench/profile.sh OUT [--seconds N] [bench options...]}"
shift
seconds=15
if [ "${1:-}" = --seconds ]; then
  seconds="$2"
  shift 2
fi
warmup=""
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  case "${args[$i]}" in
    --warmup) warmup="${args[$((i + 1))]}" ;;
    --warmup=*) warmup="${args[$i]#--warmup=}" ;;
  esac
done
if [ -z "$warmup" ]; then
  warmup=30s
  args+=(--warmup "$warmup")
fi
case "$warmup" in
  *ms) warmup_s=$(( ${warmup%ms} / 1000 )) ;;
  *s) warmup_s=${warmup%s} ;;
  *m) warmup_s=$(( ${warmup%m} * 60 )) ;;
  *) warmup_s=$warmup ;;
esac

jar="$HOME/.m2/repository/tools/profiler/async-profiler/$profiler_version/async-profiler-$profiler_version-linux-x64.jar"
if [ ! -f "$jar" ]; then
  mvn -B -q dependency:get -Dtransitive=false \
    -Dartifact="tools.profiler:async-profiler:$profiler_version:jar:linux-x64" >&2
fi
lib_dir="$(mktemp -d)"
trap 'rm -rf "$lib_dir"' EXIT
(cd "$lib_dir" && unzip -q -o "$jar" 'linux-x64/*')
lib="$lib_dir/linux-x64/libasyncProfiler.so"

"$root/esg" bench --order gateway-first "${args[@]}" \
  >"$out.txt" 2>"$out.err" &
bench=$!

# the gateway is the `esg.jar serve` child of this bench
pid=""
for _ in $(seq 1 300); do
  pid="$(pgrep -P "$bench" -f 'esg.jar serve' || true)"
  pid="${pid%%$'\n'*}"
  if [ -n "$pid" ] && grep -q '^\[gateway\]' "$out.err" 2>/dev/null; then break; fi
  kill -0 "$bench" 2>/dev/null || break
  sleep 1
done
if [ -z "$pid" ] || ! kill -0 "$bench" 2>/dev/null; then
  echo "profile.sh: the gateway did not start; see $out.err" >&2
  wait "$bench" || true
  exit 1
fi
echo "profile.sh: gateway pid $pid; profiling $seconds s from 3 s into the measured window" >&2
sleep $((warmup_s + 3))
# jcmd splits its arguments at commas unless they are quoted
jcmd "$pid" JVMTI.agent_load "$lib" "\"start,event=cpu,interval=1ms,threads\"" >/dev/null
sleep "$seconds"
jcmd "$pid" JVMTI.agent_load "$lib" "\"dump,file=$out.collapsed,collapsed\"" >/dev/null
jcmd "$pid" JVMTI.agent_load "$lib" "\"stop,file=$out.html,flamegraph\"" >/dev/null
wait "$bench" || true

sed -n '1,14p' "$out.txt"
echo
echo "CPU samples by thread (names without their numbers):"
awk '{ n = $NF; t = $0; sub(/;.*/, "", t); gsub(/ tid=[0-9]+\]/, "", t); gsub(/[0-9]+$/, "", t);
       s[t] += n; total += n }
     END { for (t in s) printf "%6.1f%%  %s\n", 100 * s[t] / total, t }' "$out.collapsed" |
  sort -rn | head -12
echo
echo "Methods by inclusive samples (top 40; a method counted once per stack):"
awk '{ n = $NF; line = $0; sub(/ [0-9]+$/, "", line); k = split(line, f, ";"); delete seen;
       for (i = 2; i <= k; i++) if (!(f[i] in seen)) { seen[f[i]] = 1; s[f[i]] += n }
       total += n }
     END { for (m in s) printf "%6.1f%%  %s\n", 100 * s[m] / total, m }' "$out.collapsed" |
  sort -rn | grep -v -E '_\[k\]|thread_native_entry|start_thread|clone3|Thread::call_run|Thread.run|runWorker|Worker.run|FastThreadLocalRunnable|ThreadExecutorMap|SingleThreadEventExecutor\$|SingleThreadIoEventLoop.run$' |
  head -40
echo
echo "files: $out.collapsed $out.html $out.txt $out.err"
