#!/usr/bin/env bash
# The project's one test command (README "Run the tests"; .ci/run calls it).
# Checks the Prometheus scrape configuration and alert rules and runs their unit tests
# (appliance/prometheus/check.sh, with promtool), then restores, builds with warnings as
# errors, and runs every test project: unit tests and the integration tests that start the
# real server with the real LLamaSharp engine on a synthetic GGUF model the tests generate.
# Needs the .NET SDK (see global.json), access to the NuGet feed (or a pre-filled package
# cache), and Debian's prometheus package for promtool, which tests/install-prerequisites.sh
# installs when it is missing (apt-get, as root or through sudo).
set -euo pipefail
cd "$(dirname "$0")"

tests/install-prerequisites.sh
appliance/prometheus/check.sh

dotnet build Appliance.sln --nologo -clp:ErrorsOnly
dotnet test Appliance.sln --no-build --nologo \
  --logger "console;verbosity=normal" \
  --blame-hang-timeout 5m \
  -- RunConfiguration.TestSessionTimeout=1500000
