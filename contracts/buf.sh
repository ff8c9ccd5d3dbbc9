#!/usr/bin/env bash
# Runs buf (npm @bufbuild/buf, the version pinned in contracts/package-lock.json) with the
# arguments given, from the repository root, where buf.yaml is. Installs it into
# contracts/node_modules with `npm ci` first when it is not there (needs npm and the npm
# registry, or npm's cache, once; tests/install-prerequisites.sh installs npm).
set -euo pipefail
contracts=$(cd "$(dirname "$0")" && pwd)
readonly contracts
buf=${contracts}/node_modules/.bin/buf

if [[ ! -x ${buf} ]]; then
  command -v npm >/dev/null 2>&1 ||
    { echo "buf.sh: npm not found; run tests/install-prerequisites.sh (Debian package npm)" >&2; exit 1; }
  echo "buf.sh: installing @bufbuild/buf into ${contracts}/node_modules (npm ci)" >&2
  npm ci --prefix "${contracts}" --no-audit --no-fund --loglevel=error >&2
fi

cd "${contracts}/.."
exec "${buf}" "$@"
