#!/usr/bin/env bash
# Verdict accuracy of the whole pipeline (intake → decode → OCR → rules → stamp → merge → validate) over a folder
# laid out like ../shared/samples: the documents and a labels.jsonl beside them (file, fio, reason, doc_type,
# application_date, expected_verdict, expected_error_codes, stamp_present).
# Usage: bench/accuracy/run.sh DIR [--out DIR]   (--out keeps each case's answer and OCR text for a closer look)
#        bench/accuracy/run.sh --write-corpus DIR [SEED]   (writes the project's own synthetic corpus there, labelled)
# Prints a line per case, then one line starting with "accuracy cases=".
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
"$here/../../scripts/ensure-packages.sh" libtesseract5 tesseract-ocr-rus tesseract-ocr-eng libgtk-3-0 poppler-utils fonts-dejavu-core fonts-liberation fonts-freefont-ttf
export OMP_THREAD_LIMIT=1
dotnet build "$here/RbIdp.Bench.Accuracy.csproj" -c Release -v quiet -nologo >&2
exec dotnet "$here/bin/Release/net10.0/linux-x64/RbIdp.Bench.Accuracy.dll" "$@"
