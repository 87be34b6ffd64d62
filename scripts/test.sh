#!/usr/bin/env bash
# The test command: installs what the tests need when it is missing, runs every test of RbIdp.sln
# and ends with one line "N passed, N failed". Extra arguments go to `dotnet test` (e.g. --filter "...").
# Safe to run again: installed packages and node_modules are detected and skipped.
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

# Tesseract is much faster single-threaded, and the variable must be in the real process environment.
export OMP_THREAD_LIMIT=1
export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1

# Prints the closing line for a run that could not count its tests, and stops.
fail_early() {
  echo "test.sh: $*" >&2
  echo "0 passed, 1 failed"
  exit 1
}

# --- Debian packages ---------------------------------------------------------------------------
packages=(
  postgresql redis-server                          # integration-test servers (fixtures start their own)
  libtesseract5 tesseract-ocr-rus tesseract-ocr-eng  # OCR through P/Invoke
  tesseract-ocr                                    # the tesseract command, the reference the synthetic-corpus tests read pages with
  libgtk-3-0                                       # OpenCvSharp's native runtime
  poppler-utils                                    # pdftoppm fallback for JBIG2/JPEG 2000 scans
  fonts-dejavu-core fonts-liberation fonts-freefont-ttf  # Cyrillic text in synthetic documents
)
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

if ((${#missing[@]} > 0)); then
  echo "test.sh: installing ${missing[*]}"
  if [[ $(id -u) -eq 0 ]]; then
    sudo_cmd=()
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo_cmd=(sudo -n)
  else
    fail_early "missing Debian packages: ${missing[*]}. Install them as root: apt-get install -y ${missing[*]}"
  fi
  "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q \
    && "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" \
    || fail_early "apt-get could not install: ${missing[*]}"
fi

command -v dotnet >/dev/null 2>&1 || fail_early "the .NET SDK (dotnet) is not on PATH; see global.json for the version"

# --- s3rver for the object-storage tests -----------------------------------------------------
s3rver="$root/tools/s3rver"
if [[ ! -f "$s3rver/node_modules/s3rver/bin/s3rver.js" ]]; then
  echo "test.sh: npm ci in tools/s3rver"
  (cd "$s3rver" && npm ci --ignore-scripts --no-audit --no-fund) || fail_early "npm ci in tools/s3rver failed"
fi
"$s3rver/patch.sh" || fail_early "tools/s3rver/patch.sh failed"

# --- Redocly CLI for the OpenAPI lint test ----------------------------------------------------
redocly="$root/tools/redocly"
if [[ ! -f "$redocly/node_modules/@redocly/cli/bin/cli.js" ]]; then
  echo "test.sh: npm ci in tools/redocly"
  (cd "$redocly" && npm ci --ignore-scripts --no-audit --no-fund) || fail_early "npm ci in tools/redocly failed"
fi

# --- the Dockerfile linters of the deployment test (dockerfilelint, dockerfile-utils) ------------------
dockerfilelint="$root/tools/dockerfilelint"
if [[ ! -f "$dockerfilelint/node_modules/dockerfilelint/bin/dockerfilelint" || ! -f "$dockerfilelint/node_modules/dockerfile-utils/bin/dockerfile-utils" ]]; then
  echo "test.sh: npm ci in tools/dockerfilelint"
  (cd "$dockerfilelint" && npm ci --ignore-scripts --no-audit --no-fund) || fail_early "npm ci in tools/dockerfilelint failed"
fi

# --- tests ---------------------------------------------------------------------------------------
results="$root/TestResults"
trx="$results/results.trx"
rm -f "$trx"

mkdir -p "$results"
dotnet test RbIdp.sln -c Release --logger "trx;LogFileName=results.trx" --results-directory "$results" "$@" 2>&1 | tee "$results/console.log"
status=${PIPESTATUS[0]}

counter() { # counter NAME: one attribute of the TRX <Counters> element, 0 when absent
  grep -o '<Counters [^>]*>' "$trx" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]\+' || echo 0
}

if [[ ! -f "$trx" ]]; then
  echo "test.sh: no test results (dotnet test exited with $status: build failure?)" >&2
  echo "0 passed, 1 failed"
  exit 1
fi

total=$(counter total)
passed=$(counter passed)
failed=$(counter failed)
skipped=$(counter notExecuted)

if ((total == 0)); then
  echo "test.sh: no test ran (check --filter)" >&2
  echo "0 passed, 1 failed"
  exit 1
fi

if grep -q "Test Run Aborted" "$results/console.log"; then
  echo "test.sh: the test run was aborted (test host crash): the tests that did not finish are not counted" >&2
  failed=$((failed + 1))
elif ((status != 0 && failed == 0)); then
  echo "test.sh: dotnet test exited with $status although no test failed (test host crash?)" >&2
  failed=1
fi

line="$passed passed, $failed failed"
((skipped > 0)) && line+=", $skipped skipped"
echo "$line"
((status == 0 && failed == 0))
