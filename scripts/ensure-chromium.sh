#!/usr/bin/env bash
# Makes sure /usr/bin/chromium exists for the HTML report's browser test
# (test/integration/html-report.test.ts). Idempotent: returns at once when it is already there.
# Debian/Ubuntu only; needs root (CI images run as root; elsewhere run it with sudo).
set -euo pipefail

if [[ -e /usr/bin/chromium ]]; then
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: /usr/bin/chromium is missing and apt-get is not available; install Chromium by hand" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends chromium
test -x /usr/bin/chromium
