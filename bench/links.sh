#!/usr/bin/env bash
# Link checking benchmark: newskeeper vs linkinator on 20,000 links over 20 loopback virtual hosts
# with 50 ms latency. `bench/links.sh --small` runs 2,000 links in well under a minute;
# `bench/links.sh --process` compares whole processes (wall and CPU seconds) on 10,200 links.
# Installs linkinator from npm into target/bench-peer on first use. Touches loopback only.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [ ! -f target/newskeeper.jar ]; then
  mvn -q -B -DskipTests package
fi
PEER=target/bench-peer/node_modules/.bin/linkinator
if [ ! -x "$PEER" ]; then
  mkdir -p target/bench-peer
  (cd target/bench-peer && npm install --no-audit --no-fund --silent linkinator@6.3.0 >/dev/null)
fi
exec java -Xmx96m -cp target/newskeeper.jar bench/LinksBench.java --linkinator "$PEER" "$@"
