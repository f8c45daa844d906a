#!/usr/bin/env bash
# Relating benchmark: time to ingest (analyse, store, relate) a corpus, then to ingest one more
# article into the stories it made; and the same on the demo articles.
# Default corpus: the BBC News business articles beside the checkout.
# usage: scripts/bench_relate.sh [CORPUS_DIR] [JOBS]   (DOSSIER_BIN=path skips the build)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
corpus=${1:-$root/../shared/data/bbc-news/business}
jobs=${2:-$(nproc)}
[ -d "$corpus" ] || { echo "no corpus at $corpus" >&2; exit 2; }
bin=${DOSSIER_BIN:-}
if [ -z "$bin" ]; then
  cargo build --release -q -p dossier --manifest-path "$root/Cargo.toml"
  bin=$root/target/release/dossier
fi
export DOSSIER_DATA=${DOSSIER_DATA:-$root/data}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
demo=("$root/data/demo/hln_nl_raqqa_convoy.txt" "$root/data/demo/wire_en_raqqa.html" "$root/data/demo/relays.jsonl")

timed() { # label, command...: prints "label seconds peak-RSS-MiB" and the command's summary
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$tmp/time" "$@" > /dev/null 2> "$tmp/err"
  read -r secs rss_kb < "$tmp/time"
  printf '%-34s %7.2f s  peak RSS %4d MiB  | %s\n' "$label" "$secs" $((rss_kb / 1024)) \
    "$(grep -E '^(read|stories)' "$tmp/err" | tr '\n' ' ')"
}

# The last file of the corpus is held back to arrive on its own.
mapfile -t files < <(find "$corpus" -type f ! -name 'README*' | sort)
last=${files[-1]}
mkdir -p "$tmp/corpus" && cp "${files[@]:0:${#files[@]}-1}" "$tmp/corpus/"
n=$(( ${#files[@]} - 1 ))

timed "demo: 7 articles" "$bin" ingest -j "$jobs" --home "$tmp/demo" "${demo[@]}"
timed "corpus: $n articles" "$bin" ingest -j "$jobs" --home "$tmp/store" "$tmp/corpus"
timed "one more article" "$bin" ingest -j 1 --home "$tmp/store" "$last"
timed "the demo on top of the corpus" "$bin" ingest -j "$jobs" --home "$tmp/store" "${demo[@]}"
"$bin" stories --home "$tmp/store" --format json | python3 -c "import json,sys; s=json.load(sys.stdin); print(f'{len(s)} stories (first 50 listed), largest {max((x[\"articles\"] for x in s), default=0)} articles')"
