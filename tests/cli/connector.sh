#!/usr/bin/env bash
# connector.sh — AWS::Serverless::Connector and embedded Connectors through the binary: generated
# policies and permissions, DependsOn rewritten onto them, lint-clean templates, sorted errors.
set -euo pipefail
. "$(dirname "$0")/lib.bash"
d=$SAMC_TEST_DATA/connector

expect_exit 0 "$SAMC" transform "$d/function_to_many.yaml"
if python3 - "$tmp/out" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["Resources"]
assert not any(v["Type"] == "AWS::Serverless::Connector" for v in r.values())
assert r["WorkerToOrdersPolicy"]["Properties"]["Roles"] == [{"Ref": "WorkerRole"}]
for i in range(3):
    assert r["WorkerToStoresPolicyDestination%d" % i]["Type"] == "AWS::IAM::ManagedPolicy"
meta = r["WorkerToStoresPolicyDestination2"]["Metadata"]["aws:sam:connectors"]["WorkerToStores"]
assert meta == {"Source": {"Type": "AWS::Serverless::Function"}, "Destination": {"Type": "AWS::SQS::Queue"}}
PY
then pass; else fail "function_to_many: unexpected output"; fi

expect_exit 0 "$SAMC" transform "$d/sources_to_function.yaml"
if python3 - "$tmp/out" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["Resources"]
assert sorted(r["Waiter"]["DependsOn"]) == ["FilesToHandlerWriteLambdaPermission", "NewsToHandlerWriteLambdaPermission"]
assert r["NewsToHandlerWriteLambdaPermission"]["DependsOn"] == "Files"
assert r["HandlerFromQueue"]["DependsOn"] == ["InboxToHandlerPolicy"]
assert r["NewsToInboxQueuePolicy"]["Properties"]["Queues"] == [{"Ref": "Inbox"}]
PY
then pass; else fail "sources_to_function: unexpected output"; fi

expect_exit 0 "$SAMC" transform "$d/embedded.yaml"
if python3 - "$tmp/out" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["Resources"]
assert all("Connectors" not in v for v in r.values())
assert r["ReaderToTablePolicy"]["Condition"] == "Always"
assert r["AfterFeed"]["DependsOn"] == ["FeedToReaderWriteLambdaPermission"]
PY
then pass; else fail "embedded: unexpected output"; fi

# a DependsOn naming an embedded connector and a Condition used only by one are not lint findings
expect_exit 0 "$SAMC" validate "$d/embedded.yaml"

expect_exit 1 "$SAMC" transform "$d/error_connectors.yaml"
expect_err_contains "Resource with id [BadRef] is invalid. 'Id' shouldn't be defined in 'SourceReference'."
expect_err_contains "Resource with id [FnNotAMap] is invalid. Fn.FnNotAMap should be a map."
expect_err_contains "Resource with id [EmptyList] is invalid. 'Destination' is an empty list"

finish
