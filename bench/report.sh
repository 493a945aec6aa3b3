#!/usr/bin/env bash
# Size of every file `newskeeper report` writes and the time to regenerate them, as a whole process
# (cold JVM, -Xmx512m), on the synthetic corpus of N articles (default 64,000) after one night
# against the demo's web double (the night is kept in target/bench-report-N and reused).
# Usage: bench/report.sh [N] [ROUNDS]
# Environment: BENCH_JAVA_OPTS (default -Xmx512m), BENCH_LINK_FLAGS as for bench/nightly.sh.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
n="${1:-64000}"
n="${n//,/}"
jar="target/newskeeper.jar"
if [ ! -f "$jar" ] || [ -n "$(find src/main pom.xml -newer "$jar" -print -quit 2>/dev/null)" ]; then
  echo "bench: building $jar..." >&2
  mvn -q -B package -DskipTests >&2
fi
corpus="$(java -cp "$jar" bench/SyntheticCorpus.java "$n" | tail -n 1)"
exec java bench/NightlyBench.java report "$corpus" "target/bench-report-$n" "${2:-3}"
