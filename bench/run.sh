#!/usr/bin/env bash
# The benchmark, in one command (see BENCHMARKS.md):  bench/run.sh [--quick] [--help for the knobs]
# Builds everything in Release, installs wrk/PostgreSQL/Redis through apt-get when missing, then runs the driver,
# which starts the AppHost, measures, prints a table, writes bench/results/latest.json and stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v wrk >/dev/null || need+=(wrk)
command -v redis-server >/dev/null || need+=(redis-server)
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || command -v postgres >/dev/null || need+=(postgresql)
if ((${#need[@]})); then
  echo "bench: installing ${need[*]}"
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi

echo "bench: building Release (Shortener.sln, bench/BareKestrel, bench/Shortener.Bench)"
dotnet build -c Release -nologo -v q Shortener.sln
dotnet build -c Release -nologo -v q bench/BareKestrel/BareKestrel.csproj
dotnet build -c Release -nologo -v q bench/Shortener.Bench/Shortener.Bench.csproj

exec dotnet bench/Shortener.Bench/bin/Release/net10.0/Shortener.Bench.dll "$@"
