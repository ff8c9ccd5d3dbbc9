#!/usr/bin/env bash
# Removes the Appliance's programs: stops and disables the service, removes the unit,
# /opt/appliance (every installed version) and /usr/local/bin/appliancectl. KEEPS the data:
# /etc/appliance (configuration), /srv/appliance (models), /var/lib/appliance (state),
# /var/log/appliance (logs and the audit log), the network drop-in and the appliance user, so a
# later install.sh finds them again. --purge removes those too, the audit log included (keep
# a copy first if the hospital must retain it). RUNBOOK.md, "Uninstall".
#
#   sudo /opt/appliance/current/uninstall.sh [--purge] [--root DIR]
set -euo pipefail

readonly SERVICE=appliance
readonly UNIT=appliance.service

usage() {
  cat <<'EOF'
Usage: uninstall.sh [--purge] [--root DIR]

  --purge     also delete configuration, models, state, logs and the audit log, the network
              drop-in, and the appliance user and group
  --root DIR  uninstall from an installation under DIR (no systemctl, no user removal)
EOF
}

say() { echo "uninstall.sh: $*"; }
fail() {
  echo "uninstall.sh: error: $*" >&2
  exit 1
}

purge=false
root=""
while [[ $# -gt 0 ]]; do
  case $1 in
    --purge) purge=true; shift ;;
    --root) root=${2:?--root needs a folder}; shift 2 ;;
    --root=*) root=${1#--root=}; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; fail "unknown argument: $1" ;;
  esac
done

[[ -n ${root} ]] || [[ ${EUID} -eq 0 ]] || fail "run as root (sudo $0), or with --root DIR"
[[ -z ${root} || ${root} == /* ]] || root=${PWD}/${root}
root=${root%/}
[[ -z ${root} || -d ${root} ]] || fail "--root ${root} is not a folder"

readonly OPT=${root}/opt/appliance
readonly UNIT_DIR=${root}/etc/systemd/system
readonly CLI_LINK=${root}/usr/local/bin/appliancectl

manage_system=false
[[ -z ${root} ]] && manage_system=true
systemd_running=false
if [[ ${manage_system} == true && -d /run/systemd/system ]] && command -v systemctl >/dev/null 2>&1; then
  systemd_running=true
fi

remove() {
  local path
  for path in "$@"; do
    if [[ -e ${path} || -L ${path} ]]; then
      rm -rf -- "${path}"
      say "removed ${path}"
    fi
  done
}

if [[ ${systemd_running} == true ]] && systemctl cat "${UNIT}" >/dev/null 2>&1; then
  say "stopping and disabling ${UNIT}"
  systemctl disable --now --quiet "${UNIT}" || true
fi

# Only our link: another appliancectl someone put there stays.
if [[ -L ${CLI_LINK} && $(readlink "${CLI_LINK}") == */opt/appliance/current/bin/cli/appliancectl ]]; then
  remove "${CLI_LINK}"
fi
remove "${UNIT_DIR}/${UNIT}" "${OPT}"

if [[ ${purge} == true ]]; then
  say "--purge: deleting configuration, models, state and logs, the audit log included"
  remove "${UNIT_DIR}/${UNIT}.d" "${root}/etc/appliance" "${root}/srv/appliance" \
    "${root}/var/lib/appliance" "${root}/var/log/appliance"
  if [[ ${manage_system} == true ]]; then
    if getent passwd "${SERVICE}" >/dev/null; then
      userdel "${SERVICE}"
      say "removed user ${SERVICE}"
    fi
    if getent group "${SERVICE}" >/dev/null; then
      groupdel "${SERVICE}"
      say "removed group ${SERVICE}"
    fi
  fi
else
  for kept in "${root}/etc/appliance" "${root}/srv/appliance" "${root}/var/lib/appliance" \
    "${root}/var/log/appliance" "${UNIT_DIR}/${UNIT}.d"; do
    if [[ -e ${kept} ]]; then
      say "kept ${kept}"
    fi
  done
  say "data kept; remove it too with: uninstall.sh --purge${root:+ --root ${root}}"
fi

if [[ ${systemd_running} == true ]]; then
  systemctl daemon-reload
fi
say "done"
