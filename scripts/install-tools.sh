#!/usr/bin/env bash
# Installs the reference tools the conformance tests compare against (GNU bash, coreutils, grep, sed,
# findutils, diffutils, gawk, jq, tree, file, xxd) when any is missing. Needs root for apt-get.
set -euo pipefail
needed=()
command -v gawk >/dev/null 2>&1 || needed+=(gawk)
command -v jq >/dev/null 2>&1 || needed+=(jq)
command -v diff >/dev/null 2>&1 || needed+=(diffutils)
command -v find >/dev/null 2>&1 || needed+=(findutils)
command -v tree >/dev/null 2>&1 || needed+=(tree)
command -v file >/dev/null 2>&1 || needed+=(file)
command -v xxd >/dev/null 2>&1 || needed+=(xxd)
command -v bc >/dev/null 2>&1 || needed+=(bc)
command -v column >/dev/null 2>&1 || needed+=(bsdextrautils)
if [ ${#needed[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "install-tools: missing ${needed[*]}; run as root or install them with apt-get" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${needed[@]}" >/dev/null
fi

# MCP clients the agent-integration tests drive (the inspector CLI and the TypeScript SDK), from npm
# into .tools/node; nothing is done when the pinned versions are already there.
node_tools=.tools/node
mcp_inspector=2.12.0
mcp_sdk=1.32.2
if ! grep -qs "\"version\": \"$mcp_inspector\"" "$node_tools/node_modules/@modelcontextprotocol/inspector/package.json" \
  || ! grep -qs "\"version\": \"$mcp_sdk\"" "$node_tools/node_modules/@modelcontextprotocol/sdk/package.json"; then
  command -v npm >/dev/null 2>&1 || { echo "install-tools: npm is needed for the MCP clients (apt-get install nodejs npm)" >&2; exit 1; }
  mkdir -p "$node_tools"
  [ -f "$node_tools/package.json" ] || echo '{"name":"mirage-node-tools","private":true}' > "$node_tools/package.json"
  npm install --prefix "$node_tools" --no-audit --no-fund --loglevel=error \
    "@modelcontextprotocol/inspector@$mcp_inspector" "@modelcontextprotocol/sdk@$mcp_sdk" >/dev/null
fi
