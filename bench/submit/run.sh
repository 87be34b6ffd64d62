#!/usr/bin/env bash
# Load benchmark of POST /v1/jobs: C concurrent clients, N requests, one small synthetic PNG each.
# Usage: bench/submit/run.sh [CLIENTS] [REQUESTS]   (against a running stack: RBIDP_API=http://localhost:5080 RBIDP_API_KEY=…)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
if [[ -z "${RBIDP_API:-}" ]]; then  # the in-process API starts its own PostgreSQL, Redis and s3rver
  ../../scripts/ensure-packages.sh postgresql redis-server libgtk-3-0 fonts-dejavu-core fonts-liberation fonts-freefont-ttf
  ../../scripts/ensure-s3rver.sh
fi
export BENCH_CLIENTS="${1:-${BENCH_CLIENTS:-8}}" BENCH_REQUESTS="${2:-${BENCH_REQUESTS:-400}}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build -c Release -v quiet -nologo >/dev/null
dotnet run -c Release --no-build
