#!/usr/bin/env bash
# Validates appliance/kubernetes offline (test.sh runs it): check/check.mjs parses every manifest
# with npm `yaml` and validates it against the Kubernetes OpenAPI schemas with npm
# `kubernetes-models` (and `@kubernetes-models/prometheus-operator` for ServiceMonitor and
# PrometheusRule), then checks the appliance's own rules (egress denied, GPU limit, probes,
# shutdown timing, security context, PrometheusRule = the box's rules). The packages are pinned in
# check/package-lock.json and installed into check/node_modules with `npm ci` on first use (npm's
# registry or cache, once; tests/install-prerequisites.sh installs npm). No cluster is needed.
set -euo pipefail
check=$(cd "$(dirname "$0")/check" && pwd)
readonly check

if [[ ! -d ${check}/node_modules/kubernetes-models ]]; then
  command -v npm >/dev/null 2>&1 ||
    { echo "check.sh: npm not found; run tests/install-prerequisites.sh (Debian package npm)" >&2; exit 1; }
  echo "check.sh: installing the validators into ${check}/node_modules (npm ci)" >&2
  npm ci --prefix "${check}" --no-audit --no-fund --loglevel=error >&2
fi
exec node "${check}/check.mjs"
