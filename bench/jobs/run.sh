#!/usr/bin/env bash
# Job throughput: N generated documents through POST /v1/jobs with the worker at 1 and 2 document workers.
# Usage: bench/jobs/run.sh [docs] [rounds] [workers]   (default 10 documents, 2 rounds, workers 1,2). Prints one line per worker count starting with "jobs docs=".
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
"$here/../../scripts/ensure-packages.sh" postgresql redis-server libtesseract5 tesseract-ocr-rus tesseract-ocr-eng libgtk-3-0 fonts-dejavu-core fonts-liberation fonts-freefont-ttf
"$here/../../scripts/ensure-s3rver.sh"
export OMP_THREAD_LIMIT=1
dotnet build "$here/RbIdp.Bench.Jobs.csproj" -c Release -v quiet -nologo >&2
exec dotnet "$here/bin/Release/net10.0/linux-x64/RbIdp.Bench.Jobs.dll" "$@"
