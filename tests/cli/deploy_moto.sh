#!/usr/bin/env bash
# deploy_moto.sh — samc deploy → update → delete-stack end to end against moto in server mode
# with signature checking on; deploy_moto_check.py reads the resources back through the
# service APIs. Skips (77) without moto. Bounded: SAM_CLI_POLL_DELAY=0.2 and timeouts.
set -euo pipefail
. "$(dirname "$0")/lib.bash"
data=$SAMC_TEST_DATA/deploy
check=$(dirname "$0")/deploy_moto_check.py

if ! command -v moto_server >/dev/null 2>&1 || ! python3 -c 'import moto.server, boto3' 2>/dev/null; then
  echo "skipped: moto is not installed (pip install 'moto[server]')"; exit 77
fi

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
moto_server -H 127.0.0.1 -p "$port" >"$tmp/moto.log" 2>&1 &
moto_pid=$!
trap 'kill "$moto_pid" 2>/dev/null; wait "$moto_pid" 2>/dev/null; rm -rf "$tmp"' EXIT
# the server goes with this script even when the script is killed (no trap then)
( while kill -0 $$ 2>/dev/null; do sleep 1; done; kill "$moto_pid" 2>/dev/null ) &
for _ in $(seq 1 100); do
  python3 -c "import urllib.request as u; u.urlopen('http://127.0.0.1:$port/moto-api/data.json', timeout=1)" 2>/dev/null && break
  sleep 0.1
done

# moto reads a TemplateURL on a "localhost" host from its own S3: the endpoint says localhost.
endpoint=http://localhost:$port
export AWS_ENDPOINT_URL=$endpoint AWS_DEFAULT_REGION=us-east-1 AWS_REGION=us-east-1
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
export AWS_ACCESS_KEY_ID=bootstrap AWS_SECRET_ACCESS_KEY=bootstrap
export SAM_CLI_POLL_DELAY=0.2 NO_COLOR=1
unset AWS_PROFILE AWS_DEFAULT_PROFILE AWS_SESSION_TOKEN
samc() { timeout 120 "$SAMC" "$@"; }
state() { timeout 60 python3 "$check" state "$endpoint" >"$tmp/state"; }
has() { if grep -qxF -- "$1" "$tmp/state"; then pass; else fail "moto lacks '$1'"; sed 's/^/  | /' "$tmp/state" >&2; fi; }
lacks() { if grep -qxF -- "$1" "$tmp/state"; then fail "moto still has '$1'"; else pass; fi; }

# From here every request must be signed with the key of an IAM user (a bad signature is
# refused: the check script verifies it).
read -r AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY < <(timeout 60 python3 "$check" bootstrap "$endpoint")
export AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY
[ -n "$AWS_SECRET_ACCESS_KEY" ] && pass || fail "no IAM user key from moto"
timeout 60 python3 -c "import boto3; boto3.client('s3', endpoint_url='$endpoint', region_name='us-east-1').create_bucket(Bucket='samc-e2e-artifacts')"

app=$tmp/app
cp -r "$data/app" "$app"
common=(--s3-bucket samc-e2e-artifacts --s3-prefix e2e --capabilities CAPABILITY_IAM
        --parameter-overrides Stage=e2e --tags "team=samc purpose=e2e")

# 1. create: function + role + rule + permission, queue, table, topic
expect_exit 0 samc deploy -t "$app/template.yaml" --stack-name samc-e2e "${common[@]}"
expect_out_contains "CloudFormation stack changeset"
expect_out_contains "+ Add                    HelloFunctionNightly"
expect_out_contains "Uploading to e2e/"
expect_out_contains "CREATE_COMPLETE"
expect_out_contains "Successfully created stack - samc-e2e"
state
has "stack samc-e2e CREATE_COMPLETE"
has "tag samc-e2e purpose=e2e"
has "function samc-e2e-hello-e2e"
has "queue samc-e2e-orders-e2e"
has "table samc-e2e-table-e2e"
has "topic samc-e2e-alerts-e2e Alerts"
has "rule samc-e2e-nightly-e2e"
grep -q "^role samc-e2e-HelloFunctionRole" "$tmp/state" && pass || fail "no function role"
code_key=$(sed -n 's/^code HelloFunction //p' "$tmp/state")
has "object samc-e2e-artifacts/$code_key"

