#!/usr/bin/env bash
# Console fan-out: one server printing N lines (default 200,000) or, with "paced", lines at fixed rates; V WebSocket viewers (default 50) on loopback. See docs/BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -pl panel-api,panel-core -am test-compile -DskipTests
./mvnw -q -pl panel-core dependency:build-classpath -Dmdep.outputFile=target/bench.cp >/dev/null
. .mvn/find-jdk.sh && talon_find_jdk
CP="panel-core/target/test-classes:panel-core/target/classes:$(cat panel-core/target/bench.cp)"
if [ "${1:-}" = "paced" ]; then
  # Paced producer: bench/servers-fanout.sh paced [viewers] [seconds] [repeats] [rates...] (defaults 50 5 3, rates 1k 2k 5k 10k 20k lines/s)
  timeout 1800 "$JAVA_HOME/bin/java" -cp "$CP" dev.talon.core.servers.bench.ConsoleFanoutBench "$@"
  exit
fi
# The harness runs a warm-up, then 3 reader-only runs and 3 fan-out runs; each run stops itself after 120 s.
timeout 900 "$JAVA_HOME/bin/java" -cp "$CP" dev.talon.core.servers.bench.ConsoleFanoutBench "${1:-50}" "${2:-200000}" "${3:-3}"

