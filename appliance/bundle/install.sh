#!/usr/bin/env bash
# Installs, upgrades or rolls back the Appliance from this unpacked bundle (appliance/README.md,
# "Install layout"; RUNBOOK.md, "Install", "Upgrade", "Roll back").
#
#   sudo ./install.sh [install]   first installation; running it again changes nothing
#   sudo ./install.sh upgrade     install this version next to the running one, check the box's
#                                 configuration with it and switch to it only when that passes;
#                                 the previous version stays for rollback
#   sudo ./install.sh rollback    switch back to the version before the last upgrade
#   ./install.sh verify           only check the bundle against SHA256SUMS
#
# install and upgrade first check every file of the bundle against SHA256SUMS (and that the
# bundle holds no file that SHA256SUMS does not list) and stop before touching anything if one
# does not match. Configuration (/etc/appliance), models (/srv/appliance/models), state
# (/var/lib/appliance) and logs, the audit log included (/var/log/appliance), are never
# overwritten. --root DIR installs under DIR instead of / (tests, image builds): then no user is
# created, nothing is chowned and systemctl is not called.
set -euo pipefail

readonly SERVICE=appliance
readonly UNIT=appliance.service

usage() {
  cat <<'EOF'
Usage: install.sh [install|upgrade|rollback|verify] [--root DIR]

  install   (default) install this bundle; a no-op when this version is already installed
  upgrade   install this bundle next to the installed version, check /etc/appliance with its
            server (appliancectl config check; refuses to switch when that fails), switch to it,
            keep the previous version for rollback, restart the service if it is running
  rollback  switch back to the previous version (and restart the service if it is running)
  verify    check this bundle against SHA256SUMS and exit
  --root DIR  install under DIR instead of / (no user, no chown, no systemctl)
  --skip-config-check  upgrade without checking the configuration first (not recommended)
EOF
}

say() { echo "install.sh: $*"; }
fail() {
  echo "install.sh: error: $*" >&2
  exit 1
}

bundle=$(cd "$(dirname "$0")" && pwd)
action=install
root=""
skip_check=false
while [[ $# -gt 0 ]]; do
  case $1 in
    install | upgrade | rollback | verify) action=$1; shift ;;
    --root) root=${2:?--root needs a folder}; shift 2 ;;
    --root=*) root=${1#--root=}; shift ;;
    --skip-config-check) skip_check=true; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; fail "unknown argument: $1" ;;
  esac
done

[[ -n ${root} ]] || [[ ${action} == verify ]] || [[ ${EUID} -eq 0 ]] ||
  fail "run as root (sudo $0 ${action}), or with --root DIR to install into a folder"
