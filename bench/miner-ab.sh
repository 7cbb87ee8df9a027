#!/usr/bin/env bash
# The log-template miner before and after a change, alternately in separate JVMs pinned to one core.
# BASE (default 98bb0bd, before the miner was reworked) supplies the old dev/talon/ai/analysis/logs
# sources; they are compiled into a folder put ahead of this build's classes, so both sides run the
# same harness (AnalysisBench miner) on the same generated lines. ROUNDS pairs (default 5), HEAP
# (default 1g: the 2 M lines held in memory take ~230 MB). See docs/BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
BASE=${BASE:-98bb0bd} ROUNDS=${ROUNDS:-5} HEAP=${HEAP:-1g}
./mvnw -q -pl addon-ollama-ai test-compile
./mvnw -q -pl addon-ollama-ai dependency:build-classpath -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test >/dev/null
. .mvn/find-jdk.sh && talon_find_jdk
OUT=addon-ollama-ai/target/miner-base
rm -rf "$OUT" && mkdir -p "$OUT/src"
git archive "$BASE" addon-ollama-ai/src/main/java/dev/talon/ai/analysis/logs | tar -x -C "$OUT/src"
CP="addon-ollama-ai/target/test-classes:addon-ollama-ai/target/classes:$(cat addon-ollama-ai/target/bench.cp)"
"$JAVA_HOME/bin/javac" -nowarn -d "$OUT/classes" -cp "$CP" $(find "$OUT/src" -name '*.java')
for round in $(seq "$ROUNDS"); do
  for side in base new; do
    if [ "$side" = base ]; then SIDE_CP="$OUT/classes:$CP"; else SIDE_CP="$CP"; fi
    echo "round $round $side: $(taskset -c 0 "$JAVA_HOME/bin/java" -Xmx"$HEAP" -cp "$SIDE_CP" dev.talon.ai.analysis.bench.AnalysisBench miner | tr '\n' ' ')"
  done
done
