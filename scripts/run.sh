#!/usr/bin/env bash
# The run command: installs what the stack needs when it is missing, then starts the AppHost.
# Containers (PostgreSQL, Redis, MinIO) where a container engine answers; local processes where not.
# Stop with Ctrl+C or SIGTERM: the AppHost stops everything it started.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export OMP_THREAD_LIMIT=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
export ASPIRE_ALLOW_UNSECURED_TRANSPORT=true ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS=true

packages=(postgresql redis-server libtesseract5 tesseract-ocr-rus tesseract-ocr-eng libgtk-3-0 poppler-utils fonts-dejavu-core)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]} > 0)); then
  echo "run.sh: installing ${missing[*]}"
  sudo_cmd=()
  if [[ $(id -u) -ne 0 ]]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo_cmd=(sudo -n)
    else echo "run.sh: please install as root: apt-get install -y ${missing[*]}" >&2; exit 1; fi
  fi
  "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
  "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# A developer key for local calls, unless one is given.
export RBIDP_API_KEY="${RBIDP_API_KEY:-local-dev-key}"

dotnet build RbIdp.AppHost -c Release -v quiet -nologo
cat <<TXT
RB IDP is starting (API key for local calls: \$RBIDP_API_KEY = ${RBIDP_API_KEY})
  API:                http://localhost:5080   (health: /health, readiness: /ready)
  API reference:      http://localhost:5080/scalar   (OpenAPI: /openapi/v1.json)
  Worker + Hangfire:  http://localhost:5081/hangfire
  Aspire dashboard:   http://localhost:15080
Press Ctrl+C to stop.
TXT
exec dotnet run --project RbIdp.AppHost -c Release --no-build --launch-profile http -- "$@"
