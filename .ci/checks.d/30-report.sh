#!/usr/bin/env bash
# Browser checks: the demo writes a report (web double on loopback, nothing on the network), then
# Debian's chromium, through playwright-core, opens it from file:// and checks it; then
# `newskeeper serve` runs on the demo's output and chromium opens the replay of a dead link that only
# our own capture preserves. Screenshots go to target/report-screenshots/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
rm -rf target/demo-checks target/demo-out
# the demo runs two nights into the same folders: the second compares with the first (health chart),
# sees a page the first captured dead, and finds public mementos in the double's TimeGate
./newskeeper demo --checks target/demo-checks --out target/demo-out
node e2e/report.test.js target/demo-checks/latest/report.html target/report-screenshots
node e2e/replay.test.js target/demo-checks target/demo-out target/report-screenshots
