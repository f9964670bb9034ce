#!/usr/bin/env bash
# validate.sh — `samc validate` / `samc lint`: exit codes, --fail-on, several files, the four
# formats (SARIF structure checked with python3 when present), dependency cycles, templates that
# cannot be loaded (E0000), --output, usage errors.
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

# dependency cycles (E5001), also one that only the SAM expansion creates
expect_exit 1 "$SAMC" validate "$d/cycle_ref.yaml"
expect_out_contains "cycle_ref.yaml:7:"
expect_out_contains "Circular dependency between resources: [Alpha, Bravo, Charlie]: Alpha -> Bravo (Ref)"
expect_out_contains "[E5001]"
expect_exit 1 "$SAMC" validate "$d/cycle_sam.yaml"
expect_out_contains "WorkerRole -> Jobs (Fn::GetAtt)"
expect_exit 0 "$SAMC" validate "$d/cycle_none.yaml"

# templates that cannot be read or parsed: an E0000 finding in every format, the other files
# still linted, status 1
bad=("$d/load_syntax.yaml" "$d/load_syntax.json" "$d/load_alias.yaml" "$tmp/missing.yaml")
expect_exit 1 "$SAMC" validate "${bad[@]}" "$d/good.yaml" "$d/bad_sam.yaml"
expect_out_contains "load_syntax.yaml:5:"
expect_out_contains "error: template could not be parsed: "
expect_out_contains "load_alias.yaml:2:"
expect_out_contains "missing.yaml: error: template could not be read: cannot open: No such file"
expect_out_contains "[E0000]"
expect_out_contains "[E6001]"
[ "$(grep -c 'E0000' "$tmp/out")" = 4 ] && pass || fail "wanted 4 E0000 findings"
[ ! -s "$tmp/err" ] && pass || fail "load failures also printed on stderr"
printf 'Resources: [\n' | expect_exit 1 "$SAMC" lint -
expect_out_contains "<stdin>:2:1: error: template could not be parsed"
expect_exit 1 "$SAMC" validate "$d/load_empty.yaml" "$d/load_list.yaml"
expect_out_contains "load_empty.yaml:"
expect_out_contains "load_list.yaml:1:1: error: the template must be a mapping [E1010]"
# E0000 is an error: --fail-on cannot lower the status under it
expect_exit 1 "$SAMC" validate --fail-on error "$d/load_syntax.yaml"

expect_exit 1 "$SAMC" validate --format json "${bad[@]}" "$d/good.yaml"
cp "$tmp/out" "$tmp/r.json"
expect_exit 1 "$SAMC" validate --format sarif "${bad[@]}" "$d/good.yaml"
cp "$tmp/out" "$tmp/r2.sarif"
expect_exit 1 "$SAMC" validate --format junit "${bad[@]}" "$d/good.yaml"
cp "$tmp/out" "$tmp/r.xml"
expect_out_contains 'could not be parsed'
if command -v python3 >/dev/null; then
  if python3 - "$tmp/r.json" "$tmp/r2.sarif" "$tmp/r.xml" <<'PY'
import json, sys
import xml.etree.ElementTree as ET
j = json.load(open(sys.argv[1]))
by_file = {f["file"].rsplit("/", 1)[-1]: f["findings"] for f in j["files"]}
for name in ("load_syntax.yaml", "load_syntax.json", "load_alias.yaml", "missing.yaml"):
    (f,) = by_file[name]
    assert f["ruleId"] == "E0000" and f["severity"] == "error", f
    assert f["message"].startswith("template could not be "), f
assert by_file["load_syntax.yaml"][0]["line"] == 5
assert by_file["good.yaml"] == []
assert j["summary"]["errors"] == 4, j["summary"]

s = json.load(open(sys.argv[2]))
assert s["version"] == "2.1.0" and "sarif-2.1.0" in s["$schema"]
(run,) = s["runs"]
assert run["tool"]["driver"]["name"] == "samc"
rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
assert rules["E0000"]["shortDescription"]["text"]
assert len(run["results"]) == 4
for res in run["results"]:
    assert res["ruleId"] == "E0000" and res["level"] == "error"
    assert res["message"]["text"].startswith("template could not be ")
    (loc,) = res["locations"]
    uri = loc["physicalLocation"]["artifactLocation"]["uri"]
    region = loc["physicalLocation"].get("region")
    if uri.endswith("missing.yaml"):
        assert region is None
    else:
        assert region["startLine"] >= 1 and region["startColumn"] >= 1, res

root = ET.parse(sys.argv[3]).getroot()
assert root.tag == "testsuites"
suites = root.findall("testsuite")
assert len(suites) == 5
failures = 0
for suite in suites:
    cases = suite.findall("testcase")
    assert int(suite.get("tests")) == len(cases)
    for case in cases:
        assert case.get("name")
        for f in case.findall("failure"):
            failures += 1
            assert f.get("type") == "error" and f.get("message").startswith("template could not be ")
assert failures == 4 and root.get("failures") == "4"
PY
  then pass; else fail "load failures in JSON, SARIF or JUnit"; fi
fi

# templates before packaging (local code and definition paths), AWS::LanguageExtensions expanded
# before linting, GetAtt attributes beyond the read-only properties, SAM types without the
# SAM transform reported at their Type
s=$SAMC_TEST_DATA/lint_sam
expect_out_not_contains() { if grep -qF -- "$1" "$tmp/out"; then fail "stdout has '$1'"; else pass; fi; }
expect_exit 0 "$SAMC" validate "$s/local_paths.yaml"
expect_out_not_contains "E3004"
expect_exit 1 "$SAMC" validate "$s/language_extensions.yaml"
expect_out_contains "language_extensions.yaml:22:12: error: Fn::GetAtt of 'TopicC', which is not a resource [E2002]"
expect_out_not_contains "Fn::ForEach"
expect_exit 1 "$SAMC" validate "$s/attributes.yaml"
expect_out_contains "attributes.yaml:38:22: error: Resource Fn: Properties.Architectures should be a list"
expect_out_not_contains "[E2006]"
expect_exit 1 "$SAMC" validate "$s/no_transform.yaml"
expect_out_contains "no_transform.yaml:7:5: error: Resource Fn: type AWS::Serverless::Function is used without declaring Transform"

expect_exit 2 "$SAMC" validate
expect_exit 2 "$SAMC" validate --format xml "$d/good.yaml"
expect_exit 2 "$SAMC" lint --fail-on never "$d/good.yaml"
expect_exit 2 "$SAMC" validate --bogus "$d/good.yaml"
finish
