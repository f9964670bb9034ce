#!/usr/bin/env bash
# Benchmark (not a test, not run by ctest): times `samc transform` as a process on every success
# input of the conformance corpus (or tests/data/**/*.yaml), N runs each, median; and, when
# samtranslator is importable, the reference translator on the same templates, as a process and
# in-process, with ratios. Nothing is asserted. See bench.py for the details.
# Usage: tests/bench/bench.sh [--samc PATH] [--reps N] [--ref-reps N] [--sample N] [--only SUBSTRING]
#                             [--templates DIR] [--no-reference]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
cd "$repo"  # so a relative --samc (default build/samc) is taken from the repository root
exec python3 "$here/bench.py" "$@"
