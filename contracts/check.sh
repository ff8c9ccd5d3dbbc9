#!/usr/bin/env bash
# Checks the gRPC contract (src/Appliance.Contracts/Protos) with buf, configured by buf.yaml at
# the repository root; test.sh runs it before the .NET build:
#   1. buf lint: the STANDARD rules plus COMMENTS (every service, method, message, field, oneof,
#      enum and enum value documented), except SERVICE_SUFFIX (buf.yaml says why);
#   2. buf breaking against contracts/appliance.v1.binpb, the descriptor set of the last
#      release: a change that would break a client built from that release's .proto files
#      (a removed or renumbered field, a changed type, a removed method...) fails here. Adding
#      fields, messages and methods passes.
# With --write-release it instead rebuilds contracts/appliance.v1.binpb from the current files
# (done at a release, after the checks passed, and committed with it).
set -euo pipefail
cd "$(dirname "$0")"
readonly release=contracts/appliance.v1.binpb

case ${1:-} in
  "") ;;
  --write-release)
    ./buf.sh lint
    ./buf.sh build --output "${release}"
    echo "check.sh: wrote ${release}"
    exit 0
    ;;
  *) echo "usage: contracts/check.sh [--write-release]" >&2; exit 2 ;;
esac

./buf.sh lint
echo "check.sh: buf lint clean"
./buf.sh breaking --against "${release}"
echo "check.sh: no breaking change against ${release}"
