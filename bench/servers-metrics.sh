#!/usr/bin/env bash
# Cost of one metrics pass over N running servers (default 200 `sleep 600` children). See docs/BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -pl panel-api,panel-core -am test-compile -DskipTests
./mvnw -q -pl panel-core dependency:build-classpath -Dmdep.outputFile=target/bench.cp >/dev/null
. .mvn/find-jdk.sh && talon_find_jdk
CP="panel-core/target/test-classes:panel-core/target/classes:$(cat panel-core/target/bench.cp)"
for run in 1 2 3; do
  "$JAVA_HOME/bin/java" -cp "$CP" dev.talon.core.servers.node.MetricsSamplingBench "${1:-200}" "${2:-30}"
done
