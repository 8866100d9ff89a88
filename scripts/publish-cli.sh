#!/usr/bin/env bash
# Publishes the `mirage` command to artifacts/mirage/ with its assemblies compiled ahead of time
# (ReadyToRun, framework-dependent), which roughly halves a cold start (`mirage run -c 'echo hi'`)
# against the plain build in src/Mirage.Cli/bin. Prints the executable's path on stdout.
# quickstart.sh, test.sh (the CLI tests, through MIRAGE_EXECUTABLE) and bench.sh all use this output.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) rid=linux-x64 ;;
  Linux-aarch64 | Linux-arm64) rid=linux-arm64 ;;
  Darwin-x86_64) rid=osx-x64 ;;
  Darwin-arm64) rid=osx-arm64 ;;
  *) echo "publish-cli: no runtime identifier for $(uname -s) $(uname -m)" >&2; exit 2 ;;
esac

out=artifacts/mirage
# The ReadyToRun compiler (the Microsoft.NETCore.App.Crossgen2 package for this runtime identifier) is
# restored by this publish like any package.
# Built under artifacts/publish-build, so that this restore and build for a runtime identifier never churn the
# plain bin/ and obj/ folders that `dotnet build` and the tests use.
dotnet publish src/Mirage.Cli/Mirage.Cli.csproj -c Release -r "$rid" --self-contained false \
  --artifacts-path artifacts/publish-build -o "$out" -nologo -v quiet >&2
echo "$PWD/$out/mirage"
