#!/usr/bin/env bash
# Installs what test.sh needs besides the .NET SDK, from Debian packages:
#   - prometheus: promtool (appliance/prometheus/check.sh checks the scrape configuration and
#     the alert rules and runs their unit tests with it) and prometheus;
#   - shellcheck: tests/shellcheck.sh lints every shell script with it;
#   - systemd: systemd-analyze (appliance/systemd/check.sh verifies the unit and scores its
#     hardening);
#   - npm: contracts/buf.sh installs buf (npm @bufbuild/buf) with it for contracts/check.sh, and
#     appliance/kubernetes/check.sh its validators (kubernetes-models, yaml);
#   - haproxy: appliance/lb/check.sh validates the shipped configurations with it, and the
#     loopback test (tests/Appliance.Server.Tests/LoadBalancing) runs three boxes behind it.
# Does nothing (and prints nothing) when every tool is on PATH. Otherwise installs the missing
# packages with apt-get, as root or through sudo, without starting any service they ship.
set -euo pipefail

packages=()
if ! command -v promtool >/dev/null 2>&1 || ! command -v prometheus >/dev/null 2>&1; then
  packages+=(prometheus)
fi
command -v shellcheck >/dev/null 2>&1 || packages+=(shellcheck)
command -v systemd-analyze >/dev/null 2>&1 || packages+=(systemd)
command -v npm >/dev/null 2>&1 || packages+=(npm)
command -v haproxy >/dev/null 2>&1 || packages+=(haproxy)
command -v openssl >/dev/null 2>&1 || packages+=(openssl)
if [[ ${#packages[@]} -eq 0 ]]; then
  exit 0
fi

fail() {
  echo "install-prerequisites.sh: $*" >&2
  exit 1
}

if ! command -v apt-get >/dev/null 2>&1; then
  fail "missing ${packages[*]} and there is no apt-get here; install them by hand: Prometheus 2.42 or later (promtool on PATH), ShellCheck 0.8 or later, systemd 250 or later (systemd-analyze), Node.js 18 or later with npm, HAProxy 2.6 or later"
fi

if [[ ${EUID} -eq 0 ]]; then
  as_root() { "$@"; }
elif command -v sudo >/dev/null 2>&1; then
  as_root() { sudo "$@"; }
else
  fail "missing ${packages[*]}; run as root (or install sudo): apt-get install --no-install-recommends ${packages[*]}"
fi

echo "install-prerequisites.sh: installing the Debian packages ${packages[*]}"

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

running_before=$(pgrep -x 'prometheus|haproxy' || true)

if ! {
  as_root apt-get -q update &&
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${packages[@]}"
} >"${log}" 2>&1; then
  cat "${log}" >&2
  fail "apt-get could not install ${packages[*]} (output above)"
fi

# Belt and braces: stop a Prometheus or HAProxy daemon that the install started anyway.
for pid in $(pgrep -x 'prometheus|haproxy' || true); do
  if ! grep -qx "${pid}" <<<"${running_before}"; then
    if [[ -d /run/systemd/system ]]; then
      as_root systemctl stop prometheus.service haproxy.service
    else
      as_root kill "${pid}"
    fi
  fi
done

command -v promtool >/dev/null 2>&1 || fail "the prometheus package is installed but promtool is not on PATH"
command -v shellcheck >/dev/null 2>&1 || fail "the shellcheck package is installed but shellcheck is not on PATH"
command -v systemd-analyze >/dev/null 2>&1 || fail "the systemd package is installed but systemd-analyze is not on PATH"
command -v npm >/dev/null 2>&1 || fail "the npm package is installed but npm is not on PATH"
command -v haproxy >/dev/null 2>&1 || fail "the haproxy package is installed but haproxy is not on PATH"
echo "install-prerequisites.sh: $(promtool --version 2>&1 | head -n 1); shellcheck $(shellcheck --version | sed -n 's/^version: //p'); $(systemd-analyze --version | head -n 1); npm $(npm --version); $(haproxy -v | head -n 1)"
