#!/usr/bin/env bash
# The project's one test command (README "Run the tests"; .ci/run calls it).
# 1. Lints every shell script (tests/shellcheck.sh), checks the Prometheus scrape configuration
#    and alert rules and runs their unit tests (appliance/prometheus/check.sh, with promtool),
#    verifies the systemd unit and its hardening score (appliance/systemd/check.sh), and checks
#    the gRPC contract with buf: lint, and no breaking change against the last release's
#    descriptor set (contracts/check.sh; buf comes from npm, pinned in contracts/); validates the
#    HAProxy configurations with haproxy -c (appliance/lb/check.sh) and the Kubernetes manifests
#    against the Kubernetes schemas offline (appliance/kubernetes/check.sh; npm, pinned there).
# 2. Restores, builds with warnings as errors, and runs every test project: unit tests and the
#    integration tests that start the real server with the real LLamaSharp engine on a
#    synthetic GGUF model the tests generate.
# 3. Builds the offline bundle, installs it into a temporary root and runs the installed
#    server, checks its configuration, refuses an upgrade with a broken one, upgrades, rolls
#    back, uninstalls and refuses a tampered bundle (appliance/bundle/test-bundle.sh; 6 to 8
#    minutes on 2 cores, most of it dotnet publish: two versions, the second recompiling only
#    the server and appliancectl, about 2 minutes).
# Needs the .NET SDK (see global.json), access to the NuGet feed (or a pre-filled package
# cache), the npm registry (or npm's cache) once for buf, and Debian's prometheus, shellcheck,
# systemd, npm and haproxy packages, which
# tests/install-prerequisites.sh installs when they are missing (apt-get, as root or through sudo).
set -euo pipefail
cd "$(dirname "$0")"

tests/install-prerequisites.sh
tests/shellcheck.sh
appliance/prometheus/check.sh
appliance/systemd/check.sh
contracts/check.sh
appliance/lb/check.sh
appliance/kubernetes/check.sh

# Each server the tests start watches its settings, clients.json, model and task folders (one inotify
# instance per watched folder); dozens of servers live at once in the test process, past Linux's
# default of 128 instances per user. One appliance on a box needs about ten; this is the tests' need.
if [ "$(cat /proc/sys/fs/inotify/max_user_instances 2>/dev/null || echo 1024)" -lt 1024 ]; then
  if [ "$(id -u)" -eq 0 ]; then sysctl -qw fs.inotify.max_user_instances=1024 || true
  else sudo -n sysctl -qw fs.inotify.max_user_instances=1024 || echo "warning: fs.inotify.max_user_instances is below 1024; tests that start many servers may fail" >&2; fi
fi

dotnet build Appliance.sln --nologo -clp:ErrorsOnly
dotnet test Appliance.sln --no-build --nologo \
  --logger "console;verbosity=normal" \
  --blame-hang-timeout 5m \
  -- RunConfiguration.TestSessionTimeout=1500000

appliance/bundle/test-bundle.sh
