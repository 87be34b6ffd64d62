#!/usr/bin/env bash
# Latency of POST /v1/process: K different one-page documents, one at a time, with page splitting on and off.
# Usage: bench/latency/run.sh [K] [warm-up documents]   (default 10 and 4)
#        RBIDP_API=http://localhost:5080 RBIDP_API_KEY=… bench/latency/run.sh [K]   (a running stack, as it is configured)
# Ends with one line starting with "latency docs=".
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [[ -z "${RBIDP_API:-}" ]]; then  # the in-process API starts its own PostgreSQL, Redis and s3rver
  "$here/../../scripts/ensure-packages.sh" postgresql redis-server libtesseract5 tesseract-ocr-rus tesseract-ocr-eng libgtk-3-0 fonts-dejavu-core fonts-liberation fonts-freefont-ttf
  "$here/../../scripts/ensure-s3rver.sh"
fi
export OMP_THREAD_LIMIT=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build "$here/RbIdp.Bench.Latency.csproj" -c Release -v quiet -nologo >&2
exec dotnet "$here/bin/Release/net10.0/linux-x64/RbIdp.Bench.Latency.dll" "$@"
