#!/usr/bin/env bash
# convert.sh — `samc convert`: YAML to JSON with long-form intrinsics, JSON back to YAML with
# short tags, YAML 1.1 scalars, round trips, and usage errors.
set -euo pipefail
. "$(dirname "$0")/lib.bash"
d=$SAMC_TEST_DATA/cli

expect_exit 0 "$SAMC" convert --to json "$d/intrinsics.yaml"
expect_out_contains '"Fn::Sub": "${AWS::StackName}-topic"'
expect_out_contains '"Fn::GetAtt": ['
expect_out_contains '"Other",'
expect_out_contains '"Name.Part"'
expect_out_contains '"Key": true'
expect_out_contains '"Fn::Equals": ['
cp "$tmp/out" "$tmp/a.json"

expect_exit 0 "$SAMC" convert --to yaml "$tmp/a.json"
expect_out_contains '!Sub'
expect_out_contains '!GetAtt Other.Name.Part'
cp "$tmp/out" "$tmp/b.yaml"

# YAML -> JSON -> YAML -> JSON gives the same JSON, byte for byte
expect_exit 0 "$SAMC" convert --to json "$tmp/b.yaml"
if cmp -s "$tmp/out" "$tmp/a.json"; then pass; else fail "round trip changed the document"; diff "$tmp/a.json" "$tmp/out" >&2 || true; fi

# deterministic
"$SAMC" convert --to yaml "$tmp/a.json" > "$tmp/c.yaml"
if cmp -s "$tmp/b.yaml" "$tmp/c.yaml"; then pass; else fail "yaml output not deterministic"; fi

expect_exit 2 "$SAMC" convert "$d/intrinsics.yaml"
expect_exit 2 "$SAMC" convert --to toml "$d/intrinsics.yaml"
expect_exit 1 "$SAMC" convert --to json "$d/syntax_error.yaml"
expect_exit 0 "$SAMC" convert --help
expect_out_contains "usage: samc convert"
finish