[[ -z ${root} || ${root} == /* ]] || root=${PWD}/${root}
root=${root%/}

# Everything the installer writes, prefixed with --root.
readonly OPT=${root}/opt/appliance
readonly ETC=${root}/etc/appliance
readonly MODELS=${root}/srv/appliance/models
readonly STATE=${root}/var/lib/appliance
readonly LOGS=${root}/var/log/appliance
readonly UNIT_DIR=${root}/etc/systemd/system
readonly CLI_LINK=${root}/usr/local/bin/appliancectl
# Relative, so it resolves under --root too (/usr/local/bin -> /opt).
readonly CLI_TARGET=../../../opt/appliance/current/bin/cli/appliancectl

manage_system=false
[[ -z ${root} ]] && manage_system=true
systemd_running=false
if [[ ${manage_system} == true && -d /run/systemd/system ]] && command -v systemctl >/dev/null 2>&1; then
  systemd_running=true
fi

# ---- Checks that touch nothing. ----

# Every file SHA256SUMS lists is present and matches; nothing else is in the bundle.
verify_tree() {
  local dir=$1 out listed present extra
  if [[ ! -f ${dir}/SHA256SUMS ]]; then
    echo "${dir}/SHA256SUMS is missing" >&2
    return 1
  fi
  if ! out=$(cd "${dir}" && sha256sum --check --strict --quiet SHA256SUMS 2>&1); then
    echo "${out}" | head -n 20 >&2
    return 1
  fi
  listed=$(sed -E 's/^[0-9a-f]{64} [ *]//' "${dir}/SHA256SUMS" | LC_ALL=C sort)
  present=$(cd "${dir}" && find . -type f ! -path ./SHA256SUMS -printf '%P\n' | LC_ALL=C sort)
  extra=$(
    LC_ALL=C comm -13 <(echo "${listed}") <(echo "${present}")
    cd "${dir}" && find . -mindepth 1 ! -type f ! -type d -printf '%P (not a regular file)\n'
  )
  if [[ -n ${extra} ]]; then
    echo "files that SHA256SUMS does not list:" >&2
    echo "${extra}" | head -n 20 >&2
    return 1
  fi
}

bundle_version() {
  local v
  v=$(sed -n 's/^version: //p' "${bundle}/MANIFEST" 2>/dev/null | head -n 1)
  [[ ${v} =~ ^[0-9A-Za-z][0-9A-Za-z._-]*$ ]] || fail "${bundle}/MANIFEST names no valid version"
  echo "${v}"
}

verify_bundle() {
  local count
  count=$(wc -l <"${bundle}/SHA256SUMS" 2>/dev/null || echo 0)
  say "verifying ${count} files of ${bundle} against SHA256SUMS"
  verify_tree "${bundle}" ||
    fail "the bundle does not match its SHA256SUMS (above); nothing was installed. Copy the archive again and check it with: sha256sum -c appliance-*.tar.gz.sha256"
}

# The version a link (current, previous) points at, or nothing.
linked_version() {
  local target
  target=$(readlink "${OPT}/$1" 2>/dev/null) || return 0
  basename "${target}"
}

# The box's configuration (/etc/appliance) checked by the given version's own server program
# (Appliance.Server --check-config = `appliancectl config check`), as the service user where
# there is one, so a file only root can read fails here rather than at the next start.
check_config() {
  local dir=$1 server=$1/bin/server/Appliance.Server
  local run_as=()
  if [[ ${manage_system} == true ]] && command -v runuser >/dev/null 2>&1 && getent passwd "${SERVICE}" >/dev/null; then
    run_as=(runuser -u "${SERVICE}" --)
  fi
  say "checking ${ETC} with version $(basename "${dir}")'s server (appliancectl config check)"
  (cd "${dir}/bin/server" &&
    "${run_as[@]}" env ASPNETCORE_ENVIRONMENT=Production APPLIANCE_CONFIG_DIR="${ETC}" ORT_DISABLE_TELEMETRY=1 \
      "${server}" --check-config) | sed 's/^/  /'
}

# ---- Changes. ----

# mkdir with mode (and owner on a real system), only when the folder is new: a folder IT has
# already adjusted is left as it is.
make_dir() {
  local dir=$1 mode=$2 owner=$3
  [[ -d ${dir} ]] && return 0
  mkdir -p "${dir}"
  chmod "${mode}" "${dir}"
  if [[ ${manage_system} == true ]]; then
    chown "${owner}" "${dir}"
  fi
  say "created ${dir} (${mode}$([[ ${manage_system} == true ]] && echo ", ${owner}"))"
}

ensure_user() {
  [[ ${manage_system} == true ]] || return 0
  if ! getent group "${SERVICE}" >/dev/null; then
    groupadd --system "${SERVICE}"
    say "created system group ${SERVICE}"
  fi
  if ! getent passwd "${SERVICE}" >/dev/null; then
    useradd --system --gid "${SERVICE}" --home-dir /var/lib/appliance --no-create-home \
      --shell /usr/sbin/nologin --comment "Appliance inference server" "${SERVICE}"
    say "created system user ${SERVICE}"
  fi
}

ensure_layout() {
  make_dir "${OPT}/versions" 0755 root:root
  make_dir "${ETC}" 0750 root:${SERVICE}
  # Weights and manifests: written by IT as root, only read by the service.
  make_dir "${root}/srv/appliance" 0755 root:root
  make_dir "${MODELS}" 0750 root:${SERVICE}
  make_dir "${STATE}" 0750 ${SERVICE}:${SERVICE}
  make_dir "${LOGS}" 0750 ${SERVICE}:${SERVICE}
  make_dir "${LOGS}/audit" 0700 ${SERVICE}:${SERVICE}
}

# Atomic: a new link beside the old one, renamed over it.
switch_link() {
  local link=$1 target=$2
  ln -sfn -- "${target}" "${link}.new"
  mv -Tf -- "${link}.new" "${link}"
}

# Copies the bundle to /opt/appliance/versions/<version>, unless an intact copy is there.
install_version() {
  local version=$1 dest=${OPT}/versions/$1 partial=${OPT}/versions/.$1.partial
  if [[ -d ${dest} ]]; then
    if verify_tree "${dest}" >/dev/null 2>&1; then
      say "${dest} is already installed and intact"
      return 0
    fi
    say "${dest} is incomplete or was changed; installing it again"
  fi
  rm -rf "${partial}"
  cp -R --preserve=mode,timestamps -- "${bundle}" "${partial}"
  # Readable by the service whatever umask the bundle was unpacked with; writable by root only.
  chmod -R u+rwX,go+rX,go-w -- "${partial}"
  if [[ ${manage_system} == true ]]; then
    chown -R root:root "${partial}"
  fi
  if [[ -d ${dest} ]]; then
    mv -T -- "${dest}" "${dest}.old"
    mv -T -- "${partial}" "${dest}"
    rm -rf "${dest}.old"
  else
    mv -T -- "${partial}" "${dest}"
  fi
  say "installed version ${version} in ${dest}"
}

# Config templates are copied only when absent: the box's configuration survives upgrades.
install_config() {
  local source=$1 file target
  for file in "${source}"/config/*; do
    target=${ETC}/$(basename "${file}")
    if [[ -e ${target} ]]; then
      say "kept ${target} (this version's template: ${source}/config/$(basename "${file}"))"
      continue
    fi
    if [[ ${manage_system} == true ]]; then
      install -m 0640 -o root -g "${SERVICE}" -- "${file}" "${target}"
    else
      install -m 0640 -- "${file}" "${target}"
    fi
    say "wrote ${target} from the template"
  done
}

# The unit belongs to the version (replaced every time); the network drop-in belongs to the site.
install_unit() {
  local source=$1
  mkdir -p "${UNIT_DIR}/${UNIT}.d"
  install -m 0644 -- "${source}/systemd/${UNIT}" "${UNIT_DIR}/${UNIT}.new"
  mv -f -- "${UNIT_DIR}/${UNIT}.new" "${UNIT_DIR}/${UNIT}"
  if [[ ! -e ${UNIT_DIR}/${UNIT}.d/network.conf ]]; then
    install -m 0644 -- "${source}/systemd/network.conf" "${UNIT_DIR}/${UNIT}.d/network.conf"
    say "wrote ${UNIT_DIR}/${UNIT}.d/network.conf: list the hospital subnets there"
  fi
}

link_cli() {
  mkdir -p "$(dirname "${CLI_LINK}")"
  switch_link "${CLI_LINK}" "${CLI_TARGET}"
}

record() {
  echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) $*" >>"${OPT}/history"
}

daemon_reload() {
  if [[ ${systemd_running} == true ]]; then
    systemctl daemon-reload
  fi
}

restart_if_running() {
  if [[ ${systemd_running} == true ]] && systemctl is-active --quiet "${UNIT}"; then
    say "restarting ${UNIT} (drains in-flight requests first)"
    systemctl restart "${UNIT}"
    say "${UNIT} is $(systemctl is-active "${UNIT}" || true)"
  elif [[ ${systemd_running} == true ]]; then
    say "${UNIT} is not running; start it with: systemctl start ${SERVICE}"
  fi
}

lock() {
  exec 9>"${OPT}/.install.lock"
  if command -v flock >/dev/null 2>&1; then
    flock -n 9 || fail "another install.sh is running on ${OPT}"
  fi
}

summary() {
  say "current: $(linked_version current)$([[ -n $(linked_version previous) ]] && echo ", previous (for rollback): $(linked_version previous)")"
}

# ---- Actions. ----

do_install() {
  local version current
  verify_bundle
  version=$(bundle_version)
  current=$(linked_version current)
  if [[ -n ${current} && ${current} != "${version}" ]]; then
    fail "version ${current} is installed in ${OPT}; to move to ${version} run: $0 upgrade${root:+ --root ${root}}"
  fi
  install_steps "${version}" "${current}"
}

# Idempotent: each step checks before it changes anything.
install_steps() {
  local version=$1 current=$2
  ensure_user
  ensure_layout
  lock
  install_version "${version}"
  install_config "${OPT}/versions/${version}"
  install_unit "${OPT}/versions/${version}"
  switch_link "${OPT}/current" "versions/${version}"
  link_cli
  if [[ ${systemd_running} == true ]]; then
    systemctl daemon-reload
    systemctl enable --quiet "${UNIT}"
    say "enabled ${UNIT}; stage models in ${MODELS}, then: systemctl start ${SERVICE}"
  elif [[ ${manage_system} == true ]]; then
    say "systemd is not running here: the unit is in ${UNIT_DIR} but was not enabled"
  fi
  [[ -n ${current} ]] || record "install ${version}"
  summary
}

do_upgrade() {
  local version current
  verify_bundle
  version=$(bundle_version)
  current=$(linked_version current)
  [[ -n ${current} ]] || fail "nothing is installed in ${OPT}; run: $0 install${root:+ --root ${root}}"
  if [[ ${current} == "${version}" ]]; then
    say "version ${version} is already the current one; checking the installation"
    install_steps "${version}" "${current}"
    return
  fi

  ensure_user
  ensure_layout
  lock
  install_version "${version}"
  if [[ ${skip_check} == true ]]; then
    say "--skip-config-check: the configuration was not checked against ${version}"
  elif ! check_config "${OPT}/versions/${version}"; then
    record "upgrade ${current} -> ${version} refused: configuration check failed"
    fail "the configuration in ${ETC} does not pass version ${version}'s check (above); nothing was switched, ${current} still runs. Fix it, check again with: ${OPT}/versions/${version}/bin/cli/appliancectl config check --server-binary ${OPT}/versions/${version}/bin/server/Appliance.Server, then run upgrade again"
  fi
  install_config "${OPT}/versions/${version}"
  install_unit "${OPT}/versions/${version}"
  # previous first: if this stops half-way, current and previous both still name the old version.
  switch_link "${OPT}/previous" "versions/${current}"
  switch_link "${OPT}/current" "versions/${version}"
  link_cli
  daemon_reload
  record "upgrade ${current} -> ${version}"
  say "upgraded ${current} -> ${version}; roll back with: ${OPT}/current/install.sh rollback${root:+ --root ${root}}"
  restart_if_running
  summary
}

do_rollback() {
  local current previous
  current=$(linked_version current)
  previous=$(linked_version previous)
  [[ -n ${current} ]] || fail "nothing is installed in ${OPT}"
  [[ -n ${previous} ]] || fail "no previous version is recorded in ${OPT}/previous (rollback undoes an upgrade)"
  [[ -d ${OPT}/versions/${previous} ]] || fail "${OPT}/versions/${previous} is gone; cannot roll back"
  say "verifying ${OPT}/versions/${previous}"
  verify_tree "${OPT}/versions/${previous}" ||
    fail "${OPT}/versions/${previous} does not match its SHA256SUMS (above); reinstall that version's bundle with: install.sh upgrade"

  lock
  install_unit "${OPT}/versions/${previous}"
  switch_link "${OPT}/current" "versions/${previous}"
  switch_link "${OPT}/previous" "versions/${current}"
  link_cli
  daemon_reload
  record "rollback ${current} -> ${previous}"
  say "rolled back ${current} -> ${previous} (run rollback again to return to ${current})"
  restart_if_running
  summary
}

case ${action} in
  install) do_install ;;
  upgrade) do_upgrade ;;
  rollback) do_rollback ;;
  verify)
    verify_bundle
    say "bundle $(bundle_version) is intact"
    ;;
esac
