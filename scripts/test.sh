#!/usr/bin/env bash
# Builds everything and runs every test project; ends with one line "N passed, N failed".
# Usage: scripts/test.sh [extra dotnet test arguments]
set -uo pipefail
cd "$(dirname "$0")/.."

if ! command -v dotnet >/dev/null 2>&1; then
  echo "test: the .NET 10 SDK is required (dotnet not found on PATH)" >&2
  exit 2
fi

# The reference tools the conformance cases are compared against.
scripts/install-tools.sh || { echo "test: could not install the reference tools" >&2; exit 2; }

# Real test peers (installed and started when a suite needs them) come from scripts/services.sh.
if [ -x scripts/services.sh ]; then
  scripts/services.sh start || { echo "test: could not start the test services" >&2; exit 2; }
  trap 'timeout 60 scripts/services.sh stop >/dev/null 2>&1 || true' EXIT
  # shellcheck disable=SC1091
  [ -f .services.env ] && . ./.services.env
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
results=TestResults
rm -rf "$results"

dotnet build Mirage.slnx -c Release -nologo -v quiet 2>&1 | grep -E "error|warn" | sort -u
if [ "${PIPESTATUS[0]}" -ne 0 ]; then
  echo "test: build failed" >&2
  echo "0 passed, 1 failed"
  exit 1
fi

# The CLI tests drive the published `mirage` (ReadyToRun), as quickstart.sh and bench.sh do.
if ! MIRAGE_EXECUTABLE=$(scripts/publish-cli.sh); then
  echo "test: publishing the mirage command failed" >&2
  echo "0 passed, 1 failed"
  exit 1
fi
export MIRAGE_EXECUTABLE

dotnet test Mirage.slnx -c Release --no-build --nologo -v quiet \
  --logger "trx" --logger "console;verbosity=minimal" --results-directory "$results" "$@"
status=$?

passed=0
failed=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # The runner failed without a failed test (a crash, a missing project): count it as one failure.
  failed=1
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
