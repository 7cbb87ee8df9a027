#!/usr/bin/env bash
# Benchmark harness (not a test): start-up time, resident memory and admin-dashboard latency.
#
#   bench/dashboard.sh                 # defaults below; about 4 minutes on 2 cores
#   RUNS=7 DURATION=60s CONNECTIONS=32 bench/dashboard.sh
#
# Loopback only (127.0.0.1), bounded in count and time, stops everything it started.
#   1. Start-up: RUNS starts on a fresh data folder and RUNS on an existing one; each is timed from
#      the moment `java -jar talon.jar serve` is spawned until GET /health answers 200, and the
#      process's VmRSS (/proc/<pid>/status) is read at that moment.
#   2. Load: one panel on an existing data folder, the administrator signed in through the login form
#      (session cookie); wrk -t2 -c$CONNECTIONS --latency against GET /admin (the admin dashboard,
#      which renders its widgets from the database on every request): one warm-up, then ROUNDS
#      rounds of DURATION. VmRSS before and after the load.
# Prints medians and writes the raw output to bench/results/<time>/ (ignored by git).
set -euo pipefail

RUNS=${RUNS:-5}
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-30s}
WARMUP=${WARMUP:-15s}
CONNECTIONS=${CONNECTIONS:-16}
PORT=${PORT:-18081}
BASE="http://127.0.0.1:$PORT"
PASSWORD=bench-password-1

root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
cd "$root"
out="$root/bench/results/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
work=$(mktemp -d /tmp/talon-bench-XXXXXX)
pid=""

cleanup() {
  stop_panel
  rm -rf "$work"
}
trap cleanup EXIT

if ! command -v wrk >/dev/null; then
  echo "Installing wrk (Debian package)…" >&2
  [[ $(id -u) -eq 0 ]] || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
  apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >/dev/null
fi
if curl -s -o /dev/null "$BASE/health"; then
  echo "Something already answers on $BASE; set PORT to a free port." >&2
  exit 1
fi

# Builds the jar when needed and sets JAVA_HOME (the launcher's own logic).
./panel --version >/dev/null
. "$root/.mvn/find-jdk.sh"
talon_find_jdk
jar="$root/panel-core/target/talon.jar"

now_ms() { echo $(($(date +%s%N) / 1000000)); }
rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
# CPU time (user + system, all threads) the process has used so far, in ms: steadier than wall
# time on a shared machine.
cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{print int(($14 + $15) * 1000 / hz)}' "/proc/$1/stat"; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

# median of the numbers on stdin (lower middle for an even count)
median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }

start_panel() { # data-dir log-file; sets pid and start_ms
  local t0
  t0=$(now_ms)
  PANEL_ADMIN_PASSWORD=$PASSWORD "$JAVA_HOME/bin/java" -jar "$jar" serve --port "$PORT" --data "$1" >"$2" 2>&1 &
  pid=$!
  for _ in $(seq 1 1200); do # at most 60 s
    if curl -fs -o /dev/null "$BASE/health"; then
      start_ms=$(($(now_ms) - t0))
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || { echo "The panel exited; see $2" >&2; exit 1; }
    sleep 0.05
  done
  echo "The panel did not answer /health within 60 s; see $2" >&2
  exit 1
}

stop_panel() {
  if [[ -n $pid ]]; then
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    pid=""
  fi
}

echo "Load average before: $(loadavg)" | tee "$out/summary.txt"
echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), $("$JAVA_HOME/bin/java" -version 2>&1 | head -n 1)" | tee -a "$out/summary.txt"

