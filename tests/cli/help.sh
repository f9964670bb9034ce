#!/usr/bin/env bash
# help.sh — every command answers --help, and the man pages name the same options.
set -euo pipefail
. "$(dirname "$0")/lib.bash"
man=$SAMC_SOURCE_DIR/man

expect_exit 0 "$SAMC" --help
expect_out_contains "transform"
expect_out_contains "convert"
expect_exit 0 "$SAMC" --version
expect_out_contains "samc "
expect_exit 2 "$SAMC" no-such-command

for cmd in transform convert graph validate package build init deploy delete-stack; do
  expect_exit 0 "$SAMC" "$cmd" --help
  [ -f "$man/samc-$cmd.1" ] && pass || fail "man/samc-$cmd.1 missing"
  for opt in $(grep -o -- '--[a-z][a-z-]*' "$tmp/out" | sort -u); do
    if grep -q -- "${opt//-/\\\\-}" "$man/samc-$cmd.1" || grep -qF -- "$opt" "$man/samc-$cmd.1"; then pass
    else fail "man/samc-$cmd.1 does not document $opt"; fi
  done
done
[ -f "$man/samc.1" ] && pass || fail "man/samc.1 missing"
finish
