#!/usr/bin/env bash
# valgrind.sh BUILD_DIR — runs every unit test, `samc transform`/`convert` on every template
# under tests/data, `samc graph` on tests/data/graph and `samc package` on tests/data/package
# through valgrind (memcheck, leaks included); fails on any report.
# Used by tests/run.sh on the Release build (the sanitizer build cannot run under valgrind).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
if ! command -v valgrind >/dev/null; then echo "valgrind: not installed, skipped"; exit 0; fi
vg=(valgrind -q --leak-check=full --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect --error-exitcode=99
    --suppressions=tests/data/init/valgrind.supp)
passed=0 failed=0
check() {
  set +e; "${vg[@]}" "$@" >/dev/null 2>"$log"; rc=$?; set -e
  if [ "$rc" = 99 ] || grep -q "==[0-9]*==" "$log"; then
    failed=$((failed + 1)); echo "valgrind: FAIL $*"; head -40 "$log" | sed 's/^/  | /'
  else passed=$((passed + 1)); fi
}
log=$(mktemp); out=$(mktemp -d); trap 'rm -rf "$log" "$out"' EXIT
for t in "$build"/tests/test_*; do [ -x "$t" ] && check "$t"; done
while IFS= read -r f; do
  check "$build/samc" transform --error-format json "$f"
  check "$build/samc" convert --to yaml "$f"
done < <(find tests/data examples -name '*.yaml' | sort)
for f in tests/data/lint*/*.yaml; do check "$build/samc" validate "$f"; done
for f in tests/data/graph/*.yaml tests/data/lint/cycle_ref.yaml; do
  check "$build/samc" graph --format json "$f"
  check "$build/samc" graph --sam "$f"
done
check "$build/samc" package -t tests/data/package/template.yaml --output-dir "$out/package"
check "$build/samc" build -t tests/data/build/mixed/template.yaml --build-dir "$out/build" --cache-dir "$out/cache"
check "$build/samc" build -t tests/data/build/mixed/template.yaml --build-dir "$out/build" --cache-dir "$out/cache"
check "$build/samc" init --location tests/data/init/basic --no-input -o "$out" --name init-folder
check "$build/samc" init --location tests/data/init/traversal --no-input -o "$out"
check "$build/samc" init --location tests/data/init/badsyntax --no-input -o "$out"
SAMC_TEMPLATES_DIR=tests/data/init/builtin check "$build/samc" init --templates-repo "file://$out/no-repo" \
  --cache-dir "$out/init-cache" --runtime python3.13 --app-template hello-world --name init-builtin -o "$out"
echo "valgrind: $passed passed, $failed failed"
[ "$failed" = 0 ]
