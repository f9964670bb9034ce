#!/usr/bin/env bash
# Differential test of `samc validate` against cfn-lint 1.51 (lint_diff.py): the templates under
# tests/data/lint*/ and, when ../shared sits beside the source tree, the reference translator's
# corpus inputs, within SAMC_LINT_DIFF_BUDGET seconds (default 60; the corpus is visited in an
# interleaved order so a partial run still spans it; 0 = the whole corpus). Skipped (exit 77)
# when cfnlint is not importable. Env (set by tests/CMakeLists.txt): SAMC, SAMC_TEST_DATA,
# SAMC_SOURCE_DIR.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
: "${SAMC:?set SAMC to the samc binary}"
: "${SAMC_TEST_DATA:=$here/../data}"
: "${SAMC_SOURCE_DIR:=$here/../..}"
: "${SAMC_LINT_DIFF_BUDGET:=60}"
command -v python3 >/dev/null 2>&1 || { echo "lint_diff: skipped, no python3"; exit 77; }
python3 -c 'import cfnlint' >/dev/null 2>&1 || { echo "lint_diff: skipped, no cfnlint"; exit 77; }
exec python3 "$here/lint_diff.py" --samc "$SAMC" --data "$SAMC_TEST_DATA" --source "$SAMC_SOURCE_DIR" \
	--budget "$SAMC_LINT_DIFF_BUDGET" "$@"
