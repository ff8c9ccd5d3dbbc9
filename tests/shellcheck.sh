#!/usr/bin/env bash
# Lints every shell script of the repository with ShellCheck (Debian package shellcheck;
# tests/install-prerequisites.sh installs it): tracked and new files (not git-ignored ones)
# named *.sh or starting with a sh/bash shebang, e.g. test.sh and .ci/run. test.sh runs it.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v shellcheck >/dev/null 2>&1 ||
  { echo "shellcheck.sh: shellcheck not found; run tests/install-prerequisites.sh" >&2; exit 1; }

scripts=()
while IFS= read -r -d '' file; do
  [[ -f ${file} ]] || continue
  if [[ ${file} == *.sh ]] || head -n 1 "${file}" | grep -qE '^#!.*[/ ](ba)?sh( |$)'; then
    scripts+=("${file}")
  fi
done < <(git ls-files -z --cached --others --exclude-standard)

[[ ${#scripts[@]} -gt 0 ]] || { echo "shellcheck.sh: no scripts found" >&2; exit 1; }
shellcheck --external-sources "${scripts[@]}"
echo "shellcheck.sh: ${#scripts[@]} scripts clean: ${scripts[*]}"
