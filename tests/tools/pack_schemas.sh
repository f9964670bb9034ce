#!/usr/bin/env bash
# pack_schemas.sh TOOL — the build-time packer of schemas/resource_types.json: a well-formed file
# packs (entry table in order, header kept), a malformed one stops the build with the line.
set -u
tool=${1:?usage: pack_schemas.sh PATH/TO/samc_pack_schemas}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

good='{"_source":"test data","_generated":"2026-01-01","types":{
"AWS::A::One":{"a":["Arn"],"p":{"P":{}}},
"AWS::B::Two":{"p":{"P":{"Name":{"t":"s"}}}}
}}'
printf '%s\n' "$good" > "$tmp/good.json"
"$tool" "$tmp/good.json" "$tmp/good.c" 2> "$tmp/err" || fail "a well-formed file was refused: $(cat "$tmp/err")"
grep -q 'samc_schema_entry_count = 2;' "$tmp/good.c" || fail "the entry count is not 2"
grep -q '{"AWS::A::One", 0u, ' "$tmp/good.c" || fail "the first entry does not start the blob"
grep -q '{"AWS::B::Two", ' "$tmp/good.c" || fail "the second entry is missing"

check_refused() { # NAME TEXT EXPECTED-MESSAGE
	printf '%s\n' "$2" > "$tmp/$1.json"
	if "$tool" "$tmp/$1.json" "$tmp/$1.c" 2> "$tmp/err"; then
		fail "$1: accepted"
	elif ! grep -q "$3" "$tmp/err"; then
		fail "$1: message '$(cat "$tmp/err")' lacks '$3'"
	fi
	[ ! -e "$tmp/$1.c" ] || fail "$1: wrote an output anyway"
}
check_refused no_header '"AWS::A::One":{"p":{}}' 'header'
check_refused order '{"_source":"x","types":{
"AWS::B::Two":{"p":{}},
"AWS::A::One":{"p":{}}
}}' 'line 3: types are not in byte order'
check_refused not_an_entry '{"_source":"x","types":{
"AWS::A::One" {"p":{}}
}}' 'line 2: expected "TYPE":{...}'
check_refused bad_name '{"_source":"x","types":{
"AWS::A::\u0022x":{"p":{}}
}}' 'line 2'
"$tool" "$tmp/missing.json" "$tmp/x.c" 2> "$tmp/err" && fail "a missing input was accepted"
grep -q "cannot read" "$tmp/err" || fail "no message for a missing input"

[ "$failures" -eq 0 ] && echo "pack_schemas: all checks passed"
exit $((failures > 0))
