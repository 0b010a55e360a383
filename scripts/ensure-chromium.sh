#!/usr/bin/env bash
# Make sure Debian's chromium is installed for the browser tests (tests/serve/test_browser.py).
# Playwright drives it through executable_path; no browser is downloaded. Under CI a missing
# chromium is installed from Debian's packages; elsewhere this only says what to do.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "${CI:-}" = "true" ]; then
  echo "ensure-chromium: installing chromium from Debian's packages" >&2
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    chromium fonts-dejavu-core >/dev/null
else
  echo "ensure-chromium: no chromium; browser tests will skip (apt-get install chromium)" >&2
fi
