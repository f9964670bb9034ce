#!/usr/bin/env bash
# limits.sh — hostile inputs get a clear error and exit 1, fast, never a crash: alias bombs,
# deep nesting, invalid UTF-8, NUL bytes, non-mapping documents, empty files (more in hostile.sh).
set -euo pipefail
. "$(dirname "$0")/lib.bash"

# billion laughs: 9 levels of 10 aliases
{
  echo 'a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]'
  for i in 1 2 3 4 5 6 7 8 9; do
    p=$((i - 1))
    echo "a$i: &a$i [*a$p, *a$p, *a$p, *a$p, *a$p, *a$p, *a$p, *a$p, *a$p, *a$p]"
  done
} > "$tmp/bomb.yaml"
expect_bounded 1 5 65536 "$SAMC" convert --to json "$tmp/bomb.yaml"
expect_err_contains "alias expansion"

# nesting far deeper than the limit
python3 -c 'print("a: " + "[" * 5000 + "]" * 5000)' > "$tmp/deep.yaml"
expect_exit 1 "$SAMC" transform "$tmp/deep.yaml"
expect_err_contains "deep.yaml:1:"
expect_err_contains "nesting"

# invalid UTF-8 and NUL bytes
printf 'Resources:\n  A:\n    Type: "\xff\xfe"\n' > "$tmp/utf8.yaml"
expect_exit 1 "$SAMC" transform "$tmp/utf8.yaml"
expect_err_contains "utf8.yaml:"
printf 'Resources:\n  A: \x00\n' > "$tmp/nul.yaml"
expect_exit 1 "$SAMC" transform "$tmp/nul.yaml"

# documents that are not templates
printf '' > "$tmp/empty.yaml"
expect_exit 1 "$SAMC" transform --error-format json "$tmp/empty.yaml"
expect_err_contains "'Resources' section is required"
printf -- '- a\n- b\n' > "$tmp/list.yaml"
expect_exit 1 "$SAMC" transform "$tmp/list.yaml"
printf 'Resources: [1, 2]\n' > "$tmp/resources_list.yaml"
expect_exit 1 "$SAMC" transform --error-format json "$tmp/resources_list.yaml"
expect_err_contains "'Resources' section is required"
printf 'Resources:\n  A: 1\n' > "$tmp/resource_scalar.yaml"
expect_exit 1 "$SAMC" transform --error-format json "$tmp/resource_scalar.yaml"
expect_err_contains "All 'Resources' must be Objects."

# two documents in one stream
printf 'a: 1\n---\nb: 2\n' > "$tmp/two.yaml"
expect_exit 1 "$SAMC" convert --to json "$tmp/two.yaml"
expect_err_contains "single document"
finish
