#!/usr/bin/env bash
# The reliability suite: the API and the worker as processes on PostgreSQL, Redis, s3rver and a fake LLM; per scenario,
# documents from concurrent clients, a fault injected mid-batch, every run waited for and reconciled.
# Usage: bench/reliability/run.sh [scenario…] [--jobs N] [--clients C]
#   scenarios: load worker-killed postgres-down redis-down storage-down llm-failing api-killed-sync (default: all)
# Prints one line per scenario starting with "reliability scenario=", then the rows of docs/RELIABILITY.md.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
"$here/../../scripts/ensure-packages.sh" postgresql redis-server libtesseract5 tesseract-ocr-rus tesseract-ocr-eng libgtk-3-0 poppler-utils fonts-dejavu-core fonts-liberation fonts-freefont-ttf
"$here/../../scripts/ensure-s3rver.sh"
export OMP_THREAD_LIMIT=1
dotnet build "$here/RbIdp.Bench.Reliability.csproj" -c Release -v quiet -nologo >&2
exec dotnet "$here/bin/Release/net10.0/linux-x64/RbIdp.Bench.Reliability.dll" "$@"
