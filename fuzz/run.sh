#!/usr/bin/env bash
# Fuzz one of the pure parsers with AFL++ and SharpFuzz:  fuzz/run.sh <url|slug|ua|pack|click|stream-id> [seconds]
# Installs afl++ (apt-get) and the sharpfuzz instrumenter (a pinned dotnet tool, under fuzz/.tools) when missing,
# publishes the harness, instruments Shortener.Core.dll in the published copy, and runs afl-fuzz on fuzz/corpus/<target>
# for the given time (default 600 s). Findings go to fuzz/findings/<target>/default/crashes; replay them with
#   dotnet fuzz/out/Shortener.Fuzz.dll <target> --replay fuzz/findings/<target>/default/crashes
set -euo pipefail
cd "$(dirname "$0")"
target=${1:?"usage: fuzz/run.sh <url|slug|ua|pack|click|stream-id> [seconds]"}
seconds=${2:-600}

if ! command -v afl-fuzz >/dev/null; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq afl++ >/dev/null
fi
[ -x .tools/sharpfuzz ] || dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path .tools >/dev/null

rm -rf out
dotnet publish Shortener.Fuzz/Shortener.Fuzz.csproj -c Release -o out -nologo -v q
.tools/sharpfuzz out/Shortener.Core.dll

mkdir -p "findings/$target"
# The target is `dotnet`, not an AFL-instrumented binary; SharpFuzz's instrumentation reports coverage instead.
export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_SKIP_CPUFREQ=1
afl-fuzz -i "corpus/$target" -o "findings/$target" -t 10000 -m none -V "$seconds" -- dotnet out/Shortener.Fuzz.dll "$target"
