#!/usr/bin/env bash
# UI tests: builds dossier, stores the demo articles and the hostile fixture, serves them on a
# free loopback port and drives the pages in Debian's headless Chromium with Playwright.
#   tests/ui/run.sh                 run the tests (screenshots in tests/ui/out/)
#   tests/ui/run.sh --screenshots   also refresh docs/screenshots/
# Needs Debian's chromium (apt-get install chromium; installed here when CI is set) and npm.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

shots="$here/out"
if [[ "${1:-}" == "--screenshots" ]]; then shots="$root/docs/screenshots"; fi

chromium="${CHROMIUM:-/usr/bin/chromium}"
if [[ ! -x "$chromium" ]]; then
  if [[ -n "${CI:-}" ]]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "UI tests need Debian's chromium: apt-get install chromium" >&2
    exit 1
  fi
fi

if [[ ! -d "$here/node_modules/playwright-core" ]]; then
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi

cargo build -q -p dossier
bin="${DOSSIER_BIN:-$root/target/debug/dossier}"

work="$(mktemp -d)"
server=""
cleanup() {
  if [[ -n "$server" ]]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

"$bin" ingest --home "$work/store" data/demo/*.txt data/demo/*.jsonl data/demo/*.html \
  crates/server/tests/fixtures/hostile.jsonl >"$work/ingest.log" 2>&1 || { cat "$work/ingest.log"; exit 1; }

port="$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"
"$bin" serve --home "$work/store" --addr "127.0.0.1:$port" >"$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do
  if node -e "fetch('http://127.0.0.1:$port/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"; then break; fi
  if ! kill -0 "$server" 2>/dev/null; then cat "$work/serve.log"; exit 1; fi
  sleep 0.2
done

cd "$here"
DOSSIER_URL="http://127.0.0.1:$port" SCREENSHOT_DIR="$shots" CHROMIUM="$chromium" node --test ui.test.mjs
