#!/usr/bin/env bash
# Whole-process benchmark: `dossier extract` and `dossier ingest` over a corpus (default: the
# 2,225 BBC News articles beside the checkout), printing articles/s, MB/s, tokens/s and peak RSS.
# usage: scripts/bench.sh [CORPUS_DIR] [JOBS]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
corpus=${1:-$root/../shared/data/bbc-news}
jobs=${2:-$(nproc)}
[ -d "$corpus" ] || { echo "no corpus at $corpus" >&2; exit 2; }
cargo build --release -q -p dossier --manifest-path "$root/Cargo.toml"
bin=$root/target/release/dossier
export DOSSIER_DATA=$root/data
files=$(find "$corpus" -type f ! -name 'README*' | wc -l)
bytes=$(find "$corpus" -type f ! -name 'README*' -print0 | du -cb --files0-from=- | tail -1 | cut -f1)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

run() { # label, command...
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$tmp/time" "$@" > "$tmp/out" 2> "$tmp/err" || true
  read -r secs rss_kb < "$tmp/time"
  echo "$label $secs $rss_kb"
}

read -r _ esecs erss < <(run extract "$bin" extract -j "$jobs" --format jsonl "$corpus")
tokens=$(python3 -c "import json,sys; print(sum(json.loads(l)['stats']['tokens'] for l in open('$tmp/out')))")
articles=$(wc -l < "$tmp/out")
read -r _ isecs irss < <(run ingest "$bin" ingest -j "$jobs" --home "$tmp/store" "$corpus")
summary=$(grep '^read ' "$tmp/err" || true)

python3 - "$files" "$bytes" "$articles" "$tokens" "$esecs" "$erss" "$isecs" "$irss" "$jobs" "$summary" <<'PY'
import sys
files, nbytes, arts, toks = map(int, sys.argv[1:5])
esecs, erss, isecs, irss = float(sys.argv[5]), int(sys.argv[6]), float(sys.argv[7]), int(sys.argv[8])
jobs, summary = sys.argv[9], sys.argv[10]
mb = nbytes / 1e6
print(f"corpus: {files} files, {mb:.1f} MB, {arts} articles, {toks} tokens; {jobs} worker threads")
print(f"extract: {esecs:.2f} s  {arts/esecs:,.0f} articles/s  {mb/esecs:.2f} MB/s  {toks/esecs:,.0f} tokens/s  peak RSS {erss/1024:.0f} MiB")
print(f"ingest:  {isecs:.2f} s  {arts/isecs:,.0f} articles/s  {mb/isecs:.2f} MB/s  {toks/isecs:,.0f} tokens/s  peak RSS {irss/1024:.0f} MiB")
print(f"ingest summary: {summary}")
PY
