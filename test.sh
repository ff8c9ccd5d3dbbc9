#!/usr/bin/env bash
# The project's one test command (README "Run the tests"; .ci/run calls it).
# Restores, builds with warnings as errors, and runs every test project: unit tests and the
# integration tests that start the real server with the real LLamaSharp engine on a
# synthetic GGUF model the tests generate. Needs only the .NET SDK (see global.json) and
# access to the NuGet feed (or a pre-filled package cache).
set -euo pipefail
cd "$(dirname "$0")"

dotnet build Appliance.sln --nologo -clp:ErrorsOnly
dotnet test Appliance.sln --no-build --nologo \
  --logger "console;verbosity=normal" \
  --blame-hang-timeout 5m \
  -- RunConfiguration.TestSessionTimeout=1500000
