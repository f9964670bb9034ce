# lib.sh — assertions shared by the CLI tests (sourced, not run by ctest: no .sh test name).
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
pass() { passes=$((passes + 1)); }
failures=0
passes=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# expect_exit CODE CMD...: runs CMD, stores stdout/stderr in $tmp/out and $tmp/err
expect_exit() {
  local want=$1; shift
  set +e; "$@" >"$tmp/out" 2>"$tmp/err"; local got=$?; set -e
  if [ "$got" = "$want" ]; then pass; else fail "exit $got, wanted $want: $*"; sed 's/^/  | /' "$tmp/err" >&2; fi
}
expect_out_contains() { if grep -qF -- "$1" "$tmp/out"; then pass; else fail "stdout lacks '$1'"; fi; }
expect_err_contains() { if grep -qF -- "$1" "$tmp/err"; then pass; else fail "stderr lacks '$1'"; sed 's/^/  | /' "$tmp/err" >&2; fi; }
finish() { echo "$passes passed, $failures failed"; [ "$failures" = 0 ]; }

# Bounds for hostile inputs. SAMC_BOUNDS: "strict" (default: wall time and peak RSS asserted),
# "relaxed" (sanitizer builds, set by tests/CMakeLists.txt: time bounds x4, peak RSS not
# asserted, ASan's shadow memory would dominate it) or "off" (the valgrind label: neither).
bounds=${SAMC_BOUNDS:-strict}
peak_kb=0
elapsed_ms=0
# expect_bounded CODE SECONDS MAX_KB CMD...: expect_exit CODE CMD..., then the run took at most
# SECONDS of wall time and at most MAX_KB KB of peak RSS (0: not asserted; needs GNU time).
expect_bounded() {
  local want=$1 secs=$2 max_kb=$3; shift 3
  local start; start=$(date +%s%N)
  if [ "$bounds" = strict ] && [ "$max_kb" != 0 ] && [ -x /usr/bin/time ]; then
    expect_exit "$want" /usr/bin/time -q -f %M -o "$tmp/peak_kb" "$@"
    peak_kb=$(tail -n 1 "$tmp/peak_kb")
    if [ "$peak_kb" -le "$max_kb" ]; then pass; else fail "peak RSS ${peak_kb} KB > ${max_kb} KB: $*"; fi
  else
    expect_exit "$want" "$@"
  fi
  elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
  local limit_ms=$((secs * 1000))
  [ "$bounds" = relaxed ] && limit_ms=$((limit_ms * 4))
  if [ "$bounds" = off ] || [ "$elapsed_ms" -le "$limit_ms" ]; then pass
  else fail "took ${elapsed_ms} ms > ${limit_ms} ms: $*"; fi
}
