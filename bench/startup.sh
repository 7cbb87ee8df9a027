#!/usr/bin/env bash
# Panel start-up, side by side: the jar as `java -jar` runs it, and with the class-data-sharing
# archive that ./panel serve uses (and, when BEFORE_JAR is set, an older build of the jar), in
# interleaved rounds on the same data folder. Prints medians of wall time (spawn -> GET /health
# 200) and of CPU time (user + system, all threads, from /proc/<pid>/stat) at that moment.
#
#   bench/startup.sh                                  # RUNS=7 PORT=18082
#   BEFORE_JAR=/tmp/talon-old.jar RUNS=5 bench/startup.sh
#
# Not a test; never runs in CI. Everything it starts is stopped on exit; raw figures go to
# bench/results/<time>-startup/. See docs/BENCHMARKS.md ("Panel start-up").
set -euo pipefail

RUNS=${RUNS:-7}
PORT=${PORT:-18082}
BEFORE_JAR=${BEFORE_JAR:-}
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
cd "$root"
BASE="http://127.0.0.1:$PORT"

./panel --version >/dev/null # builds the jar when needed
. "$root/.mvn/find-jdk.sh"
talon_find_jdk
jar="$root/panel-core/target/talon.jar"
out="$root/bench/results/$(date +%Y%m%d-%H%M%S)-startup"
work=$(mktemp -d)
mkdir -p "$out"
pid=""
cleanup() {
  [[ -n $pid ]] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

if curl -s -o /dev/null "$BASE/health"; then
  echo "Something already answers on $BASE; set PORT to a free port." >&2
  exit 1
fi

now_ms() { echo $(($(date +%s%N) / 1000000)); }
cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{print int(($14 + $15) * 1000 / hz)}' "/proc/$1/stat"; }
median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }

# The options ./panel adds for `serve` (keep in step with ./panel).
cds_opts=(-XX:SharedArchiveFile="$work/talon.jsa" -XX:+AutoCreateSharedArchive -Xlog:cds=off -Xlog:cds+dynamic=off)

start_once() { # name jar [java options...]; appends "wall_ms cpu_ms" to $out/<name>.txt
  local name=$1 jar_file=$2 t0
  shift 2
  t0=$(now_ms)
  PANEL_ADMIN_PASSWORD=bench-password-1 "$JAVA_HOME/bin/java" "$@" -jar "$jar_file" serve --port "$PORT" \
    --data "$work/data" >>"$out/$name.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 1200); do # at most 60 s
    if curl -fs -o /dev/null "$BASE/health"; then
      echo "$(($(now_ms) - t0)) $(cpu_ms "$pid")" >>"$out/$name.txt"
      kill "$pid"
      wait "$pid" 2>/dev/null || true # a normal stop: the JVM writes the archive if it has none
      pid=""
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || { echo "The panel exited; see $out/$name.log" >&2; exit 1; }
    sleep 0.05
  done
  echo "The panel did not answer /health within 60 s; see $out/$name.log" >&2
  exit 1
}

echo "Load average before: $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$out/summary.txt"
echo "Machine: $(nproc) cores, $("$JAVA_HOME/bin/java" -version 2>&1 | head -n 1)" | tee -a "$out/summary.txt"
# Unmeasured: creates the data folder (first start) and the archive (written when it stops).
start_once setup "$jar" "${cds_opts[@]}"
variants=(plain cds)
[[ -n $BEFORE_JAR ]] && variants=(before "${variants[@]}")
for _ in $(seq 1 "$RUNS"); do
  for v in "${variants[@]}"; do
    case $v in
      before) start_once before "$BEFORE_JAR" ;;
      plain) start_once plain "$jar" ;;
      cds) start_once cds "$jar" "${cds_opts[@]}" ;;
    esac
  done
done
for v in "${variants[@]}"; do
  echo "$v: median of $RUNS starts (existing data folder): $(cut -d' ' -f1 "$out/$v.txt" | median) ms to /health," \
    "CPU $(cut -d' ' -f2 "$out/$v.txt" | median) ms; runs (wall cpu): $(tr '\n' ',' <"$out/$v.txt" | sed 's/,$//')" |
    tee -a "$out/summary.txt"
done
echo "Load average after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/summary.txt"
