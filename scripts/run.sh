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
dotnet run --project RbIdp.AppHost -c Release --no-build --launch-profile http -- "$@" &
apphost=$!

# Every process the AppHost started: its descendants, and DCP's processes that monitor one of them.
tree() {
  local pids=("$1") i=0 child
  while ((i < ${#pids[@]})); do
    for child in $(ps -eo pid=,ppid= | awk -v p="${pids[i]}" '$2 == p {print $1}') \
                 $(pgrep -f -- "--monitor ${pids[i]}( |$)" 2>/dev/null); do
      [[ " ${pids[*]} " == *" $child "* ]] || pids+=("$child")
    done
    i=$((i + 1))
  done
  echo "${pids[@]}"
}

# On Ctrl+C or SIGTERM: stop the AppHost and wait (bounded) until everything it started has exited.
stop() {
  trap '' TERM INT
  local pids; pids=$(tree "$apphost")
  kill -TERM "$apphost" 2>/dev/null || true
  for _ in $(seq 1 90); do
    local alive=0 pid
    for pid in $pids; do
      [[ -d /proc/$pid ]] && [[ $(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null) != Z ]] && alive=1
    done
    ((alive == 0)) && break
    sleep 0.5
  done
  echo "run.sh: stopped"
  exit 0
}
trap stop TERM INT
wait "$apphost"
