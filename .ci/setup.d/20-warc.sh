#!/usr/bin/env bash
# Installs the WARC peers into .ci/warc (idempotent, no global npm state):
#   - warcio.js and playwright-core (npm, pinned in .ci/warc/package.json; no browser download),
#   - ReplayWeb.page's prebuilt ui.js/sw.js (npm tarball of replaywebpage, unpacked to .ci/warc/rwp),
#   - Debian's chromium (apt) when it is not there yet, and wget (its --warc-file writes a peer WARC
#     for ForeignWarcTest).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../warc"
export DEBIAN_FRONTEND=noninteractive
if ! command -v chromium >/dev/null 2>&1 || ! command -v wget >/dev/null 2>&1; then
  apt-get update
  apt-get install -y --no-install-recommends chromium fonts-noto-cjk wget
fi
if [ ! -f node_modules/warcio/package.json ] || [ ! -d node_modules/playwright-core ] \
    || ! grep -q '"version": "2.4.11"' node_modules/warcio/package.json; then
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --no-audit --no-fund --loglevel=error
fi
rwp_version=2.5.3
if [ ! -f rwp/sw.js ] || ! grep -q "\"version\": \"$rwp_version\"" rwp/package.json 2>/dev/null; then
  # the tarball only: ui.js and sw.js are prebuilt, its build dependencies are not needed
  rm -rf rwp rwp.tmp && mkdir rwp.tmp
  (cd rwp.tmp && npm pack --silent "replaywebpage@$rwp_version" >/dev/null && tar xzf replaywebpage-*.tgz)
  mv rwp.tmp/package rwp && rm -rf rwp.tmp
fi
echo "WARC peers ready: warcio.js, playwright-core, ReplayWeb.page $rwp_version, $(command -v chromium)"
