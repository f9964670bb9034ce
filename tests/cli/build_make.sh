#!/usr/bin/env bash
# build_make.sh — `samc build` with BuildMethod makefile: ARTIFACTS_DIR, the cache (a second
# build runs no make; a changed source or --no-cache does), layers before the functions that
# use them, a failing target, and a missing tool.
set -euo pipefail
. "$(dirname "$0")/lib.bash"
command -v make >/dev/null 2>&1 || { echo "build_make: skipped, no make"; exit 77; }
data=$SAMC_TEST_DATA/build
export COUNTER_FILE=$tmp/counter ORDER_LOG=$tmp/order
runs() { [ -f "$COUNTER_FILE" ] && wc -l <"$COUNTER_FILE" | tr -d ' ' || echo 0; }

proj=$tmp/make
cp -r "$data/makefile" "$proj"
cd "$proj"

# ---- first build runs make once ----
expect_exit 0 "$SAMC" build
expect_out_contains "MakeFunction                     built    provided.al2023 makefile"
[ "$(runs)" = 1 ] && pass || fail "make ran $(runs) times, wanted 1"
[ -x .aws-sam/build/MakeFunction/bootstrap ] && pass || fail "ARTIFACTS_DIR filled"
[ ! -e .aws-sam/build/MakeFunction/Makefile ] && pass || fail "only what make put in ARTIFACTS_DIR"
[ ! -e src/bootstrap ] && pass || fail "make ran in a scratch copy, not in the source"
[ "$(ls .aws-sam/cache | wc -l)" = 1 ] && pass || fail "one cache entry"

# ---- second build: from the cache, make not run ----
expect_exit 0 "$SAMC" build
expect_out_contains "MakeFunction                     cached"
[ "$(runs)" = 1 ] && pass || fail "make ran again on an unchanged source ($(runs) runs)"
cmp -s src/main.sh .aws-sam/build/MakeFunction/bootstrap && pass || fail "cached artifact restored"
[ -x .aws-sam/build/MakeFunction/bootstrap ] && pass || fail "execute bit kept through the cache"

# ---- --no-cache rebuilds ----
expect_exit 0 "$SAMC" build --no-cache
expect_out_contains "MakeFunction                     built"
[ "$(runs)" = 2 ] && pass || fail "--no-cache did not rebuild"

# ---- a changed source rebuilds, and the stale entry goes ----
echo 'echo changed' >> src/main.sh
expect_exit 0 "$SAMC" build
expect_out_contains "MakeFunction                     built"
[ "$(runs)" = 3 ] && pass || fail "a changed source did not rebuild"
[ "$(ls .aws-sam/cache | wc -l)" = 1 ] && pass || fail "stale cache entry removed"
cmp -s src/main.sh .aws-sam/build/MakeFunction/bootstrap && pass || fail "new artifact"

# ---- a changed Makefile rebuilds; an edit under .aws-sam does not count ----
mkdir -p src/.aws-sam && echo x > src/.aws-sam/noise
expect_exit 0 "$SAMC" build
[ "$(runs)" = 3 ] && pass || fail ".aws-sam content changed the key"
printf '\n# a comment\n' >> src/Makefile
expect_exit 0 "$SAMC" build
[ "$(runs)" = 4 ] && pass || fail "a changed Makefile did not rebuild"

# ---- a failing target: exit 1, make's output, no built template ----
printf 'build-MakeFunction:\n\techo about to fail\n\tfalse\n' > src/Makefile
expect_exit 1 "$SAMC" build
expect_err_contains "template.yaml:4:3: MakeFunction: 'make --makefile"
expect_err_contains "about to fail"
[ ! -e .aws-sam/build/template.yaml ] && pass || fail "no built template after a failure"

# ---- a missing tool names itself: exit 3 ----
printf 'build-MakeFunction:\n\ttrue\n' > src/Makefile
expect_exit 3 env PATH=/nonexistent "$SAMC" build --no-cache
expect_err_contains "'make' was not found on PATH"

# ---- layers before the functions that use them (4 workers, layer deliberately slow) ----
layers=$tmp/layers
cp -r "$data/layers" "$layers"
cd "$layers"
expect_exit 0 "$SAMC" build --jobs 4
[ "$(head -n 1 "$ORDER_LOG")" = layer ] && pass || fail "a function was built before its layer: $(tr '\n' ' ' <"$ORDER_LOG")"
[ "$(wc -l <"$ORDER_LOG" | tr -d ' ')" = 3 ] && pass || fail "every resource built once"
[ -f .aws-sam/build/SharedLayer/lib/shared.txt ] && pass || fail "makefile layer laid out by its Makefile"
[ "$(cat .aws-sam/build/First/bootstrap)" = first ] && [ "$(cat .aws-sam/build/Second/bootstrap)" = second ] && pass || fail "functions sharing a folder keep their own targets"
grep -q "ContentUri: SharedLayer" .aws-sam/build/template.yaml && pass || fail "layer ContentUri points at its artifact"
# a failed layer fails its users without building them
: >"$ORDER_LOG"
printf 'build-SharedLayer:\n\tfalse\n' > layer/Makefile
expect_exit 1 "$SAMC" build
expect_err_contains "First: not built: the layer SharedLayer it uses failed"
[ ! -s "$ORDER_LOG" ] && pass || fail "functions built although their layer failed"
# building one function builds its layer too
printf 'build-SharedLayer:\n\techo layer >> "$(ORDER_LOG)"\n' > layer/Makefile
expect_exit 0 "$SAMC" build --no-cache Second
[ "$(tr '\n' ' ' <"$ORDER_LOG")" = "layer Second " ] && pass || fail "LOGICAL_ID with its layer: $(tr '\n' ' ' <"$ORDER_LOG")"
grep -q "CodeUri: ../../fn" .aws-sam/build/template.yaml && pass || fail "unbuilt First keeps its source path"
finish