# --- 1. Start-up time and memory -------------------------------------------------------------
for kind in fresh existing; do
  : >"$out/startup-$kind.txt"
  for i in $(seq 1 "$RUNS"); do
    [[ $kind == fresh ]] && rm -rf "$work/data"
    start_panel "$work/data" "$out/panel-$kind-$i.log"
    echo "$start_ms $(rss_kb "$pid") $(cpu_ms "$pid")" >>"$out/startup-$kind.txt"
    stop_panel
  done
  ms=$(cut -d' ' -f1 "$out/startup-$kind.txt" | median)
  rss=$(cut -d' ' -f2 "$out/startup-$kind.txt" | median)
  cpu=$(cut -d' ' -f3 "$out/startup-$kind.txt" | median)
  echo "Start-up ($kind data folder, median of $RUNS): ${ms} ms to /health (CPU time ${cpu} ms); RSS then $((rss / 1024)) MiB" | tee -a "$out/summary.txt"
done

# --- 2. Dashboard under load -----------------------------------------------------------------
start_panel "$work/data" "$out/panel-load.log"
sleep 2
rss_before=$(rss_kb "$pid")
jar_file="$work/cookies.txt"
csrf=$(curl -fs -c "$jar_file" "$BASE/auth/login" | sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' | head -n 1)
curl -fs -b "$jar_file" -c "$jar_file" -o /dev/null --data-urlencode "_csrf=$csrf" --data-urlencode "email=admin@localhost" \
  --data-urlencode "password=$PASSWORD" --data-urlencode "next=/admin" "$BASE/auth/login"
session=$(awk '$6 == "talon_session" {print $7}' "$jar_file")
[[ -n $session ]] || { echo "Sign-in failed: no talon_session cookie" >&2; exit 1; }
cookie="talon_session=$session"
status=$(curl -s -o "$out/admin.html" -w '%{http_code}' -H "Cookie: $cookie" "$BASE/admin")
[[ $status == 200 ]] && grep -q 'id="widget-core-overview"' "$out/admin.html" || {
  echo "GET /admin with the session answered $status without the dashboard" >&2; exit 1; }

wrk_run() { # duration output-file
  wrk -t2 -c"$CONNECTIONS" -d"$1" --timeout 10s --latency -H "Cookie: $cookie" "$BASE/admin" >"$2"
  if grep -q "Non-2xx" "$2"; then echo "wrk saw non-2xx answers; see $2" >&2; exit 1; fi
}
to_ms() { # wrk latency (e.g. 812.00us, 5.12ms, 1.02s) -> milliseconds
  awk '{v = $1; if (v ~ /us$/) {sub(/us$/, "", v); v /= 1000} else if (v ~ /ms$/) {sub(/ms$/, "", v)} else if (v ~ /s$/) {sub(/s$/, "", v); v *= 1000}; printf "%.2f\n", v}'
}
wrk_run "$WARMUP" "$out/wrk-warmup.txt"
for r in $(seq 1 "$ROUNDS"); do
  wrk_run "$DURATION" "$out/wrk-$r.txt"
  p50=$(awk '$1 == "50%" {print $2}' "$out/wrk-$r.txt" | to_ms)
  p99=$(awk '$1 == "99%" {print $2}' "$out/wrk-$r.txt" | to_ms)
  rps=$(awk '/^Requests\/sec:/ {print $2}' "$out/wrk-$r.txt")
  echo "$p50 $p99 $rps" >>"$out/load.txt"
  echo "  round $r: p50 $p50 ms, p99 $p99 ms, $rps requests/s"
done
rss_after=$(rss_kb "$pid")
stop_panel

p50=$(cut -d' ' -f1 "$out/load.txt" | median)
p99=$(cut -d' ' -f2 "$out/load.txt" | median)
rps=$(cut -d' ' -f3 "$out/load.txt" | median)
{
  echo "GET /admin, wrk -t2 -c$CONNECTIONS, median of $ROUNDS x $DURATION: p50 $p50 ms, p99 $p99 ms, $rps requests/s"
  echo "RSS of the load run: $((rss_before / 1024)) MiB after start (+2 s), $((rss_after / 1024)) MiB after the load"
  echo "Load average after: $(loadavg)"
  echo "Raw output: ${out#"$root"/}"
} | tee -a "$out/summary.txt"
