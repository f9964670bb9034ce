#!/usr/bin/env bash
# valgrind.sh BUILD_DIR — runs every unit test, `samc transform`/`convert` on every template
# under tests/data and `samc package` on tests/data/package through valgrind (memcheck, leaks
# included); fails on any report.
# Used by tests/run.sh on the Release build (the sanitizer build cannot run under valgrind).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
if ! command -v valgrind >/dev/null; then echo "valgrind: not installed, skipped"; exit 0; fi
vg=(valgrind -q --leak-check=full --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect --error-exitcode=99)
passed=0 failed=0
check() {
  set +e; "${vg[@]}" "$@" >/dev/null 2>"$log"; rc=$?; set -e
  if [ "$rc" = 99 ] || grep -q "==[0-9]*==" "$log"; then
    failed=$((failed + 1)); echo "valgrind: FAIL $*"; sed 's/^/  | /' "$log" | head -40
  else passed=$((passed + 1)); fi
}
log=$(mktemp); out=$(mktemp -d); trap 'rm -rf "$log" "$out"' EXIT
for t in "$build"/tests/test_*; do [ -x "$t" ] && check "$t"; done
while IFS= read -r f; do
  check "$build/samc" transform --error-format json "$f"
  check "$build/samc" convert --to yaml "$f"
done < <(find tests/data examples -name '*.yaml' | sort)
check "$build/samc" package -t tests/data/package/template.yaml --output-dir "$out/package"
echo "valgrind: $passed passed, $failed failed"
[ "$failed" = 0 ]
