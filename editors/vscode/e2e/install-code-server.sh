#!/usr/bin/env bash
# Installs code-server (VS Code in a browser) from npm into DIR for tests/test_vscode.py.
#
# code-server's own install script downloads ripgrep and other binaries from GitHub and needs
# its exact Node version, so it is skipped (--ignore-scripts) and its steps are done here: the
# VS Code dependencies are installed without scripts and the native modules code-server loads
# are rebuilt for this Node (20). kerberos (proxy authentication) needs libkrb5-dev and is left
# out; ripgrep (search) is not needed by the test. Idempotent: a finished install is reused.
set -euo pipefail
VERSION=4.100.3
DIR=${1:?usage: install-code-server.sh DIR}
mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)
PKG="$DIR/node_modules/code-server"
# Any failing step stops here with what failed: CI treats this as an error, never as a skip.
trap 'echo "error: installing code-server $VERSION into $DIR failed at line $LINENO: $BASH_COMMAND" >&2
      echo "       (needs Node 20, npm, the npm registry and a C++ compiler for the native modules; npm output above)" >&2' ERR
if [ -f "$DIR/.installed-$VERSION" ]; then
  echo "code-server $VERSION already in $DIR"
  exit 0
fi
major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$major" != 20 ]; then
  echo "code-server $VERSION needs Node 20, this is Node $(node --version)" >&2
  exit 1
fi
# Headers for node-gyp from the Node package itself, when it ships them (no download).
if [ -d /usr/include/node ]; then export npm_config_nodedir=/usr; fi
npm_quiet=(--no-audit --no-fund --loglevel=error)

cd "$DIR"
[ -f package.json ] || echo '{"private": true}' > package.json
npm install "${npm_quiet[@]}" --ignore-scripts "code-server@$VERSION"
npm rebuild "${npm_quiet[@]}" argon2   # the password hashing module code-server loads at start

cd "$PKG/lib/vscode"
npm install "${npm_quiet[@]}" --ignore-scripts --omit=dev
# node-pty's post-install step runs `npx node-gyp` (from the npm registry): allow it without a prompt.
npm_config_yes=true npm rebuild "${npm_quiet[@]}" node-pty @vscode/spdlog native-watchdog
# What code-server's postinstall.sh does after its npm install:
ln -sfn node_modules node_modules.asar
(cd bin/remote-cli && ln -sf code-linux.sh code-server)
(cd bin/helpers && ln -sf browser-linux.sh browser.sh)
(cd extensions && npm install "${npm_quiet[@]}" --ignore-scripts --omit=dev)

touch "$DIR/.installed-$VERSION"
echo "code-server $VERSION installed in $DIR"
