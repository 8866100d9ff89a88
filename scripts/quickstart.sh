#!/usr/bin/env bash
# The quickstart, no server needed: first the C# library (a RAM mount and a read-only disk mount driven
# with bash), then the same through the `mirage` command: a workspace from examples/quickstart.yaml kept
# warm by the daemon, commands across its mounts, a snapshot to a tar and its restore.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v dotnet >/dev/null 2>&1; then
  echo "quickstart: the .NET 10 SDK is required (dotnet not found on PATH)" >&2
  exit 2
fi
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

echo "== The library: examples/Quickstart/Program.cs"
echo
dotnet run --project examples/Quickstart -c Release

echo "== The command line: mirage with a daemon, examples/quickstart.yaml"
echo
mirage=$(scripts/publish-cli.sh)

# A private daemon: its own home (token, log) and a free loopback port, stopped at the end.
scratch=$(mktemp -d)
export MIRAGE_HOME="$scratch/home"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null || echo 8799)
export MIRAGE_DAEMON_URL="http://127.0.0.1:$port"
trap '"$mirage" daemon stop >/dev/null 2>&1 || true; rm -rf "$scratch"' EXIT

# Prints the command as one would type it (arguments with spaces or quotes in single quotes), then runs it.
show() {
  local shown="\$ mirage" argument
  for argument in "$@"; do
    case $argument in
      *[[:space:]\'\"\;\|\>\<\&\$]*) shown+=" '${argument//\'/\'\\\'\'}'" ;;
      *) shown+=" $argument" ;;
    esac
  done
  echo "$shown"
  "$mirage" "$@" || echo "[exit $?]"
  echo
}

show workspace create examples/quickstart.yaml --id quickstart
show execute --workspace_id quickstart --command 'ls /docs; grep -c alert /docs/app.log'
show execute --workspace_id quickstart --command 'grep alert /docs/app.log | cut -d" " -f4- > /data/alerts.txt; cd /data; wc -l alerts.txt'
show execute --workspace_id quickstart --command 'pwd; echo "$TEAM"; cp /docs/report.csv . && sort -t, -k3 -nr report.csv | head -n 2'
show execute --workspace_id quickstart --command 'echo draft > /docs/new.txt'
show workspace snapshot quickstart "$scratch/quickstart.tar"
echo "\$ tar -tf quickstart.tar"
tar -tf "$scratch/quickstart.tar"
echo
# The sample folder is still there, so its copy in the tar goes into a new folder (a non-empty one is never overwritten).
printf 'mounts:\n  /docs:\n    config: { root: ./docs-restored }\n' > "$scratch/restore.yaml"
echo "\$ cat restore.yaml"
cat "$scratch/restore.yaml"
echo
show workspace load "$scratch/quickstart.tar" --id restored --config "$scratch/restore.yaml"
show execute --workspace_id restored --command 'cat /data/alerts.txt; ls /data; ls /docs'
show workspace list
