#!/usr/bin/env bash
# Size of every file `newskeeper report` writes and the time to regenerate them, as a whole process
# (cold JVM, -Xmx512m), then the time to first render of report.html in Chromium.
#
#   bench/report.sh [N] [ROUNDS]              on the synthetic corpus of N articles (default 64,000)
#                                             after one night against the demo's web double (the night
#                                             is kept in target/bench-report-N and reused)
#   bench/report.sh --synthetic [N] [ROUNDS]  on a database filled directly, no night (the test fixture
#                                             BigReport: N articles, N*11/64 failing URLs, about N
#                                             citations; kept in target/bench-report-synthetic-N)
#
# Environment: BENCH_JAVA_OPTS (default -Xmx512m), BENCH_LINK_FLAGS as for bench/nightly.sh. The
# Chromium figure needs node, e2e/node_modules (npm ci in e2e/) and /usr/bin/chromium; it is skipped
# without them.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
synthetic=0
if [ "${1:-}" = "--synthetic" ]; then
  synthetic=1
  shift
fi
n="${1:-64000}"
n="${n//,/}"
jar="target/newskeeper.jar"
if [ ! -f "$jar" ] || [ -n "$(find src/main pom.xml -newer "$jar" -print -quit 2>/dev/null)" ]; then
  echo "bench: building $jar..." >&2
  mvn -q -B package -DskipTests >&2
fi
if [ "$synthetic" = 1 ]; then
  work="target/bench-report-synthetic-$n"
  if [ ! -f "$work/night.done" ]; then
    if [ ! -f target/test-classes/org/newskeeper/report/BigReport.class ] \
        || [ -n "$(find src/test -newer target/test-classes/org/newskeeper/report/BigReport.class -print -quit)" ]; then
      mvn -q -B test-compile >&2
    fi
    rm -rf "$work"
    mkdir -p "$work"
    java -Xmx1g -cp "$jar:target/test-classes" org.newskeeper.report.BigReport "$work/checks" "$n" "$((n * 11 / 64))"
    echo "synthetic database: $n articles, $((n * 11 / 64)) failing URLs (BigReport), no night" > "$work/night.done"
  fi
  corpus="-"
else
  work="target/bench-report-$n"
  corpus="$(java -cp "$jar" bench/SyntheticCorpus.java "$n" | tail -n 1)"
fi
java bench/NightlyBench.java report "$corpus" "$work" "${2:-3}"
report="$work/checks/latest/report.html"
if command -v node >/dev/null 2>&1 && [ -d e2e/node_modules/playwright-core ] && [ -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
  echo
  echo "== time to first render in chromium, from file://"
  node e2e/render-time.js "$report" 3
else
  echo "(no node, e2e/node_modules or chromium: time to first render not measured)"
fi
