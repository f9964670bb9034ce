#!/usr/bin/env bash
# Differential test: runs every template under tests/data through samc and through the reference
# translator (aws-sam-translator, in-process Python) in the aws, aws-cn and aws-us-gov partitions and
# compares the results (see differential.py). Skipped (exit 77) when samtranslator is not importable.
# Env (set by tests/CMakeLists.txt): SAMC, SAMC_TEST_DATA, SAMC_SOURCE_DIR.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
: "${SAMC:?set SAMC to the samc binary}"
: "${SAMC_TEST_DATA:=$here/../data}"
command -v python3 >/dev/null 2>&1 || { echo "differential: skipped, no python3"; exit 77; }
exec python3 "$here/differential.py" --samc "$SAMC" --data "$SAMC_TEST_DATA" "$@"
