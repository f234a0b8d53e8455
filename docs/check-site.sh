#!/usr/bin/env bash
# Opens the built documentation site (docs/_site) in headless Chromium, served from 127.0.0.1, and checks that
# the landing page and an API page render with the titles a reader expects. Run after `docfx docs/docfx.json`.
set -euo pipefail
site="$(cd "$(dirname "$0")" && pwd)/_site"
[ -f "$site/index.html" ] || { echo "check-site: $site/index.html is missing; build the site first (dotnet docfx docs/docfx.json)." >&2; exit 1; }
browser=$(command -v chromium || command -v chromium-browser || true)
[ -n "$browser" ] || { echo "check-site: Chromium is not installed (Debian: apt-get install chromium)." >&2; exit 1; }

port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
/usr/bin/python3 -m http.server "$port" --bind 127.0.0.1 --directory "$site" >/dev/null 2>&1 &
server=$!
profile=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$profile"' EXIT
for _ in $(seq 50); do (echo > "/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done

render() {
  timeout 60 "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --virtual-time-budget=5000 --dump-dom "http://127.0.0.1:$port/$1" 2>/dev/null
}

expect() { # page, text that must be in the rendered DOM
  local dom
  dom=$(render "$1")
  if grep -qF -- "$2" <<<"$dom"; then
    echo "check-site: $1 renders \"$2\""
  else
    echo "check-site: $1 does not render \"$2\"" >&2
    exit 1
  fi
}

expect "index.html" "<title>Digits.Sdk"
expect "index.html" "Getting started"
expect "api/Digits.Sdk.Modeling.NetworkArchitecture.html" "Class NetworkArchitecture"
expect "articles/debian.html" "Running on Debian 12 and Ubuntu 22.04"