# 2. the same again: an empty change set fails by default, succeeds when allowed; the
#    artifact is not uploaded again
expect_exit 1 samc deploy -t "$app/template.yaml" --stack-name samc-e2e "${common[@]}"
expect_out_contains "No changes to deploy. Stack samc-e2e is up to date"
expect_out_contains "skipping upload"
expect_err_contains "No changes to deploy"
expect_exit 0 samc deploy -t "$app/template.yaml" --stack-name samc-e2e "${common[@]}" --no-fail-on-empty-changeset
expect_out_contains "No changes to deploy"

# 3. update, settings from samconfig: a queue added, the topic modified, the schedule removed
cat >"$app/samconfig.toml" <<TOML
version = 0.1
[default.global.parameters]
region = "us-east-1"
[default.deploy.parameters]
stack_name = "samc-e2e"
s3_bucket = "samc-e2e-artifacts"
s3_prefix = "e2e"
capabilities = "CAPABILITY_IAM"
parameter_overrides = "Stage=\"e2e\""
TOML
cp "$data/app/template-v2.yaml" "$app/template.yaml"
expect_exit 0 samc deploy -t "$app/template.yaml"
expect_out_contains "+ Add                    DeadLetters"
expect_out_contains "* Modify                 Alerts"
expect_out_contains "- Delete                 HelloFunctionNightly"
expect_out_contains "Successfully updated stack - samc-e2e"
state
has "stack samc-e2e UPDATE_COMPLETE"
has "queue samc-e2e-dead-e2e"
has "topic samc-e2e-alerts-e2e Alerts v2"
lacks "rule samc-e2e-nightly-e2e"

# 4. --no-execute-changeset leaves the change set waiting
printf 'Resources:\n  Parked:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: samc-e2e-parked\n' >"$tmp/tiny.yaml"
expect_exit 0 samc deploy -t "$tmp/tiny.yaml" --stack-name samc-e2e-parked --no-execute-changeset
expect_out_contains "Change set not executed"

# 5. --guided: answers on stdin; the managed bucket stack is created; samconfig is written
#    and read back by the next run
cat >"$tmp/guided.yaml" <<YAML
Parameters:
  TopicName:
    Type: String
    Default: samc-e2e-guided-topic
Resources:
  Topic:
    Type: AWS::SNS::Topic
    Properties:
      TopicName: !Ref TopicName
YAML
printf '%s\n' samc-e2e-guided "" samc-e2e-guided-2 n y n y "$tmp/guided.toml" "" >"$tmp/answers"
expect_exit 0 samc deploy --guided -t "$tmp/guided.yaml" <"$tmp/answers"
expect_out_contains "Managed S3 bucket:"
expect_out_contains "Successfully created stack - samc-e2e-guided"
grep -q 'stack_name = "samc-e2e-guided"' "$tmp/guided.toml" && pass || fail "guided.toml lacks the stack name"
grep -qF 'parameter_overrides = "TopicName=\"samc-e2e-guided-2\""' "$tmp/guided.toml" && pass || fail "guided.toml lacks the parameter"
grep -q 'resolve_s3 = true' "$tmp/guided.toml" && pass || fail "guided.toml lacks resolve_s3"
expect_exit 0 samc deploy -t "$tmp/guided.yaml" --config-file "$tmp/guided.toml" --no-fail-on-empty-changeset
expect_out_contains "No changes to deploy. Stack samc-e2e-guided is up to date"

# 6. a failed deploy: CloudFormation refuses the change set's template
printf 'Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !GetAtt Missing.Name\n' >"$tmp/broken.yaml"
expect_exit 1 samc deploy -t "$tmp/broken.yaml" --stack-name samc-e2e-broken
expect_err_contains "Failed to create the stack: samc-e2e-broken"
expect_err_contains "Missing"

# 7. a template over 51,200 bytes goes through S3, and needs a bucket
python3 - "$tmp/large.yaml" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("Resources:\n  Big:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: samc-e2e-big\n")
    f.write("Metadata:\n")
    for i in range(300):
        f.write("  Note%d: %s\n" % (i, "x" * 200))
PY
expect_exit 1 samc deploy -t "$tmp/large.yaml" --stack-name samc-e2e-large
expect_err_contains "51200-byte limit"
expect_exit 0 samc deploy -t "$tmp/large.yaml" --stack-name samc-e2e-large --s3-bucket samc-e2e-artifacts --s3-prefix big
expect_out_contains "Uploading to big/"
expect_out_contains "Successfully created stack - samc-e2e-large"
state
has "stack samc-e2e-parked REVIEW_IN_PROGRESS"
has "stack samc-e2e-guided CREATE_COMPLETE"
has "topic samc-e2e-guided-2 "
has "stack aws-sam-cli-managed-default CREATE_COMPLETE"
has "stack samc-e2e-large CREATE_COMPLETE"
has "topic samc-e2e-big "
grep -q "^object samc-e2e-artifacts/big/.*\.template$" "$tmp/state" && pass || fail "the large template is not in S3"

