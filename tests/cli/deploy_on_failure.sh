#!/usr/bin/env bash
# deploy_on_failure.sh — samc deploy --on-failure against cfn_fake.py, a CloudFormation
# endpoint whose stack creation fails (moto never fails one): with DELETE the stack left in
# ROLLBACK_COMPLETE is deleted and the deploy still fails (exit 1); with DO_NOTHING the change
# set runs with rollback disabled; without the option nothing is deleted.
set -euo pipefail
. "$(dirname "$0")/lib.bash"
fake=$(dirname "$0")/cfn_fake.py
export AWS_ACCESS_KEY_ID=fake AWS_SECRET_ACCESS_KEY=fake AWS_REGION=us-east-1
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null SAM_CLI_POLL_DELAY=0.1 NO_COLOR=1
unset AWS_PROFILE AWS_DEFAULT_PROFILE AWS_SESSION_TOKEN
printf 'Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n' >"$tmp/t.yaml"

# start_fake NAME: a fresh endpoint for one run; its calls go to $tmp/NAME.calls
start_fake() {
  rm -f "$tmp/port"
  python3 "$fake" "$tmp/port" >"$tmp/$1.calls" 2>"$tmp/$1.log" &
  fake_pid=$!
  for _ in $(seq 1 100); do [ -s "$tmp/port" ] && break; sleep 0.05; done
  export AWS_ENDPOINT_URL=http://127.0.0.1:$(cat "$tmp/port")
}
stop_fake() { kill "$fake_pid" 2>/dev/null || true; wait "$fake_pid" 2>/dev/null || true; }
trap 'stop_fake; rm -rf "$tmp"' EXIT

start_fake delete
expect_exit 1 timeout 60 "$SAMC" deploy -t "$tmp/t.yaml" --stack-name doomed --on-failure DELETE
expect_out_contains "ROLLBACK_COMPLETE"
expect_out_contains "Stack doomed failed to create/update correctly, deleting stack"
expect_out_contains "Stack doomed has been deleted"
expect_err_contains "Failed to create the stack: doomed"
grep -qx DeleteStack "$tmp/delete.calls" && pass || fail "DeleteStack was not called"
stop_fake

start_fake keep
expect_exit 1 timeout 60 "$SAMC" deploy -t "$tmp/t.yaml" --stack-name doomed
if grep -qx DeleteStack "$tmp/keep.calls"; then fail "deleted without --on-failure DELETE"; else pass; fi
grep -qx ExecuteChangeSet "$tmp/keep.calls" && pass || fail "rollback setting sent by default"
stop_fake

start_fake nothing
expect_exit 1 timeout 60 "$SAMC" deploy -t "$tmp/t.yaml" --stack-name doomed --on-failure DO_NOTHING
grep -qx "ExecuteChangeSet DisableRollback=true" "$tmp/nothing.calls" && pass || fail "DO_NOTHING did not disable rollback"
if grep -qx DeleteStack "$tmp/nothing.calls"; then fail "DO_NOTHING deleted the stack"; else pass; fi
stop_fake

expect_exit 2 "$SAMC" deploy -t "$tmp/t.yaml" --stack-name doomed --on-failure DELETE --disable-rollback
expect_err_contains "exclude each other"
expect_exit 2 "$SAMC" deploy -t "$tmp/t.yaml" --stack-name doomed --on-failure SOMETIMES
expect_err_contains "--on-failure must be ROLLBACK, DELETE or DO_NOTHING, not 'SOMETIMES'"
finish
