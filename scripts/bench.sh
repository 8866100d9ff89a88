#!/usr/bin/env bash
# Measures Mirage beside bash and GNU tools and writes docs/performance.md: builds Release, writes the
# benchmark corpus (about 140 MB) into a temp folder, runs the BenchmarkDotNet hot paths, then W1-W15
# on a disk mount and a RAM mount, alternating with GNU run by run.
#   scripts/bench.sh                 everything (about 9 minutes from a clean clone on 2 cores, 3-4 of them building)
#   scripts/bench.sh W1 W10          only these workloads (the hot paths still run)
# MIRAGE_BENCH_CORPUS=DIR keeps the corpus there between runs; MIRAGE_BENCH_HOT_PATHS=0 skips the hot paths.
set -euo pipefail
cd "$(dirname "$0")/.."

corpus=${MIRAGE_BENCH_CORPUS:-}
artifacts=$(mktemp -d "${TMPDIR:-/tmp}/mirage-bdn.XXXXXX")
if [ -z "$corpus" ]; then corpus=$(mktemp -d "${TMPDIR:-/tmp}/mirage-corpus.XXXXXX"); fi
cleanup() {
  rm -rf "$artifacts"
  if [ -z "${MIRAGE_BENCH_CORPUS:-}" ]; then rm -rf "$corpus"; fi
}
trap cleanup EXIT

mirage=$(scripts/publish-cli.sh)
dotnet build benchmarks/Mirage.Benchmarks/Mirage.Benchmarks.csproj -c Release -nologo -v quiet
bench=benchmarks/Mirage.Benchmarks/bin/Release/net10.0/Mirage.Benchmarks

hot_paths=()
if [ "${MIRAGE_BENCH_HOT_PATHS:-1}" != 0 ]; then
  "$bench" --filter '*' --artifacts "$artifacts" >"$artifacts/log.txt" 2>&1 || { tail -n 40 "$artifacts/log.txt"; exit 1; }
  hot_paths=(--hot-paths "$artifacts/results")
fi

"$bench" workloads --corpus "$corpus" --mirage "$mirage" \
  "${hot_paths[@]}" --out docs/performance.md "$@"
