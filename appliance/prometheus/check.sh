#!/usr/bin/env bash
# Checks the Prometheus files of appliance/prometheus with promtool (Debian package
# `prometheus`, 2.42 or later; tests/install-prerequisites.sh installs it):
# the scrape configuration, the rule file, and the rules' unit tests.
# Exits non-zero when any check fails. test.sh runs it before the .NET build.
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v promtool >/dev/null 2>&1; then
  echo "check.sh: promtool not found; run tests/install-prerequisites.sh (Debian package prometheus)" >&2
  exit 1
fi

promtool check config prometheus.yml
promtool check rules rules/*.yml
promtool test rules tests/*.test.yml
