#!/usr/bin/env bash
# End-to-end test of the offline bundle, run by test.sh (and by hand). In a temporary folder:
#   1. build.sh publishes and packages versions 1 and 2; the second publish recompiles only the
#      server and appliancectl, which carry the version (and --no-publish under another version
#      is refused: the binaries would name the wrong one);
#   2. install.sh --root installs version 1 into an empty folder, twice (idempotent);
#   3. the INSTALLED server starts from there on free loopback ports (Production profile, the
#      site config written to the root's etc/appliance, the demo model, the audit log in the
#      root's var/log/appliance/audit), and the INSTALLED appliancectl waits for health and
#      runs a Generate; SIGTERM stops it cleanly;
#      `status`, appliance_build_info, the start-up line and `appliancectl --version` name the
#      version; `appliancectl config check` passes the site config and names a misspelt key and a
#      clients.json missing a comma on the right line;
#   4. an upgrade with a broken config refuses to switch; upgrade to version 2 keeps the config
#      (with a marker key) and the audit files; the upgraded server serves, names version 2 and
#      continues the audit chain;
#   5. rollback returns `current` to version 1;
#   6. uninstall keeps config, audit files and the version history and removes the programs;
#      --purge without a terminal or --yes refuses; with --yes it removes the rest;
#   7. a bundle with a changed, an extra or a missing file makes install.sh fail before it
#      creates anything in an empty root.
# Prints how long each stage took. KEEP_WORK=1 keeps the temporary folder for a post-mortem.
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
readonly repo
work=$(mktemp -d "${TMPDIR:-/tmp}/appliance-bundle-test.XXXXXX")
readonly work
readonly root=${work}/root
readonly v1=0.0.0-bundletest.1
readonly v2=0.0.0-bundletest.2
server_pid=""
server_log=""
timings=""

say() { echo "test-bundle.sh: $*"; }
fail() {
  echo "test-bundle.sh: FAILED: $*" >&2
  if [[ -n ${server_log} && -f ${server_log} ]]; then
    echo "---- last lines of ${server_log} ----" >&2
    tail -n 40 "${server_log}" >&2
  fi
  exit 1
}

cleanup() {
  if [[ -n ${server_pid} ]] && kill -0 "${server_pid}" 2>/dev/null; then
    kill -KILL "${server_pid}" 2>/dev/null || true
  fi
  if [[ ${KEEP_WORK:-0} == 1 ]]; then
    echo "test-bundle.sh: kept ${work}"
  else
    rm -rf "${work}"
  fi
}
trap cleanup EXIT

# stage NAME COMMAND...: runs a stage and records its duration.
stage() {
  local name=$1 started=${SECONDS}
  shift
  say "---- ${name}"
  "$@"
  timings+=$(printf '%-48s %4d s' "${name}" $((SECONDS - started)))$'\n'
}

assert_link() {
  local link=$1 expected=$2 actual
  actual=$(readlink "${link}" 2>/dev/null) || fail "${link} is not a link"
  [[ ${actual} == "${expected}" ]] || fail "${link} -> ${actual}, expected ${expected}"
}

assert_mode() {
  local path=$1 expected=$2 actual
  actual=$(stat -c %a "${path}")
  [[ ${actual} == "${expected}" ]] || fail "${path} has mode ${actual}, expected ${expected}"
}

# A TCP port nobody listens on or talks from (from /proc/net/tcp*, no extra tools).
free_port() {
  local port hex
  while true; do
    port=$((20000 + RANDOM % 40000))
    printf -v hex '%04X' "${port}"
    if ! grep -qi ":${hex} " /proc/net/tcp /proc/net/tcp6 2>/dev/null; then
      echo "${port}"
      return
    fi
  done
}

# Sums of the files under a folder, to prove an operation left them alone.
sums_of() {
  (cd "$1" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum)
}

ctl() {
  "${root}/usr/local/bin/appliancectl" --server "http://127.0.0.1:${grpc_port}" --api-key-file "${work}/bundle-test.key" "$@"
}

# ---- 1. Build: publish once, package twice. ----

build_bundles() {
  "${repo}/appliance/bundle/build.sh" --output "${work}/out" --publish-dir "${work}/publish" \
    --version "${v1}" --gzip-level 1
}

