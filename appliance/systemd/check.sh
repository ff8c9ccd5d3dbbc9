#!/usr/bin/env bash
# Checks appliance.service (and the network.conf drop-in template) with systemd-analyze:
#   1. `verify`: every key known and every value parsed. verify insists that ExecStart exists,
#      so it checks a copy of the unit whose ExecStart points at a stub in a temporary folder
#      (the only change), with network.conf as its drop-in plus an example subnet. verify
#      exits 0 even on unknown keys, so any message it prints fails the check.
#   2. `security --offline=true`: the exposure score (0 = locked down .. 10 = exposed) must be
#      at most MAX_EXPOSURE (2.0), for the unit alone and with the example subnet.
# Needs systemd-analyze (Debian package systemd; tests/install-prerequisites.sh installs it).
# test.sh runs it; exits non-zero when a check fails.
set -euo pipefail
cd "$(dirname "$0")"

readonly MAX_EXPOSURE=2.0
readonly UNIT=appliance.service
readonly EXEC=/opt/appliance/current/bin/server/Appliance.Server

fail() {
  echo "check.sh: $*" >&2
  exit 1
}

command -v systemd-analyze >/dev/null 2>&1 ||
  fail "systemd-analyze not found; run tests/install-prerequisites.sh (Debian package systemd)"
grep -qx "ExecStart=${EXEC}" "${UNIT}" || fail "${UNIT}: ExecStart is not ${EXEC}"

work=$(mktemp -d)
trap 'rm -rf "${work}"' EXIT

# 1. verify a copy whose ExecStart exists.
printf '#!/bin/sh\nexit 0\n' >"${work}/Appliance.Server"
chmod 0755 "${work}/Appliance.Server"
sed "s#^ExecStart=${EXEC}\$#ExecStart=${work}/Appliance.Server#" "${UNIT}" >"${work}/${UNIT}"
example_dropin() {
  mkdir -p "${work}/${UNIT}.d"
  {
    cat network.conf
    echo "IPAddressAllow=10.20.0.0/16 192.0.2.10"
  } >"${work}/${UNIT}.d/network.conf"
}
example_dropin

verify_output=$(systemd-analyze verify "${work}/${UNIT}" 2>&1) || {
  echo "${verify_output}" >&2
  fail "systemd-analyze verify failed"
}
if [[ -n ${verify_output} ]]; then
  echo "${verify_output}" >&2
  fail "systemd-analyze verify reported problems (above)"
fi
echo "check.sh: systemd-analyze verify ${UNIT} (+ network.conf drop-in): clean"

# 2. exposure score, unit alone and with the example drop-in.
exposure() {
  local output score
  output=$(systemd-analyze security --offline=true --no-pager "$1" 2>&1) || true
  score=$(sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p' <<<"${output}")
  if [[ -z ${score} ]]; then
    echo "${output}" >&2
    fail "could not read the exposure level of $1"
  fi
  echo "${score}"
}

with_subnets=$(exposure "${work}/${UNIT}")
alone=$(exposure "${UNIT}")

echo "check.sh: systemd-analyze security --offline=true: exposure ${alone} (with hospital subnets ${with_subnets}), limit ${MAX_EXPOSURE}"
for score in "${alone}" "${with_subnets}"; do
  if awk -v s="${score}" -v max="${MAX_EXPOSURE}" 'BEGIN { exit !(s > max) }'; then
    systemd-analyze security --offline=true --no-pager "${UNIT}" >&2 || true
    fail "exposure ${score} is above ${MAX_EXPOSURE}"
  fi
done
