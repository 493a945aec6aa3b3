#!/usr/bin/env bash
# Runs the link checking benchmark in its small mode (2,000 links, loopback only) so it keeps
# working; it prints a ratio against linkinator and never fails on a number. Without the npm
# registry it runs newskeeper alone.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
PEER=target/bench-peer/node_modules/.bin/linkinator
if [ ! -x "$PEER" ] && command -v npm >/dev/null; then
  mkdir -p target/bench-peer
  (cd target/bench-peer && npm install --no-audit --no-fund --silent linkinator@6.3.0 >/dev/null 2>&1) \
    || echo "links bench: linkinator could not be installed; running newskeeper alone"
fi
timeout 600 java -Xmx96m -cp target/newskeeper.jar bench/LinksBench.java --small --linkinator "$PEER"
