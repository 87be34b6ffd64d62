#!/usr/bin/env bash
# OCR benchmark: the service's engine pool vs the tesseract CLI on the same rendered pages.
# Usage: bench/ocr/run.sh [pages]   (default 20). Prints one final line starting with "ocr pages=".
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dotnet build "$here/RbIdp.Bench.Ocr.csproj" -c Release -v quiet -nologo >&2
exec dotnet "$here/bin/Release/net10.0/linux-x64/RbIdp.Bench.Ocr.dll" "$@"
