#!/usr/bin/env bash
# Installs PostgreSQL and Redis when they are missing (as root, or with passwordless sudo), then runs the AppHost.
# Once the servers are there, `dotnet run --project Shortener.AppHost` is all it takes.
set -euo pipefail
cd "$(dirname "$0")"

missing=()
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || command -v initdb >/dev/null || missing+=(postgresql)
command -v redis-server >/dev/null || [ -x /usr/bin/redis-server ] || missing+=(redis-server)

if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} (apt-get)..."
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
  else
    echo "Missing ${missing[*]}. Install them with: sudo apt-get install -y postgresql redis-server" >&2
    exit 1
  fi
fi

exec dotnet run --project Shortener.AppHost -- "$@"
