#!/usr/bin/env bash
# Two nightly runs on an unchanged synthetic corpus of N articles (default 64,000) built from
# ../shared/corpus, each a fresh `./newskeeper demo --nights 1` process (one nightly run, cold JVM)
# against the demo's web double with politeness off and the default --max-age 7d, so that night 2
# rechecks only the failing and due URLs, as users' nights do. Prints each stage's time for both
# nights, the night-2/night-1 ratios (the nightly run's wall time: at most 0.20 is issue 13's target),
# the database size after each night, the peak heap, and the targets of issue 13.
# Usage: bench/nightly.sh [N]
# Environment: BENCH_JAVA_OPTS (default -Xmx512m), BENCH_LINK_FLAGS (default
# "--per-host-interval 0 --per-host 64 --concurrency 128 --max-age 7d"), BENCH_ARCHIVE_RATE (lookups a
# second at the double's TimeGate, default 100000: politeness off there too; the demo's own is 50),
# BENCH_NIGHTS (default 2).
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
exec java bench/NightlyBench.java nightly "$corpus" "target/bench-nightly-$n" "${BENCH_NIGHTS:-2}"
