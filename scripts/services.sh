#!/usr/bin/env bash
# Real test peers on 127.0.0.1 for the remote resource suites: s3rver (S3), redis-server and sshd (SFTP).
# Usage: scripts/services.sh start|stop|status|env
#   start   installs what is missing (apt-get, npm), starts each server once, waits until it answers,
#           and writes .services.env (export lines the tests read); quick when all is already running.
#   stop    stops the servers started from this checkout.
#   status  one line per server; exit 1 when any is down.
#   env     prints the export lines (eval "$(scripts/services.sh env)").
# Ports can be moved with MIRAGE_SERVICES_S3_PORT, MIRAGE_SERVICES_REDIS_PORT, MIRAGE_SERVICES_SSH_PORT.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
state="$repo/.tools/services"
envfile="$repo/.services.env"

s3_port=${MIRAGE_SERVICES_S3_PORT:-4569}
redis_port=${MIRAGE_SERVICES_REDIS_PORT:-6390}
ssh_port=${MIRAGE_SERVICES_SSH_PORT:-2222}
s3rver_version=3.7.1
s3rver_dir="$repo/.tools/s3rver"
s3rver_bin="$s3rver_dir/node_modules/s3rver/bin/s3rver.js"

say() { echo "services: $*" >&2; }

alive() { # pidfile
  [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null
}

wait_until() { # what, tries of 0.2 s, command...
  local what=$1 tries=$2
  shift 2
  for _ in $(seq "$tries"); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.2
  done
  say "$what did not become ready; see $state/$what.log"
  tail -n 20 "$state/$what.log" >&2 2>/dev/null || true
  return 1
}

# ---- installing ----

apt_install() { # packages...
  if [ "$(id -u)" -ne 0 ]; then
    say "missing $*; run as root or install them with apt-get"
    return 1
  fi
  say "installing $* (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

install_missing() {
  local needed=()
  command -v redis-server >/dev/null 2>&1 || needed+=(redis-server)
  command -v redis-cli >/dev/null 2>&1 || needed+=(redis-tools)
  [ -x /usr/sbin/sshd ] || needed+=(openssh-server)
  command -v ssh >/dev/null 2>&1 || needed+=(openssh-client)
  command -v ssh-keygen >/dev/null 2>&1 || needed+=(openssh-client)
  command -v curl >/dev/null 2>&1 || needed+=(curl)
  if [ ${#needed[@]} -gt 0 ]; then
    # shellcheck disable=SC2207
    needed=($(printf '%s\n' "${needed[@]}" | sort -u))
    apt_install "${needed[@]}"
  fi
  if [ ! -f "$s3rver_bin" ]; then
    command -v npm >/dev/null 2>&1 || { say "npm is needed to install s3rver (Node 20)"; return 1; }
    say "installing s3rver@$s3rver_version (npm) into .tools/s3rver"
    mkdir -p "$s3rver_dir"
    [ -f "$s3rver_dir/package.json" ] || echo '{ "name": "mirage-test-s3rver", "private": true }' > "$s3rver_dir/package.json"
    npm install --prefix "$s3rver_dir" --no-save --no-audit --no-fund --loglevel=error "s3rver@$s3rver_version" >/dev/null
  fi
}

# ---- s3rver ----

s3_ready() { curl -sf -o /dev/null "http://127.0.0.1:$s3_port/"; }

start_s3() {
  if alive "$state/s3rver.pid" && s3_ready; then return 0; fi
  mkdir -p "$state/s3"
  # legacy provider: s3rver builds list continuation tokens with DES, which OpenSSL 3 disables by default.
  NODE_OPTIONS=--openssl-legacy-provider setsid nohup node "$s3rver_bin" \
    -d "$state/s3" -a 127.0.0.1 -p "$s3_port" --silent > "$state/s3rver.log" 2>&1 < /dev/null 9>&- &
  echo $! > "$state/s3rver.pid"
  wait_until s3rver 150 s3_ready
}

# ---- redis ----

redis_ready() { redis-cli -h 127.0.0.1 -p "$redis_port" ping | grep -q PONG; }

start_redis() {
  if alive "$state/redis.pid" && redis_ready; then return 0; fi
  # No persistence: tests make their own data, and nothing is written to the working directory.
  redis-server --bind 127.0.0.1 --port "$redis_port" --save '' --appendonly no --dir "$state" \
    --daemonize yes --pidfile "$state/redis.pid" --logfile "$state/redis.log" >/dev/null 9>&-
  wait_until redis 100 redis_ready
}

# ---- sshd ----

ssh_user() { id -un; }

ssh_ready() {
  ssh -i "$state/ssh/client_ed25519" -p "$ssh_port" -o BatchMode=yes -o ConnectTimeout=2 \
    -o StrictHostKeyChecking=yes -o UserKnownHostsFile="$state/ssh/known_hosts" \
    "$(ssh_user)@127.0.0.1" true
}

start_ssh() {
  local d="$state/ssh"
  if alive "$d/sshd.pid" && ssh_ready; then return 0; fi
  mkdir -p "$d" "$state/sftp"
  [ -f "$d/host_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -C mirage-test-host -f "$d/host_ed25519"
  [ -f "$d/client_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -C mirage-test-client -f "$d/client_ed25519"
  cp "$d/client_ed25519.pub" "$d/authorized_keys"
  chmod 600 "$d/authorized_keys" "$d/client_ed25519" "$d/host_ed25519"
  echo "[127.0.0.1]:$ssh_port $(cut -d' ' -f1,2 "$d/host_ed25519.pub")" > "$d/known_hosts"
  mkdir -p /run/sshd 2>/dev/null || true # privilege separation directory; sshd refuses to start without it
  cat > "$d/sshd_config" <<EOF
Port $ssh_port
ListenAddress 127.0.0.1
HostKey $d/host_ed25519
PidFile $d/sshd.pid
AuthorizedKeysFile $d/authorized_keys
PasswordAuthentication no
KbdInteractiveAuthentication no
PubkeyAuthentication yes
PermitRootLogin prohibit-password
UsePAM no
StrictModes no
Subsystem sftp internal-sftp
EOF
  /usr/sbin/sshd -t -f "$d/sshd_config"
  /usr/sbin/sshd -f "$d/sshd_config" -E "$state/sshd.log" 9>&-
  wait_until sshd 100 ssh_ready
}

# ---- environment for the tests ----

env_lines() {
  cat <<EOF
export MIRAGE_TEST_S3_ENDPOINT=http://127.0.0.1:$s3_port
export MIRAGE_TEST_S3_REGION=us-east-1
export MIRAGE_TEST_S3_ACCESS_KEY_ID=S3RVER
export MIRAGE_TEST_S3_SECRET_ACCESS_KEY=S3RVER
export MIRAGE_TEST_REDIS_URL=redis://127.0.0.1:$redis_port
export MIRAGE_TEST_SSH_HOST=127.0.0.1
export MIRAGE_TEST_SSH_PORT=$ssh_port
export MIRAGE_TEST_SSH_USERNAME=$(ssh_user)
export MIRAGE_TEST_SSH_IDENTITY_FILE=$state/ssh/client_ed25519
export MIRAGE_TEST_SSH_KNOWN_HOSTS=$state/ssh/known_hosts
export MIRAGE_TEST_SSH_ROOT=$state/sftp
EOF
}

stop_one() { # name pidfile
  if alive "$2"; then
    kill "$(cat "$2")" 2>/dev/null || true
    for _ in $(seq 50); do alive "$2" || break; sleep 0.1; done
    say "stopped $1"
  fi
  rm -f "$2"
}

status_one() { # name ready-command...
  local name=$1
  shift
  if "$@" >/dev/null 2>&1; then echo "$name: running"; else echo "$name: down"; return 1; fi
}

# One start or stop at a time: concurrent test runs must not start a server twice. The servers are
# started with fd 9 closed, so they never hold the lock; the wait is bounded all the same.
mkdir -p "$state"
if command -v flock >/dev/null 2>&1; then
  exec 9> "$state/.lock"
  flock -w 120 9 || say "another start or stop holds $state/.lock; going on without it"
fi

case "${1:-}" in
  start)
    install_missing
    start_s3
    start_redis
    start_ssh
    env_lines > "$envfile"
    env_lines
    ;;
  stop)
    stop_one s3rver "$state/s3rver.pid"
    stop_one redis "$state/redis.pid"
    stop_one sshd "$state/ssh/sshd.pid"
    rm -f "$envfile"
    ;;
  status)
    ok=0
    status_one "s3rver (127.0.0.1:$s3_port)" s3_ready || ok=1
    status_one "redis (127.0.0.1:$redis_port)" redis_ready || ok=1
    status_one "sshd (127.0.0.1:$ssh_port)" ssh_ready || ok=1
    exit $ok
    ;;
  env)
    env_lines
    ;;
  *)
    echo "usage: scripts/services.sh start|stop|status|env" >&2
    exit 2
    ;;
esac
