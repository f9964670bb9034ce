#!/usr/bin/env bash
# valgrind.sh — the test suite under valgrind memcheck (leaks included, known library leaks in
# tests/data/init/valgrind.supp); any report fails. The ctest label "valgrind" (tests/CMakeLists.txt,
# Release builds) calls the modes below; run by hand, it runs that label.
#   valgrind.sh BUILD_DIR [CTEST ARGS]  ctest -L valgrind in BUILD_DIR, configured with
#                                       -DSAMC_VALGRIND_TESTS=ON first (what tests/run.sh does)
#   valgrind.sh --run PROGRAM ARGS...   one program (a unit test) under valgrind
#   valgrind.sh --cli SCRIPT            a CLI test with $SAMC wrapped in valgrind; fails when any
#                                       run of it reported an error or a leak
#   valgrind.sh --sweep SAMC            transform of every template under tests/data and examples,
#                                       validate of tests/data/lint*, graph of tests/data/graph
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
supp=$root/tests/data/init/valgrind.supp
vg=("$(command -v valgrind || echo valgrind)" -q --leak-check=full --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect
    --error-exitcode=99 --suppressions="$supp")

have_valgrind() {
  command -v valgrind >/dev/null && return 0
  echo "valgrind: not installed, skipped"
  return 1
}

# write_wrapper FILE LOGS PROGRAM: FILE runs PROGRAM under valgrind, a log per process in LOGS;
# absolute paths only, as tests run samc with PATH emptied.
write_wrapper() {
  {
    echo "#!$(command -v bash)"
    printf 'exec'; printf ' %q' "${vg[@]}"; printf ' --log-file=%q/%%p.log' "$2"; printf ' %q "$@"\n' "$3"
  } >"$1"
  chmod +x "$1"
}

# Prints the reports left in the log folder; fails when there is one.
check_logs() {
  local found=0 f
  for f in "$1"/*.log; do
    [ -s "$f" ] || continue
    found=1
    echo "valgrind report ($f):"; head -60 "$f" | sed 's/^/  | /'
  done
  [ "$found" = 0 ]
}

run_cli() {
  local script=$1 rc
  [ -n "${SAMC:-}" ] || { echo "valgrind.sh --cli: SAMC is not set" >&2; exit 2; }
  logs=$(mktemp -d)
  trap 'rm -rf "$logs"' EXIT
  write_wrapper "$logs/samc" "$logs" "$SAMC"
  set +e
  SAMC=$logs/samc SAMC_BOUNDS=off bash "$script"
  rc=$?
  set -e
  if ! check_logs "$logs" && [ "$rc" = 0 ]; then rc=1; fi
  exit "$rc"
}

sweep() {
  local samc=$1 logs passed=0 failed=0
  sweep_dir=$(mktemp -d); logs=$sweep_dir/logs; mkdir "$logs"
  trap 'rm -rf "$sweep_dir"' EXIT
  local out=$sweep_dir
  write_wrapper "$out/samc" "$logs" "$samc"
  check() {
    "$@" >/dev/null 2>&1 || true
    if check_logs "$logs"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "  in: $*"; fi
    rm -f "$logs"/*.log
  }
  cd "$root"
  while IFS= read -r f; do
    check "$out/samc" transform --error-format json "$f"
  done < <(find tests/data examples -name '*.yaml' | sort)
  for f in tests/data/lint*/*.yaml; do check "$out/samc" validate "$f"; done
  for f in tests/data/graph/*.yaml tests/data/lint/cycle_ref.yaml; do
    check "$out/samc" graph --format json "$f"
    check "$out/samc" graph --sam "$f"
  done
  echo "valgrind sweep: $passed runs clean, $failed with reports"
  [ "$failed" = 0 ]
}

case ${1:-} in
  --run) shift; have_valgrind || exit 77; exec "${vg[@]}" "$@" ;;
  --cli) have_valgrind || exit 77; run_cli "$2" ;;
  --sweep) have_valgrind || exit 77; sweep "$2" ;;
  -h|--help|"") sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *)
    have_valgrind || exit 0
    build=$1; shift
    # the label exists once the build is configured with it
    cmake -S "$root" -B "$build" -DSAMC_VALGRIND_TESTS=ON >/dev/null
    ctest --test-dir "$build" -L valgrind --output-on-failure -j"$(nproc 2>/dev/null || echo 2)" "$@" ;;
esac
