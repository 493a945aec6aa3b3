#!/usr/bin/env bash
# Browser checks: the demo writes a report (web double on loopback, nothing on the network), then
# Debian's chromium, through playwright-core, opens it from file:// and checks it; then the paged
# report of 64,000 synthetic articles and 11,000 failing URLs (written by PagedReportTest during
# `mvn verify` into target/big-report/, from a database filled directly, no nightly) is opened and
# paged and filtered; then `newskeeper serve` runs on the demo's output and chromium opens the replay
# of a dead link that only our own capture preserves. Screenshots go to target/report-screenshots/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
rm -rf target/demo-checks target/demo-out
# the demo runs two nights into the same folders: the second compares with the first (health chart),
# sees a page the first captured dead, and finds public mementos in the double's TimeGate
./newskeeper demo --checks target/demo-checks --out target/demo-out
node e2e/report.test.js target/demo-checks/latest/report.html target/report-screenshots
big=target/big-report/checks/latest/report.html
if [ ! -f "$big" ]; then
  mvn -B -q test -Dtest=PagedReportTest -Dsurefire.failIfNoSpecifiedTests=false
fi
node e2e/report.test.js "$big" target/report-screenshots big-report
node e2e/replay.test.js target/demo-checks target/demo-out target/report-screenshots
