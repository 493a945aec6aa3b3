#!/usr/bin/env bash
# Packing throughput (MB/s) beside plain java.util.zip gzip of the same bytes at the same level,
# both measured in this run. Usage: bench/pack.sh [CORPUS] [ROUNDS] [WARMUP]
# (default ../shared/corpus/2020, 3 rounds, 1 warm-up round of each phase)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
corpus="${1:-../shared/corpus/2020}"
rounds="${2:-3}"
warmup="${3:-1}"
[ -f target/newskeeper.jar ] || mvn -q -B package -DskipTests
exec java -cp target/newskeeper.jar bench/PackBench.java "$corpus" "$rounds" "$warmup"
