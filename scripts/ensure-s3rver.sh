#!/usr/bin/env bash
# Installs tools/s3rver's node_modules (the test fixtures' S3 server) when missing and applies its patch, as scripts/test.sh does.
# Used by the benchmarks that start the test servers. Says in one line what is missing when it cannot.
set -euo pipefail
s3rver="$(cd "$(dirname "${BASH_SOURCE[0]}")/../tools/s3rver" && pwd)"
command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || "$(dirname "${BASH_SOURCE[0]}")/ensure-packages.sh" nodejs npm
if [[ ! -f "$s3rver/node_modules/s3rver/bin/s3rver.js" ]]; then
  echo "ensure-s3rver: npm ci in tools/s3rver" >&2
  (cd "$s3rver" && npm ci --ignore-scripts --no-audit --no-fund >&2) || { echo "ensure-s3rver: npm ci in $s3rver failed" >&2; exit 1; }
fi
"$s3rver/patch.sh" >&2
