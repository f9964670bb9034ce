#!/usr/bin/env bash
# graph.sh — `samc graph`: waves, critical path and deletion order in every format, the
# expanded template versus --sam, cycles reported with positions, usage errors.
set -euo pipefail
. "$(dirname "$0")/lib.bash"
d=$SAMC_TEST_DATA/graph

expect_exit 0 "$SAMC" graph "$d/refs.yaml"
expect_out_contains "resources: 6, conditions: 2, edges: 12"
expect_out_contains "  1: Bucket, Topic"
expect_out_contains "critical path (5): Bucket -> Queue -> Policy -> Consumer -> Alarm"
expect_out_contains "  5: Bucket, Topic"
expect_out_contains "conditions: IsProd IsProdAndEast"

expect_exit 0 "$SAMC" graph --format json "$d/refs.yaml"
if python3 - "$tmp/out" <<'PY'
import json, sys
g = json.load(open(sys.argv[1]))
assert g["waves"][0] == ["Bucket", "Topic"], g["waves"]
assert g["deletionOrder"][0] == ["Alarm"], g["deletionOrder"]
assert g["criticalPath"] == ["Bucket", "Queue", "Policy", "Consumer", "Alarm"]
kinds = {n["name"]: n["kind"] for n in g["nodes"]}
assert kinds["IsProd"] == "condition" and kinds["Queue"] == "resource"
edges = {(e["from"], e["to"]): e for e in g["edges"]}
assert edges[("Consumer", "Queue")]["kind"] == "Fn::GetAtt"
assert edges[("Policy", "Topic")]["kind"] == "Fn::Sub"
assert edges[("IsProdAndEast", "IsProd")]["kind"] == "Condition"
assert ("Consumer", "Missing") not in edges
assert edges[("Consumer", "Policy")]["line"] == 30
PY
then pass; else fail "graph --format json"; fi

expect_exit 0 "$SAMC" graph --format dot "$d/refs.yaml"
expect_out_contains 'digraph template {'
expect_out_contains '"Consumer" -> "Queue" [label="Fn::GetAtt"];'
expect_out_contains '"IsProd" [shape=diamond, style=dashed];'
expect_exit 0 "$SAMC" graph --format=mermaid "$d/refs.yaml"
expect_out_contains 'graph LR'
expect_out_contains 'n4 -->|"DependsOn"| n3'

# the expanded template (local CodeUri accepted) versus the SAM template as written
expect_exit 0 "$SAMC" graph "$d/sam.yaml"
expect_out_contains "  1: HandlerRole, Table"
expect_out_contains "critical path (2): Table -> Handler"
expect_exit 0 "$SAMC" graph --sam "$d/sam.yaml"
expect_out_contains "resources: 2, conditions: 0, edges: 1"
expect_out_contains "critical path (2): Table -> Handler"
expect_exit 0 "$SAMC" graph --output "$tmp/graph.txt" "$d/sam.yaml"
grep -qF "HandlerRole" "$tmp/graph.txt" && pass || fail "--output"

# a cycle: exit 1, every resource in order, each edge with file:line:col
expect_exit 1 "$SAMC" graph "$d/cycle.yaml"
expect_err_contains "cycle.yaml: Circular dependency between resources: [First, Third, Second]"
expect_err_contains "cycle.yaml:5:18: First -> Third (Fn::GetAtt)"
expect_err_contains "cycle.yaml:12:5: Third -> Second (DependsOn)"
expect_err_contains "cycle.yaml:9:18: Second -> First (Ref)"

# stdin, usage errors
expect_exit 0 "$SAMC" graph --sam - < "$d/refs.yaml"
expect_out_contains "  2: Queue"
expect_exit 2 "$SAMC" graph
expect_exit 2 "$SAMC" graph --format svg "$d/refs.yaml"
expect_exit 2 "$SAMC" graph --bogus "$d/refs.yaml"
expect_exit 3 "$SAMC" graph "$d/does-not-exist.yaml"
expect_exit 0 "$SAMC" graph --help
expect_out_contains "usage: samc graph"
finish
