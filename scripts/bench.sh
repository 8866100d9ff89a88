#!/usr/bin/env bash
# Measures Mirage beside bash and GNU tools and writes docs/performance.md: builds Release, writes the
# benchmark corpus (about 140 MB) into a temp folder, runs the BenchmarkDotNet hot paths, then W1-W15
# on a disk mount and a RAM mount, alternating with GNU run by run, then the reading workloads on a
# cached S3 mount (the corpus uploaded once to the local s3rver of scripts/services.sh), cold and warm.
#   scripts/bench.sh                 everything (about 12 minutes from a clean clone on 2 cores, 3-4 of them building
#                                    and 2-3 uploading the corpus to s3rver, which later runs reuse)
#   scripts/bench.sh W1 W10          only these workloads (the hot paths still run)
#   scripts/bench.sh s3 [W1 ...]     only the cached S3 mount's table (no hot paths, disk and RAM tables left as they are)
# MIRAGE_BENCH_CORPUS=DIR keeps the corpus there between runs; MIRAGE_BENCH_HOT_PATHS=0 skips the hot paths;
# MIRAGE_BENCH_S3=0 skips the S3 mount. With MIRAGE_TEST_S3_* already set (. .services.env) that endpoint is
# used; otherwise the test services are used when running, or started here and stopped at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

corpus=${MIRAGE_BENCH_CORPUS:-}
artifacts=$(mktemp -d "${TMPDIR:-/tmp}/mirage-bdn.XXXXXX")
if [ -z "$corpus" ]; then corpus=$(mktemp -d "${TMPDIR:-/tmp}/mirage-corpus.XXXXXX"); fi
started_services=0
cleanup() {
  rm -rf "$artifacts"
  if [ -z "${MIRAGE_BENCH_CORPUS:-}" ]; then rm -rf "$corpus"; fi
  if [ "$started_services" = 1 ]; then timeout 60 scripts/services.sh stop >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT

s3_only=0
for arg in "$@"; do [ "$arg" = s3 ] && s3_only=1; done

s3=()
if [ "${MIRAGE_BENCH_S3:-1}" = 0 ]; then
  s3=(--s3-runs 0)
elif [ -z "${MIRAGE_TEST_S3_ENDPOINT:-}" ]; then
  if scripts/services.sh status >/dev/null 2>&1; then
    eval "$(scripts/services.sh env)"
  else
    scripts/services.sh start >/dev/null
    started_services=1
    # shellcheck disable=SC1091
    . ./.services.env
  fi
fi

dotnet build benchmarks/Mirage.Benchmarks/Mirage.Benchmarks.csproj -c Release -nologo -v quiet
bench=benchmarks/Mirage.Benchmarks/bin/Release/net10.0/Mirage.Benchmarks

local_pass=()
if [ "$s3_only" = 0 ]; then
  local_pass=(--mirage "$(scripts/publish-cli.sh)")
  if [ "${MIRAGE_BENCH_HOT_PATHS:-1}" != 0 ]; then
    "$bench" --filter '*' --artifacts "$artifacts" >"$artifacts/log.txt" 2>&1 || { tail -n 40 "$artifacts/log.txt"; exit 1; }
    local_pass+=(--hot-paths "$artifacts/results")
  fi
fi

"$bench" workloads --corpus "$corpus" "${local_pass[@]}" "${s3[@]}" --out docs/performance.md "$@"
