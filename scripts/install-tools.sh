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
