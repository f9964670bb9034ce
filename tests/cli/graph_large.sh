#!/usr/bin/env bash
# graph_large.sh — `samc graph` on generated templates of thousands of resources: a plain
# CloudFormation template is its own expansion (same graph as --sam, parameter overrides still
# checked), a SAM template is expanded, and bad plain templates still fail as before.
set -euo pipefail
. "$(dirname "$0")/lib.bash"
command -v python3 >/dev/null || { echo "skip: python3 is not installed"; exit 77; }

python3 - "$tmp" <<'PY'
import os, sys
out = sys.argv[1]
plain = ["Parameters:", "  Stage: {Type: String, Default: dev}", "Conditions:",
         "  IsProd: !Equals [!Ref Stage, prod]", "Resources:"]
for i in range(3000):
    plain += [f"  R{i}:", "    Type: AWS::SQS::Queue"]
    if i % 100 == 0:
        plain.append("    Condition: IsProd")
    else:
        plain += ["    Properties:", f"      QueueName: !Sub '${{Stage}}-${{R{i - 1}.QueueName}}'",
                  f"      Tags: [{{Key: k, Value: !Ref R{i - i % 100}}}]"]
open(os.path.join(out, "plain.yaml"), "w").write("\n".join(plain) + "\n")
sam = ["Transform: AWS::Serverless-2016-10-31", "Resources:"]
for i in range(300):
    sam += [f"  Q{i}:", "    Type: AWS::SQS::Queue",
            f"  F{i}:", "    Type: AWS::Serverless::Function", "    Properties:",
            f"      CodeUri: s3://b/f{i}.zip", "      Runtime: python3.12", "      Handler: a.h",
            "      Events:", "        Q:", "          Type: SQS", f"          Properties: {{Queue: !GetAtt Q{i}.Arn}}"]
open(os.path.join(out, "sam.yaml"), "w").write("\n".join(sam) + "\n")
PY

for fmt in text json dot mermaid; do
  expect_exit 0 "$SAMC" graph --format "$fmt" "$tmp/plain.yaml"
  mv "$tmp/out" "$tmp/expanded.$fmt"
  expect_exit 0 "$SAMC" graph --sam --format "$fmt" "$tmp/plain.yaml"
  if cmp -s "$tmp/out" "$tmp/expanded.$fmt"; then pass; else fail "$fmt: plain graph differs from --sam"; fi
done
expect_exit 0 "$SAMC" graph "$tmp/plain.yaml"
expect_out_contains "resources: 3000, conditions: 1, edges: 5940"
expect_out_contains "critical path (100): R0 -> R1 -> R2"

expect_exit 0 "$SAMC" graph --parameter-overrides "Stage=prod" "$tmp/plain.yaml"
expect_out_contains "resources: 3000, conditions: 1, edges: 5940"
expect_exit 2 "$SAMC" graph --parameter-overrides "Stage" "$tmp/plain.yaml"
expect_err_contains "expected Key=Value"

# the SAM template is expanded: each function brings its role and event source mapping
expect_exit 0 "$SAMC" graph --format json "$tmp/sam.yaml"
if python3 - "$tmp/out" <<'PY'
import json, sys
g = json.load(open(sys.argv[1]))
names = {n["name"] for n in g["nodes"]}
assert len(names) == 1200, len(names)
assert {"F7", "F7Role", "F7Q"} <= names, sorted(names)[:10]
edges = {(e["from"], e["to"]) for e in g["edges"]}
assert ("F7", "F7Role") in edges and ("F7Q", "Q7") in edges and ("F7Q", "F7") in edges
PY
then pass; else fail "SAM graph"; fi

# plain templates the translator rejects are still rejected
printf 'Resources: {}\n' > "$tmp/empty.yaml"
expect_exit 1 "$SAMC" graph "$tmp/empty.yaml"
expect_err_contains "'Resources' section is required"
printf 'Resources:\n  A: [1]\n' > "$tmp/list.yaml"
expect_exit 1 "$SAMC" graph "$tmp/list.yaml"
expect_err_contains "All 'Resources' must be Objects"
finish
