#!/usr/bin/env bash
# Differential test of rule family 3: where cfn-lint 1.51 reports a resource property error
# (E3002 E3003 E3006 E3012 E3030) in a template under tests/data/lint*/, samc validate must
# report a schema finding (E3001-E3005) on the same line (see lint_diff.py). Skipped (exit 77)
# when cfnlint is not importable. Env (set by tests/CMakeLists.txt): SAMC, SAMC_TEST_DATA.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
: "${SAMC:?set SAMC to the samc binary}"
: "${SAMC_TEST_DATA:=$here/../data}"
command -v python3 >/dev/null 2>&1 || { echo "lint_diff: skipped, no python3"; exit 77; }
python3 -c 'import cfnlint' >/dev/null 2>&1 || { echo "lint_diff: skipped, no cfnlint"; exit 77; }
exec python3 "$here/lint_diff.py" --samc "$SAMC" --data "$SAMC_TEST_DATA" "$@"
