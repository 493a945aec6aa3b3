#!/usr/bin/env bash
# Benchmark of `newskeeper check` against jsoup alone parsing the same bodies, in the same run.
# Usage: bench/check.sh [CORPUS]   (default ../shared/corpus/2020, relative to the project root)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
jar="target/newskeeper.jar"
if [ ! -f "$jar" ] || [ -n "$(find src/main pom.xml -newer "$jar" -print -quit 2>/dev/null)" ]; then
  echo "bench: building $jar..." >&2
  mvn -q -B package -DskipTests >&2
fi
exec java ${BENCH_JAVA_OPTS:--Xmx512m} -cp "$jar" bench/CheckBench.java "${1:-../shared/corpus/2020}"
