#!/usr/bin/env bash
# Installs what test.sh needs besides the .NET SDK: Debian's `prometheus` package, which
# brings `promtool` (appliance/prometheus/check.sh checks the scrape configuration and the
# alert rules and runs their unit tests with it) and `prometheus`.
# Does nothing when both are on PATH. Otherwise installs the package with apt-get, as root
# or through sudo, without starting the Prometheus service the package ships.
set -euo pipefail

if command -v promtool >/dev/null 2>&1 && command -v prometheus >/dev/null 2>&1; then
  exit 0
fi

fail() {
  echo "install-prerequisites.sh: $*" >&2
  exit 1
}

if ! command -v apt-get >/dev/null 2>&1; then
  fail "promtool is missing and there is no apt-get here; install Prometheus 2.42 or later (it includes promtool) and put promtool on PATH"
fi

if [[ ${EUID} -eq 0 ]]; then
  as_root() { "$@"; }
elif command -v sudo >/dev/null 2>&1; then
  as_root() { sudo "$@"; }
else
  fail "promtool is missing; run as root (or install sudo): apt-get install --no-install-recommends prometheus"
fi

echo "install-prerequisites.sh: installing the Debian package prometheus (promtool checks appliance/prometheus)"

# Debian packages start their service on install; invoke-rc.d and deb-systemd-invoke do not
# when /usr/sbin/policy-rc.d exits 101. Add one for the install unless one is there already.
policy=/usr/sbin/policy-rc.d
added_policy=false
log=$(mktemp)
cleanup() {
  if [[ ${added_policy} == true ]]; then
    as_root rm -f "${policy}"
  fi
  rm -f "${log}"
}
trap cleanup EXIT

if [[ ! -e ${policy} ]]; then
  printf '#!/bin/sh\n# Temporary, from tests/install-prerequisites.sh: start no service during its install.\nexit 101\n' \
    | as_root tee "${policy}" >/dev/null
  added_policy=true
  as_root chmod 0755 "${policy}"
fi

running_before=$(pgrep -x prometheus || true)

if ! {
  as_root apt-get -q update &&
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends prometheus
} >"${log}" 2>&1; then
  cat "${log}" >&2
  fail "apt-get could not install prometheus (output above)"
fi

# Belt and braces: stop a daemon that the install started anyway.
for pid in $(pgrep -x prometheus || true); do
  if ! grep -qx "${pid}" <<<"${running_before}"; then
    if [[ -d /run/systemd/system ]]; then
      as_root systemctl stop prometheus.service
    else
      as_root kill "${pid}"
    fi
  fi
done

command -v promtool >/dev/null 2>&1 || fail "the prometheus package is installed but promtool is not on PATH"
echo "install-prerequisites.sh: $(promtool --version 2>&1 | head -n 1)"
