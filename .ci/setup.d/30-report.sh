#!/usr/bin/env bash
# Browser test set-up (report.html): Debian's chromium and npm playwright-core (no browser download).
# Idempotent; touches only the package registries.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
export DEBIAN_FRONTEND=noninteractive
if ! command -v chromium >/dev/null 2>&1 && [ ! -x /usr/bin/chromium ]; then
  apt-get update
  apt-get install -y --no-install-recommends chromium fonts-noto-cjk
fi
if [ ! -d e2e/node_modules/playwright-core ]; then
  (cd e2e && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
fi
