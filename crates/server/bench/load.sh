#!/usr/bin/env bash
# Latency and throughput of `dossier serve` under a bounded load from a second process (wrk)
# on loopback. Usage: crates/server/bench/load.sh STORE_DIR [SECONDS] [CONNECTIONS]
# Build first (cargo build --release -p dossier); DOSSIER_BIN overrides the binary.
# Needs wrk (apt-get install wrk). Prints one line per endpoint: requests/s, p50, p99.
set -euo pipefail
store="${1:?store directory}"
secs="${2:-15}"
conns="${3:-8}"
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
bin="${DOSSIER_BIN:-$root/target/release/dossier}"
port="${PORT:-18199}"
work="$(mktemp -d)"
"$bin" serve --home "$store" --addr "127.0.0.1:$port" >"$work/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 300); do
  curl -sf "http://127.0.0.1:$port/api/health" >/dev/null && break
  sleep 0.2
done
base="http://127.0.0.1:$port"

# Paths: 200 article ids and 40 one- or two-word queries drawn from titles in the store.
curl -sf "$base/api/search?limit=200" | python3 -c '
import json, sys, re
hits = json.load(sys.stdin)["hits"]
ids = [h["id"] for h in hits]
words = []
for h in hits:
    for w in re.findall(r"[A-Za-z]{5,}", h.get("title") or ""):
        if w.lower() not in words: words.append(w.lower())
open(sys.argv[1] + "/articles", "w").write("\n".join("/api/articles/" + i for i in ids))
open(sys.argv[1] + "/pages", "w").write("\n".join("/articles/" + i for i in ids))
qs = [words[i] if i % 2 else words[i] + "%20" + words[(i * 7 + 3) % len(words)] for i in range(min(40, len(words)))]
open(sys.argv[1] + "/search", "w").write("\n".join("/api/search?q=" + q + "&limit=20" for q in qs))
open(sys.argv[1] + "/facets", "w").write("\n".join("/api/search/facets?q=" + q for q in qs))
' "$work"
printf '/api/entities?limit=50\n/api/places?limit=100\n/api/quotes?limit=50\n/api/speakers?limit=50\n' >"$work/lists"
printf '/\n' >"$work/home"

echo "store: $(curl -sf "$base/api/health")"
printf '%-28s %10s %10s %10s\n' endpoint 'req/s' p50 p99
for name in search facets articles lists pages home; do
  out="$(PATHS_FILE="$work/$name" wrk -t1 -c"$conns" -d"${secs}s" --latency -s "$here/rotate.lua" "$base" 2>&1)"
  rps="$(awk '/Requests\/sec/ {print $2}' <<<"$out")"
  p50="$(awk '$1=="50%" {print $2}' <<<"$out")"
  p99="$(awk '$1=="99%" {print $2}' <<<"$out")"
  errs="$(grep -E 'Non-2xx|Socket errors' <<<"$out" || true)"
  printf '%-28s %10s %10s %10s %s\n' "$name ($(head -1 "$work/$name" | cut -c1-18)…)" "$rps" "$p50" "$p99" "$errs"
done
