#!/usr/bin/env bash
# Removes the Appliance's programs: stops and disables the service, removes the unit, every
# installed version under /opt/appliance and /usr/local/bin/appliancectl. KEEPS the data:
# /etc/appliance (configuration), /srv/appliance (models), /var/lib/appliance (state),
# /var/log/appliance (logs and the audit log), /opt/appliance/history (which versions ran when),
# the network drop-in and the appliance user, so a later install.sh finds them again. --purge
# removes those too, the audit log included (keep a copy first if the hospital must retain it:
# RUNBOOK.md, "Backup and restore"); it asks for the word "purge" first, or takes --yes.
# RUNBOOK.md, "Uninstall".
#
#   sudo /opt/appliance/current/uninstall.sh [--purge [--yes]] [--root DIR]
set -euo pipefail

readonly SERVICE=appliance
readonly UNIT=appliance.service

usage() {
  cat <<'EOF'
Usage: uninstall.sh [--purge [--yes]] [--root DIR]

  --purge     also delete configuration, models, state, logs and the audit log, the version
              history, the network drop-in, and the appliance user and group; asks to type
              "purge" first
  --yes       with --purge: do not ask (scripts)
  --root DIR  uninstall from an installation under DIR (no systemctl, no user removal)
EOF
}

say() { echo "uninstall.sh: $*"; }
fail() {
  echo "uninstall.sh: error: $*" >&2
  exit 1
}

purge=false
yes=false
root=""
while [[ $# -gt 0 ]]; do
  case $1 in
    --purge) purge=true; shift ;;
    --yes) yes=true; shift ;;
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

# Asked before anything is touched: --purge deletes the audit log, which the hospital may have to keep.
if [[ ${purge} == true && ${yes} != true ]]; then
  [[ -t 0 ]] || fail "--purge deletes the audit log and the configuration for good; run it at a terminal to confirm, or add --yes"
  echo "uninstall.sh: --purge deletes for good: ${root}/etc/appliance (configuration, keys, TLS files), ${root}/srv/appliance (models),"
  echo "uninstall.sh:   ${root}/var/lib/appliance, ${root}/var/log/appliance (THE AUDIT LOG) and ${OPT}/history."
  echo "uninstall.sh:   Back them up first if the hospital must keep them (RUNBOOK.md, \"Backup and restore\")."
  read -r -p "uninstall.sh: type purge to go on: " answer
  [[ ${answer} == purge ]] || fail "not confirmed; nothing was removed"
fi

if [[ ${systemd_running} == true ]] && systemctl cat "${UNIT}" >/dev/null 2>&1; then
  say "stopping and disabling ${UNIT}"
  systemctl disable --now --quiet "${UNIT}" || true
fi

# Only our link: another appliancectl someone put there stays.
if [[ -L ${CLI_LINK} && $(readlink "${CLI_LINK}") == */opt/appliance/current/bin/cli/appliancectl ]]; then
  remove "${CLI_LINK}"
fi
remove "${UNIT_DIR}/${UNIT}"
# Every version and link, but not the history: which versions ran when outlives an uninstall.
if [[ -d ${OPT} ]]; then
  [[ -f ${OPT}/history ]] && echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) uninstall$([[ ${purge} == true ]] && echo " --purge")" >>"${OPT}/history"
  find "${OPT}" -mindepth 1 -maxdepth 1 ! -name history -exec rm -rf -- {} +
  say "removed the programs in ${OPT}"
  [[ -f ${OPT}/history ]] || rmdir -- "${OPT}"
fi

if [[ ${purge} == true ]]; then
  say "--purge: deleting configuration, models, state and logs, the audit log included"
  remove "${UNIT_DIR}/${UNIT}.d" "${root}/etc/appliance" "${root}/srv/appliance" \
    "${root}/var/lib/appliance" "${root}/var/log/appliance" "${OPT}"
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
    "${root}/var/log/appliance" "${OPT}/history" "${UNIT_DIR}/${UNIT}.d"; do
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