package_again() {
  if "${repo}/appliance/bundle/build.sh" --output "${work}/out" --publish-dir "${work}/publish" \
    --version "${v2}" --gzip-level 1 --no-publish >"${work}/no-publish.out" 2>&1; then
    fail "build.sh packaged binaries published as ${v1} under version ${v2}"
  fi
  grep -q "was published as version '${v1}'" "${work}/no-publish.out" || fail "build.sh refused --no-publish without saying why: $(cat "${work}/no-publish.out")"
  "${repo}/appliance/bundle/build.sh" --output "${work}/out" --publish-dir "${work}/publish-2" \
    --version "${v2}" --gzip-level 1
}

check_archives() {
  local v archive manifest
  (cd "${work}/out" && sha256sum --check --quiet ./*.tar.gz.sha256) || fail "archive checksums"
  for v in "${v1}" "${v2}"; do
    archive=${work}/out/appliance-${v}-linux-x64.tar.gz
    mkdir -p "${work}/b-${v}"
    tar -xzf "${archive}" -C "${work}/b-${v}"
    manifest=${work}/b-${v}/appliance-${v}-linux-x64/MANIFEST
    grep -qx "version: ${v}" "${manifest}" || fail "MANIFEST of ${v} names another version"
    grep -qx "llama_backend: Cpu" "${manifest}" || fail "MANIFEST of ${v} lacks llama_backend: Cpu"
    grep -qE '^commit: [0-9a-f]{40}' "${manifest}" || fail "MANIFEST of ${v} lacks the commit"
    say "$(basename "${archive}"): $(($(stat -c %s "${archive}") / 1048576)) MiB; $(grep -E '^(files|size):' "${manifest}" | tr '\n' ' ')"
  done
  local bundle=${work}/b-${v1}/appliance-${v1}-linux-x64 f
  for f in install.sh uninstall.sh MANIFEST SHA256SUMS RUNBOOK.md README.md bin/server/Appliance.Server bin/cli/appliancectl \
    systemd/appliance.service systemd/network.conf config/appsettings.Production.json \
    prometheus/prometheus.yml prometheus/rules/appliance.rules.yml grafana/dashboards/appliance.json \
    grafana/provisioning/dashboards/appliance.yml models/README.md; do
    [[ -f ${bundle}/${f} ]] || fail "the bundle lacks ${f}"
  done
  check_fleet_files "${bundle}"
  check_contracts "${bundle}"
  if find "${bundle}/models" -type f ! -name '*.json' ! -name '*.md' | grep -q .; then
    fail "the bundle's models/ holds more than manifests and docs"
  fi
  if grep -q 'Allow\(LoopbackPlaintext\|Anonymous\)' "${bundle}/config/"*; then
    fail "a production config template turns on plaintext or anonymous access"
  fi
}

# Beyond one box: appliance/lb and appliance/kubernetes as in the source tree (configurations,
# READMEs, check scripts, the Containerfile), each listed in MANIFEST; the check's node_modules not.
check_fleet_files() {
  local bundle=$1 dir file count
  for dir in lb kubernetes; do
    count=0
    while IFS= read -r -d '' file; do
      cmp -s "${repo}/appliance/${dir}/${file}" "${bundle}/${dir}/${file}" || fail "the bundle lacks ${dir}/${file} (or holds another version of it)"
      grep -qE " ${dir}/${file}\$" "${bundle}/MANIFEST" || fail "MANIFEST does not list ${dir}/${file}"
      count=$((count + 1))
    done < <(cd "${repo}/appliance/${dir}" && git ls-files -z)
    ((count > 3)) || fail "appliance/${dir} lists only ${count} files in git"
  done
  [[ -x ${bundle}/lb/check.sh && -x ${bundle}/kubernetes/check.sh ]] || fail "the bundle's lb/check.sh or kubernetes/check.sh is not executable"
  if find "${bundle}/kubernetes" -name node_modules | grep -q .; then
    fail "the bundle ships kubernetes/check/node_modules"
  fi
}

# The gRPC contract: every .proto file as in the source tree, and the descriptor set of exactly
# those files, each listed in MANIFEST and SHA256SUMS.
check_contracts() {
  local bundle=$1 protos=${repo}/src/Appliance.Contracts/Protos file count=0
  while IFS= read -r -d '' file; do
    cmp -s "${protos}/${file}" "${bundle}/contracts/${file}" || fail "the bundle lacks contracts/${file} (or holds another version of it)"
    grep -qE " contracts/${file}\$" "${bundle}/MANIFEST" || fail "MANIFEST does not list contracts/${file}"
    grep -qE "  contracts/${file}\$" "${bundle}/SHA256SUMS" || fail "SHA256SUMS does not list contracts/${file}"
    count=$((count + 1))
  done < <(cd "${protos}" && find . -type f -name '*.proto' -printf '%P\0')
  [[ -f ${bundle}/contracts/grpc/health/v1/health.proto ]] || fail "the bundle lacks the grpc.health.v1 proto"
  "${repo}/contracts/buf.sh" build --output "${work}/contract.binpb"
  cmp -s "${work}/contract.binpb" "${bundle}/contracts/appliance.v1.binpb" ||
    fail "contracts/appliance.v1.binpb is not the descriptor set of the bundle's .proto files"
  grep -qE '  contracts/appliance\.v1\.binpb$' "${bundle}/SHA256SUMS" || fail "SHA256SUMS does not list contracts/appliance.v1.binpb"
  say "contracts: ${count} .proto files and their descriptor set"
}

# ---- 2. Install. ----

install_v1() {
  mkdir "${root}"
  "${work}/b-${v1}/appliance-${v1}-linux-x64/install.sh" --root "${root}"
  assert_link "${root}/opt/appliance/current" "versions/${v1}"
  [[ -x $(readlink -f "${root}/usr/local/bin/appliancectl") ]] || fail "appliancectl link does not resolve"
  [[ -f ${root}/etc/appliance/appsettings.Production.json ]] || fail "config template not installed"
  [[ -f ${root}/etc/systemd/system/appliance.service ]] || fail "unit not installed"
  [[ -f ${root}/etc/systemd/system/appliance.service.d/network.conf ]] || fail "network drop-in not installed"
  assert_mode "${root}/etc/appliance" 750
  assert_mode "${root}/srv/appliance/models" 750
  assert_mode "${root}/var/lib/appliance" 750
  assert_mode "${root}/var/log/appliance/audit" 700

  # Idempotent: a second run changes nothing.
  local before after
  before=$(cd "${root}" && find . -printf '%p %m %s %l\n' | LC_ALL=C sort)
  "${work}/b-${v1}/appliance-${v1}-linux-x64/install.sh" --root "${root}"
  after=$(cd "${root}" && find . -printf '%p %m %s %l\n' | LC_ALL=C sort)
  [[ ${before} == "${after}" ]] || fail "a second install changed the root: $(diff <(echo "${before}") <(echo "${after}") || true)"
}

# ---- 3. Run the installed server. ----

write_site_config() {
  grpc_port=$(free_port)
  metrics_port=$(free_port)
  while [[ ${metrics_port} == "${grpc_port}" ]]; do metrics_port=$(free_port); done
  # What a site would set, pointed into the root. The test-only switches (demo model,
  # plaintext on loopback) come from the environment in start_server. The calling system is
  # registered as IT would: the installed appliancectl makes a key, clients.json holds its hash.
  local keys
  keys=$("${root}/usr/local/bin/appliancectl" keys new --client bundle-test) || fail "appliancectl keys new failed"
  (umask 077 && grep -Eo 'apk_[A-Za-z0-9_-]+' <<<"${keys}" | head -n 1 >"${work}/bundle-test.key")
  [[ -s ${work}/bundle-test.key ]] || fail "appliancectl keys new printed no key"
  cat >"${root}/etc/appliance/clients.json" <<EOF
{ "Appliance": { "Clients": { "bundle-test": {
  "ApiKeyHashes": [ "$(grep -Eo 'hmac-sha256\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+' <<<"${keys}" | head -n 1)" ],
  "AllowedModels": [ "*" ] } } } }
EOF
  cat >"${root}/etc/appliance/appsettings.Production.json" <<EOF
{
  "BundleTestMarker": "kept-${RANDOM}${RANDOM}",
  "Kestrel": { "Endpoints": { "Grpc": { "Url": "http://127.0.0.1:${grpc_port}", "Protocols": "Http2" } } },
  "Appliance": {
    "Metrics": { "Enabled": true, "Address": "127.0.0.1", "Port": ${metrics_port} },
    "Models": {
      "ManifestDirectories": [ "${root}/srv/appliance/models" ],
      "CacheDirectory": "${root}/var/lib/appliance/cache"
    },
    "Audit": { "Directory": "${root}/var/log/appliance/audit" },
    "Security": { "AllowLoopbackPlaintext": true },
    "Scheduler": { "DrainTimeout": "00:00:10" }
  }
}
EOF
}

# appliancectl config check (the installed server's own start-up validation) on the site config,
# then on a copy with a misspelt key and a clients.json missing a comma on line 3.
check_config() {
  local out copy=${work}/config-broken
  out=$("${root}/usr/local/bin/appliancectl" config check --config-dir "${root}/etc/appliance" 2>&1) ||
    fail "config check refused the site config: ${out}"
  grep -q 'configuration OK' <<<"${out}" || fail "config check did not say OK: ${out}"
  rm -rf "${copy}" && cp -R "${root}/etc/appliance" "${copy}"
  sed -i 's/"DrainTimeout"/"DrainTimout"/' "${copy}/appsettings.Production.json"
  printf '{ "Appliance": { "Clients": {\n  "bundle-test": {\n    "AllowedModels": [ "*" ]\n    "ApiKeyHashes": [ ]\n} } } }\n' >"${copy}/clients.json"
  local rc=0
  out=$("${root}/usr/local/bin/appliancectl" config check --config-dir "${copy}" 2>&1) || rc=$?
  [[ ${rc} -eq 1 ]] || fail "config check of a broken config exited ${rc}: ${out}"
  grep -q 'Appliance:Scheduler:DrainTimout: unknown key (did you mean Appliance:Scheduler:DrainTimeout?)' <<<"${out}" ||
    fail "config check did not name the misspelt key: ${out}"
  grep -q "clients.json: malformed JSON at line 3, position 29: a ',' is missing at the end of this line" <<<"${out}" ||
    fail "config check did not put the missing comma on line 3: ${out}"
  say "config check: the site config passes; a typo and a missing comma (line 3) are named"
}

# The running version, as the start-up line, appliance_build_info, `status` and --version report it.
check_version() {
  local version=$1 log=$2 out
  grep -q "Appliance ${version} (commit [0-9a-f]\{40\}" "${log}" || fail "the start-up line does not name version ${version}"
  out=$(curl -fsS "http://127.0.0.1:${metrics_port}/metrics") || fail "the metrics page did not answer"
  grep -q "^appliance_build_info{version=\"${version}\"" <<<"${out}" || fail "appliance_build_info does not say ${version}"
  out=$(ctl status --metrics "http://127.0.0.1:${metrics_port}" --interval 0.2 2>&1) || fail "status failed: ${out}"
  grep -q "^Appliance ${version} (" <<<"${out}" || fail "status does not name version ${version}: ${out}"
  out=$("${root}/usr/local/bin/appliancectl" --version)
  [[ ${out} == "${version}"* ]] || fail "appliancectl --version says '${out}', expected ${version}"
  say "version ${version}: start-up line, appliance_build_info, status and appliancectl --version agree"
}

# Starts the installed server as the unit does: from the content root, Production profile,
# with a HOME of its own that must stay empty (nothing written outside the configured folders:
# ONNX Runtime's telemetry would write a device id and an event queue under ~/.cache).
start_server() {
  server_log=$1
  server_home="${work}/server-home"
  rm -rf "${server_home}" && mkdir -p "${server_home}"
  (
    cd "${root}/opt/appliance/current/bin/server"
    exec env -u XDG_CACHE_HOME HOME="${server_home}" ASPNETCORE_ENVIRONMENT=Production APPLIANCE_CONFIG_DIR="${root}/etc/appliance" \
      Appliance__Models__DemoModel=true \
      Appliance__Security__AllowLoopbackPlaintext=true \
      ./Appliance.Server
  ) >"${server_log}" 2>&1 &
  server_pid=$!
}

stop_server() {
  local rc=0
  kill -TERM "${server_pid}"
  # ShutdownGracePeriod 5 s + DrainTimeout 10 s + 5 s host shutdown timeout, plus slack for a loaded CI box.
  for _ in $(seq 1 60); do
    kill -0 "${server_pid}" 2>/dev/null || break
    sleep 0.5
  done
  kill -0 "${server_pid}" 2>/dev/null && fail "the server did not stop within 30 s of SIGTERM"
  wait "${server_pid}" || rc=$?
  server_pid=""
  [[ ${rc} -eq 0 ]] || fail "the server exited with ${rc} after SIGTERM"
}

serve_and_generate() {
  local log=$1 version=$2 out
  start_server "${log}"
  ctl health --wait 180 || fail "the installed server did not become SERVING"
  check_version "${version}" "${log}"
  out=$(ctl generate --model appliance-demo --max-tokens 8 --temperature 0 "患者主诉胸痛三天" 2>&1) ||
    fail "Generate failed: ${out}"
  grep -q 'finish: length' <<<"${out}" || fail "Generate did not finish with length: ${out}"
  say "Generate: $(grep 'finish:' <<<"${out}")"
  out=$(ctl embed --model all-minilm-l6-v2 "患者主诉胸痛三天" 2>&1) || fail "Embed failed: ${out}"
  say "Embed (ONNX Runtime): $(head -n 1 <<<"${out}")"
  grep -q "Content root path: ${root}/opt/appliance/versions/" "${log}" ||
    fail "the server did not run from the installed version folder"
  stop_server
  local written
  written=$(find "${server_home}" -mindepth 1 | head -n 20)
  [[ -z ${written} ]] || fail "the server wrote outside its configured folders, under its HOME: ${written}"
  # The audit log is where the site config put it and its chain is whole.
  compgen -G "${root}/var/log/appliance/audit/audit-*.jsonl" >/dev/null || fail "no audit file"
  ctl audit verify "${root}"/var/log/appliance/audit/audit-*.jsonl || fail "audit verify"
}

run_installed() {
  write_site_config
  check_config
  serve_and_generate "${work}/server-v1.log" "${v1}"
}

# ---- 4. Upgrade, 5. rollback. ----

upgrade_to_v2() {
  # A configuration that version 2 would not start with: the upgrade refuses to switch.
  cp "${root}/etc/appliance/appsettings.Production.json" "${work}/config-good"
  sed -i 's/"DrainTimeout"/"DrainTimout"/' "${root}/etc/appliance/appsettings.Production.json"
  local out
  if out=$("${work}/b-${v2}/appliance-${v2}-linux-x64/install.sh" upgrade --root "${root}" 2>&1); then
    fail "upgrade switched despite a broken configuration: ${out}"
  fi
  grep -q 'DrainTimout: unknown key' <<<"${out}" || fail "the refused upgrade did not name the key: ${out}"
  grep -q 'nothing was switched' <<<"${out}" || fail "the refused upgrade did not say nothing was switched: ${out}"
  assert_link "${root}/opt/appliance/current" "versions/${v1}"
  grep -q "refused: configuration check failed" "${root}/opt/appliance/history" || fail "history lacks the refused upgrade"
  cp "${work}/config-good" "${root}/etc/appliance/appsettings.Production.json"
  say "an upgrade with a misspelt key refused to switch; ${v1} stays current"

  cp "${root}/etc/appliance/appsettings.Production.json" "${work}/config-before"
  local audit_before
  audit_before=$(sums_of "${root}/var/log/appliance/audit")
  "${work}/b-${v2}/appliance-${v2}-linux-x64/install.sh" upgrade --root "${root}"
  assert_link "${root}/opt/appliance/current" "versions/${v2}"
  assert_link "${root}/opt/appliance/previous" "versions/${v1}"
  [[ -d ${root}/opt/appliance/versions/${v1} ]] || fail "upgrade removed the previous version"
  cmp -s "${work}/config-before" "${root}/etc/appliance/appsettings.Production.json" ||
    fail "upgrade changed /etc/appliance/appsettings.Production.json"
  grep -q BundleTestMarker "${root}/etc/appliance/appsettings.Production.json" || fail "config marker lost"
  [[ $(sums_of "${root}/var/log/appliance/audit") == "${audit_before}" ]] || fail "upgrade changed the audit files"
  [[ $(readlink -f "${root}/usr/local/bin/appliancectl") == "${root}/opt/appliance/versions/${v2}/bin/cli/appliancectl" ]] ||
    fail "appliancectl does not point at ${v2}"

  # The upgraded server serves and continues the same audit chain.
  serve_and_generate "${work}/server-v2.log" "${v2}"
  local sequence
  sequence=$(sed -n 's/.*chain continues at sequence \([0-9]*\).*/\1/p' "${work}/server-v2.log" | head -n 1)
  [[ ${sequence:-0} -gt 1 ]] || fail "the upgraded server did not continue the audit chain (sequence '${sequence}')"
  say "the upgraded server continued the audit chain at sequence ${sequence}"
}

rollback_to_v1() {
  "${root}/opt/appliance/current/install.sh" rollback --root "${root}"
  assert_link "${root}/opt/appliance/current" "versions/${v1}"
  assert_link "${root}/opt/appliance/previous" "versions/${v2}"
  [[ $(readlink -f "${root}/usr/local/bin/appliancectl") == "${root}/opt/appliance/versions/${v1}/bin/cli/appliancectl" ]] ||
    fail "appliancectl does not point at ${v1} after rollback"
  grep -q "rollback ${v2} -> ${v1}" "${root}/opt/appliance/history" || fail "history lacks the rollback"
}

# ---- 6. Uninstall. ----

uninstall_keeps_data() {
  local audit_before
  audit_before=$(sums_of "${root}/var/log/appliance/audit")
  cp "${root}/etc/appliance/appsettings.Production.json" "${work}/config-before"
  "${root}/opt/appliance/current/uninstall.sh" --root "${root}"
  [[ -z $(find "${root}/opt/appliance" -mindepth 1 ! -name history) ]] || fail "uninstall left programs in /opt/appliance"
  grep -q "upgrade ${v1} -> ${v2}" "${root}/opt/appliance/history" || fail "uninstall did not keep /opt/appliance/history"
  grep -q " uninstall$" "${root}/opt/appliance/history" || fail "history lacks the uninstall"
  [[ ! -e ${root}/etc/systemd/system/appliance.service ]] || fail "uninstall left the unit"
  [[ ! -L ${root}/usr/local/bin/appliancectl ]] || fail "uninstall left the appliancectl link"
  cmp -s "${work}/config-before" "${root}/etc/appliance/appsettings.Production.json" ||
    fail "uninstall changed or removed the config"
  [[ $(sums_of "${root}/var/log/appliance/audit") == "${audit_before}" ]] || fail "uninstall changed the audit files"
  [[ -d ${root}/var/lib/appliance && -d ${root}/srv/appliance/models ]] || fail "uninstall removed data folders"

  local out
  if out=$("${work}/b-${v1}/appliance-${v1}-linux-x64/uninstall.sh" --root "${root}" --purge </dev/null 2>&1); then
    fail "uninstall --purge deleted without a confirmation"
  fi
  grep -q 'add --yes' <<<"${out}" || fail "uninstall --purge refused without saying how to confirm: ${out}"
  [[ -d ${root}/var/log/appliance/audit ]] || fail "an unconfirmed --purge removed the audit log"
  "${work}/b-${v1}/appliance-${v1}-linux-x64/uninstall.sh" --root "${root}" --purge --yes
  local left
  left=$(cd "${root}" && find . -name '*appliance*')
  [[ -z ${left} ]] || fail "uninstall --purge left: ${left}"
}

# ---- 7. A tampered bundle installs nothing. ----

expect_refused() {
  local what=$1 bundle=$2 target=${work}/empty-root out
  rm -rf "${target}"
  mkdir "${target}"
  if out=$("${bundle}/install.sh" --root "${target}" 2>&1); then
    fail "install.sh accepted a bundle with ${what}"
  fi
  grep -q 'nothing was installed' <<<"${out}" || fail "install.sh refused ${what} without saying why: ${out}"
  [[ -z $(ls -A "${target}") ]] || fail "install.sh created files despite ${what}: $(ls -A "${target}")"
  say "refused a bundle with ${what}: $(grep -m1 -E 'FAILED|not list|No such' <<<"${out}" || true)"
}

tampered_bundles() {
  local bundle=${work}/b-${v1}/appliance-${v1}-linux-x64 file
  file=${bundle}/bin/server/appsettings.json
  cp "${file}" "${work}/saved"
  echo ' ' >>"${file}"
  expect_refused "a changed file" "${bundle}"
  cp "${work}/saved" "${file}"

  printf '#!/bin/sh\n' >"${bundle}/bin/server/extra-tool"
  chmod +x "${bundle}/bin/server/extra-tool"
  expect_refused "an unlisted executable" "${bundle}"
  rm "${bundle}/bin/server/extra-tool"

  mv "${bundle}/bin/cli/appliancectl" "${work}/saved"
  expect_refused "a missing file" "${bundle}"
  mv "${work}/saved" "${bundle}/bin/cli/appliancectl"
}

total_started=${SECONDS}
stage "build: publish + package ${v1}" build_bundles
stage "build: publish + package ${v2} (server and CLI recompiled)" package_again
stage "archives: checksums, MANIFEST, contents" check_archives
stage "install ${v1} into --root (twice)" install_v1
stage "installed server: health + Generate + audit" run_installed
stage "upgrade to ${v2}, serve again" upgrade_to_v2
stage "rollback to ${v1}" rollback_to_v1
stage "uninstall (keeps data), then --purge" uninstall_keeps_data
stage "tampered bundles refused" tampered_bundles

say "all stages passed in $((SECONDS - total_started)) s:"
printf '%s' "${timings}"
