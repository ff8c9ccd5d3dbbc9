#!/usr/bin/env bash
# Validates the shipped HAProxy configurations with `haproxy -c` (Debian's haproxy; test.sh
# runs this, tests/install-prerequisites.sh installs it): haproxy.cfg as a site runs it (TLS
# terminated, with a throwaway certificate made here by openssl) and in its loopback-test form,
# both also routing by model (with examples/: the map and per-model backends that model-backends.sh
# writes, checked to be what it writes now), and haproxy-passthrough.cfg.
set -euo pipefail
cd "$(dirname "$0")"
command -v haproxy >/dev/null 2>&1 ||
  { echo "check.sh: haproxy not found; run tests/install-prerequisites.sh (Debian package haproxy)" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/appliance-lb-check.XXXXXX")
trap 'rm -rf "${work}"' EXIT
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj /CN=lb.check \
  -keyout "${work}/lb.key" -out "${work}/lb.crt" 2>/dev/null
cat "${work}/lb.crt" "${work}/lb.key" >"${work}/lb.pem"

boxes=(
  APPLIANCE_BOX1=10.0.0.1:5443 APPLIANCE_BOX1_CHECK_HOST=10.0.0.1 APPLIANCE_BOX1_CHECK_PORT=9464
  APPLIANCE_BOX2=10.0.0.2:5443 APPLIANCE_BOX2_CHECK_HOST=10.0.0.2 APPLIANCE_BOX2_CHECK_PORT=9464
  APPLIANCE_BOX3=10.0.0.3:5443 APPLIANCE_BOX3_CHECK_HOST=10.0.0.3 APPLIANCE_BOX3_CHECK_PORT=9464
)
# check LABEL "FILE [FILE...]" [VARIABLE=VALUE...]: the files are loaded in order (haproxy -f each).
check() {
  local label=$1 file=$2 files f
  shift 2
  read -ra files <<<"${file}"
  local args=()
  for f in "${files[@]}"; do args+=(-f "${f}"); done
  if ! output=$(env -i PATH="${PATH}" "${boxes[@]}" APPLIANCE_LB_BIND=127.0.0.1:5443 "$@" haproxy -c "${args[@]}" 2>&1); then
    echo "${output}" >&2
    echo "check.sh: FAILED: ${file} (${label})" >&2
    exit 1
  fi
  echo "check.sh: ${file} (${label}) valid"
}
check "TLS terminated" haproxy.cfg APPLIANCE_LB_CERT="${work}/lb.pem" APPLIANCE_BOX_CA="${work}/lb.crt"
check "loopback test" haproxy.cfg APPLIANCE_LB_LOOPBACK_TEST=1
check "TLS passed through" haproxy-passthrough.cfg

# Routing by model: the shipped examples are what the generator writes from haproxy.cfg today.
./model-backends.sh --out "${work}/models" qwen2.5-7b-instruct bge-large-zh-v1.5 >/dev/null
for file in appliance-models.map haproxy-models.cfg; do
  diff -u "examples/${file}" "${work}/models/${file}" >&2 ||
    { echo "check.sh: FAILED: examples/${file} differs from what model-backends.sh writes; run: ./model-backends.sh --out examples qwen2.5-7b-instruct bge-large-zh-v1.5" >&2; exit 1; }
done
models=(APPLIANCE_LB_MODEL_MAP="${PWD}/examples/appliance-models.map")
check "TLS terminated, routed by model" "haproxy.cfg examples/haproxy-models.cfg" "${models[@]}" APPLIANCE_LB_CERT="${work}/lb.pem" APPLIANCE_BOX_CA="${work}/lb.crt"
check "loopback test, routed by model" "haproxy.cfg examples/haproxy-models.cfg" "${models[@]}" APPLIANCE_LB_LOOPBACK_TEST=1
