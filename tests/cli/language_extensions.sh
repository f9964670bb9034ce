#!/usr/bin/env bash
# language_extensions.sh — `samc transform` on templates that declare AWS::LanguageExtensions:
# Fn::ForEach, Fn::Length, Fn::ToJsonString, FindInMap DefaultValue, policies, and the errors with
# their file:line:col; when cfn-lint is importable, its expansion gives the same logical IDs.
set -euo pipefail
. "$(dirname "$0")/lib.bash"
d=$SAMC_TEST_DATA/language_extensions

# json QUERY: evaluates a Python expression over the template in $tmp/out (as t)
json() { python3 -c 'import json,sys; t=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$tmp/out" "$1"; }
expect_json() { local got; got=$(json "$1"); if [ "$got" = "$2" ]; then pass; else fail "$1 is '$got', wanted '$2'"; fi; }

# a loop over a literal list, in Resources and Outputs; LanguageExtensions alone: no SAM transform
expect_exit 0 "$SAMC" transform "$d/foreach_list.yaml"
expect_json 'list(t["Resources"])' "['QueueOrders', 'QueueInvoices']"
expect_json 't["Resources"]["QueueInvoices"]["Properties"]["Tags"][0]["Value"]' "Invoices"
expect_json 't["Outputs"]["OrdersUrl"]["Value"]' "{'Ref': 'QueueOrders'}"
expect_json '"Transform" in t' "False"

# a loop over a CommaDelimitedList parameter (Default, then an override), in Conditions too, with
# SAM functions in the body that the SAM transform then expands
expect_exit 0 "$SAMC" transform "$d/foreach_param.yaml"
expect_json 'sorted(t["Resources"])' "['alphaFunction', 'alphaFunctionRole', 'betaFunction', 'betaFunctionRole']"
expect_json 'sorted(t["Conditions"])' "['Isalpha', 'Isbeta']"
expect_json 't["Resources"]["betaFunction"]["Properties"]["Code"]["S3Key"]' "beta.zip"
expect_exit 0 "$SAMC" transform --parameter-overrides "Names=x,y" "$d/foreach_param.yaml"
expect_json 'sorted(t["Resources"])' "['xFunction', 'xFunctionRole', 'yFunction', 'yFunctionRole']"
expect_exit 0 "$SAMC" transform --region cn-north-1 "$d/foreach_param.yaml"
expect_out_contains '"arn:aws-cn:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"'

# nested loops, and a loop inside resource properties with &{Id}
expect_exit 0 "$SAMC" transform "$d/nested.yaml"
expect_json 'list(t["Resources"])' "['DevWebTopic', 'DevApiTopic', 'ProdWebTopic', 'ProdApiTopic', 'Worker']"
expect_json 't["Resources"]["Worker"]["Properties"]["Environment"]["Variables"]' "{'VAR_hostname': 'host.name', 'VAR_port': 'port'}"

# Fn::Length, Fn::ToJsonString, FindInMap DefaultValue, DeletionPolicy with Fn::If
expect_exit 0 "$SAMC" transform "$d/functions.yaml"
expect_json '[x["Value"] for x in t["Resources"]["Table"]["Properties"]["Tags"] if x["Key"] in ("subnets", "count", "memory", "fallback")]' "[2, 3, 1024, 128]"
expect_json 't["Resources"]["Table"]["Properties"]["Tags"][2]["Value"]["Fn::Join"][1][0]' '{"name":"Prod","size":3,"arn":"'
expect_json 't["Resources"]["Table"]["DeletionPolicy"], t["Resources"]["Table"]["UpdateReplacePolicy"]' "('Retain', 'Snapshot')"
expect_exit 0 "$SAMC" transform --parameter-overrides "Stage=Dev" "$d/functions.yaml"
expect_json 't["Resources"]["Table"]["DeletionPolicy"]' "Delete"

# errors: text with file:line:col, json with the whole message; exit 1
e=$d/errors
expect_exit 1 "$SAMC" transform "$e/bad_shape.yaml"
expect_err_contains "bad_shape.yaml:3:3: Transform AWS::LanguageExtensions failed with: Fn::ForEach::Topics layout is incorrect"
expect_exit 1 "$SAMC" transform --error-format json "$e/bad_shape.yaml"
expect_err_contains '{"errorMessage": "Transform AWS::LanguageExtensions failed with: Fn::ForEach::Topics layout is incorrect"}'
expect_exit 1 "$SAMC" transform "$e/collision.yaml"
expect_err_contains "collision.yaml:6:7: Transform AWS::LanguageExtensions failed with: Fn::ForEach::Inner: identifier 'Name' conflicts with another loop identifier"
expect_exit 1 "$SAMC" transform "$e/param_collision.yaml"
expect_err_contains "param_collision.yaml:6:3: Transform AWS::LanguageExtensions failed with: Fn::ForEach::Topics: identifier 'Name' conflicts with parameter name"
expect_exit 1 "$SAMC" transform "$e/not_alnum.yaml"
expect_err_contains "not_alnum.yaml:6:7: Transform AWS::LanguageExtensions failed with: Fn::ForEach::Buckets produced the logical ID 'Bucketwww.example.com', which is not alphanumeric"
expect_exit 1 "$SAMC" transform "$e/duplicate.yaml"
expect_err_contains "duplicate.yaml:8:7: Transform AWS::LanguageExtensions failed with: Fn::ForEach::Topics produced the key 'TopicA', which is already in use"
expect_exit 1 "$SAMC" transform "$e/length.yaml"
expect_err_contains "length.yaml:6:7: Transform AWS::LanguageExtensions failed with: Fn::Length layout is incorrect"
expect_exit 1 "$SAMC" transform "$e/findinmap.yaml"
expect_err_contains "findinmap.yaml:10:39: Transform AWS::LanguageExtensions failed with: Fn::FindInMap layout is incorrect"
expect_exit 1 "$SAMC" transform "$e/policy.yaml"
expect_err_contains "policy.yaml:5:5: Transform AWS::LanguageExtensions failed with: AWS::NoValue is not supported for DeletionPolicy or UpdateReplacePolicy"

# cfn-lint's own LanguageExtensions expansion names the same resources, outputs and conditions
if python3 -c 'import cfnlint' 2>/dev/null; then
  for f in foreach_list nested; do
    expect_exit 0 "$SAMC" transform "$d/$f.yaml"
    if python3 - "$d/$f.yaml" "$tmp/out" <<'PY'; then pass; else fail "cfn-lint expands $f.yaml to other names"; fi
import json, sys
from cfnlint.decode import decode
from cfnlint.template import Template
from cfnlint.template.transforms._language_extensions import language_extension
tpl, _ = decode(sys.argv[1])
matches, theirs = language_extension(Template(sys.argv[1], tpl, ["us-east-1"]))
ours = json.load(open(sys.argv[2]))
for section in ("Resources", "Outputs", "Conditions"):
    a, b = sorted(theirs.get(section, {})), sorted(ours.get(section, {}))
    if matches or a != b:
        sys.exit("%s: cfn-lint %s, samc %s %s" % (section, a, b, matches))
PY
  done
fi
finish
