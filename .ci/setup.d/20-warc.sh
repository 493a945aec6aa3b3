#!/usr/bin/env bash
# Installs the WARC peer reader (warcio.js from npm) into .ci/warc/node_modules; idempotent, no global state.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../warc"
if [ -f node_modules/warcio/package.json ] && grep -q '"version": "2.4.11"' node_modules/warcio/package.json; then
  echo "warcio already installed"
  exit 0
fi
npm install --no-audit --no-fund --loglevel=error
