#!/usr/bin/env bash
# validate.sh — `samc validate` / `samc lint`: exit codes, --fail-on, several files, the four
# formats (SARIF structure checked with python3 when present), --output, usage errors.
set -euo pipefail
. "$(dirname "$0")/lib.bash"
d=$SAMC_TEST_DATA/lint

expect_exit 0 "$SAMC" validate "$d/good.yaml" "$d/good_sam.yaml"
expect_exit 0 "$SAMC" lint --fail-on info "$d/good.yaml"
expect_exit 0 "$SAMC" lint --help
expect_out_contains "samc lint"

expect_exit 1 "$SAMC" validate "$d/bad_structure.yaml"
expect_out_contains "bad_structure.yaml:1:1: error: AWSTemplateFormatVersion"
expect_out_contains "[E1004]"
expect_out_contains "[E1005]"

# bad_references has errors and warnings; the warnings alone do not fail by default
expect_exit 1 "$SAMC" validate "$d/bad_references.yaml"
expect_out_contains "[W2010]"
expect_out_contains "bad_references.yaml:16:20: error: Ref to 'Nowhere'"
expect_exit 1 "$SAMC" validate "$d/bad_intrinsics.yaml"
expect_out_contains "[E4001]"
expect_out_contains "[E2007]"
expect_exit 1 "$SAMC" validate "$d/bad_sam.yaml"
expect_out_contains "bad_sam.yaml:8:3: error: Resource with id [Api] is invalid."
expect_out_contains "[E6001]"

printf 'Parameters:\n  P:\n    Type: String\nResources:\n  T:\n    Type: AWS::SNS::Topic\n' >"$tmp/warn.yaml"
expect_exit 0 "$SAMC" validate "$tmp/warn.yaml"
expect_out_contains "[W2010]"
expect_exit 1 "$SAMC" validate --fail-on warning "$tmp/warn.yaml"
expect_exit 1 "$SAMC" validate --fail-on=info "$tmp/warn.yaml"

# several files: one report, the worst status
expect_exit 1 "$SAMC" validate "$d/good.yaml" "$d/bad_sam.yaml" "$d/bad_structure.yaml"
expect_out_contains "bad_sam.yaml"
expect_out_contains "bad_structure.yaml"
expect_exit 0 "$SAMC" validate - <"$d/good.yaml"

# no colour when stdout is not a terminal
expect_exit 1 "$SAMC" validate "$d/bad_sam.yaml"
if grep -q $'\033' "$tmp/out"; then fail "colour in piped output"; else pass; fi

expect_exit 1 "$SAMC" validate --format json "$d/bad_sam.yaml" "$d/good.yaml"
expect_out_contains '"ruleId":'
expect_out_contains '"errors":'
expect_exit 1 "$SAMC" validate --format junit "$d/bad_references.yaml" "$d/good.yaml"
expect_out_contains '<testsuites'
expect_out_contains '<failure type="error" message="Ref to &apos;Nowhere&apos;'
expect_exit 1 "$SAMC" validate --format sarif --output "$tmp/r.sarif" "$d/bad_references.yaml" "$d/bad_sam.yaml"
[ -s "$tmp/r.sarif" ] && pass || fail "--output did not write the report"
if command -v python3 >/dev/null; then
  if python3 - "$tmp/r.sarif" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
assert s["version"] == "2.1.0" and "sarif" in s["$schema"]
run = s["runs"][0]
drv = run["tool"]["driver"]
assert drv["name"] == "samc"
ids = {r["id"] for r in drv["rules"]}
for r in drv["rules"]:
    assert r["shortDescription"]["text"] and r["defaultConfiguration"]["level"] in ("error", "warning", "note")
assert run["results"]
for res in run["results"]:
    assert res["ruleId"] in ids and res["level"] in ("error", "warning", "note") and res["message"]["text"]
    loc = res["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"].endswith(".yaml")
    assert loc["region"]["startLine"] >= 1 and loc["region"]["startColumn"] >= 1
PY
  then pass; else fail "SARIF structure"; fi
fi

# a template that does not load: reported on stderr, status 1, the other files still linted
printf 'Resources: [\n' >"$tmp/broken.yaml"
expect_exit 1 "$SAMC" validate "$tmp/broken.yaml" "$d/good.yaml"
[ -s "$tmp/err" ] && pass || fail "no error for a broken template"

expect_exit 2 "$SAMC" validate
expect_exit 2 "$SAMC" validate --format xml "$d/good.yaml"
expect_exit 2 "$SAMC" lint --fail-on never "$d/good.yaml"
expect_exit 2 "$SAMC" validate --bogus "$d/good.yaml"
finish
