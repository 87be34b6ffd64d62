#!/usr/bin/env bash
# Non-OCR checks benchmark over the synthetic corpus, against the OCR time per page measured in the same run.
# Usage: bench/checks/run.sh [documents] [repeats]   (default: the whole corpus, 20 repeats of the checks).
# Prints one final line starting with "checks docs=".
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
"$here/../../scripts/ensure-packages.sh" libtesseract5 tesseract-ocr-rus tesseract-ocr-eng libgtk-3-0 fonts-dejavu-core fonts-liberation fonts-freefont-ttf
export OMP_THREAD_LIMIT=1
dotnet build "$here/RbIdp.Bench.Checks.csproj" -c Release -v quiet -nologo >&2
exec dotnet "$here/bin/Release/net10.0/linux-x64/RbIdp.Bench.Checks.dll" "$@"
