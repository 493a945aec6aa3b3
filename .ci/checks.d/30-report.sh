#!/usr/bin/env bash
# Browser check of report.html: the demo writes a report (web double on loopback, nothing on the
# network), then Debian's chromium opens it from file:// through playwright-core and checks it.
# Screenshots (desktop and phone widths) go to target/report-screenshots/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
rm -rf target/demo-checks target/demo-out
# two nights into the same folders: the second compares with the first (still failing, health chart)
./newskeeper demo --checks target/demo-checks --out target/demo-out
./newskeeper demo --checks target/demo-checks --out target/demo-out
node e2e/report.test.js target/demo-checks/latest/report.html target/report-screenshots
