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
