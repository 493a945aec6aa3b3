#!/usr/bin/env bash
# Packing throughput (MB/s) beside plain java.util.zip gzip of the same bytes at the same level,
# both measured in this run. Usage: bench/pack.sh [CORPUS] [ROUNDS] [WARMUP]
# (default ../shared/corpus/2020, 5 rounds after 5 warm-up rounds of each phase: with fewer, the
# just-in-time compilers still work through the measured rounds on a shared 2-core machine)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
corpus="${1:-../shared/corpus/2020}"
rounds="${2:-5}"
warmup="${3:-5}"
[ -f target/newskeeper.jar ] || mvn -q -B package -DskipTests
exec java -cp target/newskeeper.jar bench/PackBench.java "$corpus" "$rounds" "$warmup"
