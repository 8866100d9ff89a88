#!/usr/bin/env bash
# Builds and runs the C# quickstart: a RAM mount and a read-only disk mount, driven with bash.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v dotnet >/dev/null 2>&1; then
  echo "quickstart: the .NET 10 SDK is required (dotnet not found on PATH)" >&2
  exit 2
fi
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet run --project examples/Quickstart -c Release
