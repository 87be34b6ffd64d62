#!/usr/bin/env bash
# OCR benchmark: the service's engine pool vs the tesseract CLI on the same rendered pages.
# Usage: bench/ocr/run.sh [pages]   (default 20). Prints one final line starting with "ocr pages=".
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
"$here/../../scripts/ensure-packages.sh" libtesseract5 tesseract-ocr tesseract-ocr-rus tesseract-ocr-eng libgtk-3-0 fonts-dejavu-core
dotnet build "$here/RbIdp.Bench.Ocr.csproj" -c Release -v quiet -nologo >&2
exec dotnet "$here/bin/Release/net10.0/linux-x64/RbIdp.Bench.Ocr.dll" "$@"