# 7b. the role CloudFormation assumes, the topics told of events, SSE-KMS uploads, and
#     --force-upload sending artifacts the bucket has already
sns_arn=$(timeout 60 python3 -c "import boto3; print(boto3.client('sns', endpoint_url='$endpoint', region_name='us-east-1').create_topic(Name='samc-e2e-events')['TopicArn'])")
role_arn=arn:aws:iam::123456789012:role/samc-e2e-cfn
expect_exit 0 samc deploy -t "$app/template.yaml" --stack-name samc-e2e-kms --s3-bucket samc-e2e-artifacts \
  --s3-prefix kms --capabilities CAPABILITY_IAM --parameter-overrides Stage=kms \
  --role-arn "$role_arn" --notification-arns "$sns_arn" --kms-key-id alias/samc-e2e
expect_out_contains "Uploading to kms/"
expect_out_contains "Successfully created stack - samc-e2e-kms"
state
has "role-arn samc-e2e-kms $role_arn"
has "notify samc-e2e-kms $sns_arn"
grep -q "^sse samc-e2e-artifacts/kms/[0-9a-f]* .*alias/samc-e2e" "$tmp/state" && pass || fail "artifacts not uploaded with SSE-KMS"
expect_exit 0 samc deploy -t "$app/template.yaml" --stack-name samc-e2e-kms --s3-bucket samc-e2e-artifacts \
  --s3-prefix kms --capabilities CAPABILITY_IAM --parameter-overrides Stage=kms --force-upload \
  --no-fail-on-empty-changeset
expect_out_contains "Uploading to kms/"
if grep -q "skipping upload" "$tmp/out"; then fail "--force-upload skipped an upload"; else pass; fi

# 7c. samc package with a bucket and no --output-dir uploads, as sam package does: staged in
#     a scratch folder that goes again, template on stdout or in the file asked for
mkdir -p "$tmp/scratch"
TMPDIR=$tmp/scratch expect_exit 0 samc package -t "$app/template.yaml" --s3-bucket samc-e2e-artifacts \
  --s3-prefix pkg --output-template-file "$tmp/packaged.yaml"
expect_err_contains "Uploading to pkg/"
grep -q "s3://samc-e2e-artifacts/pkg/[0-9a-f]\{32\}" "$tmp/packaged.yaml" && pass || fail "packaged template lacks the S3 URI"
[ -z "$(ls -A "$tmp/scratch")" ] && pass || fail "the scratch folder was left behind"
state
grep -q "^object samc-e2e-artifacts/pkg/[0-9a-f]\{32\}$" "$tmp/state" && pass || fail "package did not upload"
TMPDIR=$tmp/scratch expect_exit 0 samc package -t "$app/template.yaml" --s3-bucket samc-e2e-artifacts --s3-prefix pkg
expect_err_contains "File with same data already exists at pkg/"
expect_out_contains "s3://samc-e2e-artifacts/pkg/"
TMPDIR=$tmp/scratch expect_exit 3 samc package -t "$app/template.yaml" --s3-bucket samc-e2e-no-such-bucket
expect_err_contains "NoSuchBucket"
[ -z "$(ls -A "$tmp/scratch")" ] && pass || fail "a failed upload left its scratch folder"

# 8. delete: the artifacts and the resources go
expect_exit 0 samc delete-stack --stack-name samc-e2e-large --no-prompts --s3-bucket samc-e2e-artifacts --s3-prefix big
expect_out_contains "Deleting S3 object with key big/"
expect_exit 0 samc delete-stack --stack-name samc-e2e --no-prompts
expect_out_contains "Deleting S3 object with key e2e/"
expect_out_contains "Deleted successfully"
state
has "stack samc-e2e DELETE_COMPLETE"
has "stack samc-e2e-large DELETE_COMPLETE"
lacks "function samc-e2e-hello-e2e"
lacks "table samc-e2e-table-e2e"
lacks "queue samc-e2e-orders-e2e"
lacks "queue samc-e2e-dead-e2e"
lacks "topic samc-e2e-alerts-e2e Alerts v2"
if grep -q "^object samc-e2e-artifacts/e2e/\|^object samc-e2e-artifacts/big/" "$tmp/state"; then
  fail "artifacts are still in S3"; else pass; fi
expect_exit 0 samc delete-stack --stack-name samc-e2e --no-prompts
expect_out_contains "does not exist"

finish
