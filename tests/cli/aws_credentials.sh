#!/usr/bin/env bash
# aws_credentials.sh — the credential sources reached over HTTP, against aws_creds_fake.py:
# web identity (a token file and a role ARN, STS AssumeRoleWithWebIdentity: GitHub Actions,
# EKS), a role assumed from a source profile or a credential_source (STS AssumeRole), the
# container endpoint (ECS, CodeBuild) and EC2 instance metadata (IMDSv2); each run of
# samc delete-stack signs a DescribeStacks call whose key the fake logs. Also the order of the
# chain and the refusals (plain-http container URLs that are not local, a bad web token).
set -euo pipefail
. "$(dirname "$0")/lib.bash"
fake=$(dirname "$0")/aws_creds_fake.py
export AWS_REGION=us-east-1 AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
unset AWS_PROFILE AWS_DEFAULT_PROFILE AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN
unset AWS_CONTAINER_CREDENTIALS_RELATIVE_URI AWS_CONTAINER_CREDENTIALS_FULL_URI AWS_WEB_IDENTITY_TOKEN_FILE

python3 "$fake" "$tmp/port" >"$tmp/calls" 2>"$tmp/fake.log" &
fake_pid=$!
trap 'kill "$fake_pid" 2>/dev/null || true; wait "$fake_pid" 2>/dev/null || true; rm -rf "$tmp"' EXIT
for _ in $(seq 1 100); do [ -s "$tmp/port" ] && break; sleep 0.05; done
base=http://127.0.0.1:$(cat "$tmp/port")
export AWS_ENDPOINT_URL=$base AWS_EC2_METADATA_DISABLED=true
export AWS_METADATA_SERVICE_TIMEOUT=10 # not the 1 s default: the runs may be under valgrind
delete() { timeout 30 "$SAMC" delete-stack --stack-name s --no-prompts "$@"; }
signed_by() { tail -n 1 "$tmp/calls" | grep -qx "signed DescribeStacks $1 $2" && pass || fail "last call not signed by $1: $(tail -n 1 "$tmp/calls")"; }

# web identity from the environment
printf 'oidc-token\n' >"$tmp/token"
AWS_WEB_IDENTITY_TOKEN_FILE=$tmp/token AWS_ROLE_ARN=arn:aws:iam::1:role/ci expect_exit 0 delete
signed_by AKIDWEB t-AKIDWEB
# ... and from a profile
printf '[profile ci]\nrole_arn = arn:aws:iam::1:role/ci\nweb_identity_token_file = %s\n' "$tmp/token" >"$tmp/config"
AWS_CONFIG_FILE=$tmp/config expect_exit 0 delete --profile ci
signed_by AKIDWEB t-AKIDWEB
printf 'other-token\n' >"$tmp/bad-token"
AWS_WEB_IDENTITY_TOKEN_FILE=$tmp/bad-token AWS_ROLE_ARN=arn:aws:iam::1:role/ci expect_exit 3 delete
expect_err_contains "AssumeRoleWithWebIdentity failed (HTTP 403): Not authorized"

# a role assumed with a source profile's keys (STS AssumeRole, signed by the source)
printf '[base]\naws_access_key_id = AKIDSOURCE\naws_secret_access_key = s-source\n' >"$tmp/credentials"
cat >"$tmp/config-assume" <<INI
[profile deploy]
role_arn = arn:aws:iam::1:role/deployer
source_profile = base
role_session_name = pipeline
external_id = ext-42
[profile via]
role_arn = arn:aws:iam::1:role/deployer
source_profile = deploy
[profile mfa]
role_arn = arn:aws:iam::1:role/deployer
source_profile = base
mfa_serial = arn:aws:iam::1:mfa/me
[profile loop-a]
role_arn = arn:aws:iam::1:role/a
source_profile = loop-b
[profile loop-b]
role_arn = arn:aws:iam::1:role/b
source_profile = loop-a
[profile ec2]
role_arn = arn:aws:iam::1:role/deployer
credential_source = Ec2InstanceMetadata
[profile ecs]
role_arn = arn:aws:iam::1:role/deployer
credential_source = EcsContainer
[profile env]
role_arn = arn:aws:iam::1:role/deployer
credential_source = Environment
role_session_name = from-env
[profile both]
role_arn = arn:aws:iam::1:role/deployer
source_profile = base
credential_source = Environment
[profile odd]
role_arn = arn:aws:iam::1:role/deployer
credential_source = Keychain
INI
AWS_CONFIG_FILE=$tmp/config-assume AWS_SHARED_CREDENTIALS_FILE=$tmp/credentials expect_exit 0 delete --profile deploy
signed_by AKIDROLE t-AKIDROLE
grep -qx "assume AKIDSOURCE arn:aws:iam::1:role/deployer pipeline ext-42" "$tmp/calls" && pass || fail "AssumeRole not called with the source key, session name and external id"
AWS_CONFIG_FILE=$tmp/config-assume AWS_SHARED_CREDENTIALS_FILE=$tmp/credentials expect_exit 3 delete --profile via
expect_err_contains "not the source profile's key" # the role's own key signed the second AssumeRole
AWS_CONFIG_FILE=$tmp/config-assume AWS_SHARED_CREDENTIALS_FILE=$tmp/credentials expect_exit 2 delete --profile mfa
expect_err_contains "needs an MFA code (mfa_serial)"
AWS_CONFIG_FILE=$tmp/config-assume AWS_SHARED_CREDENTIALS_FILE=$tmp/credentials expect_exit 2 delete --profile loop-a
expect_err_contains "source_profile chain longer than 4 profiles, or circular"
# credential_source: the role's base keys from instance metadata, the container endpoint or
# the environment (even though a profile is named), then AssumeRole with them
export AWS_CONFIG_FILE=$tmp/config-assume AWS_SHARED_CREDENTIALS_FILE=$tmp/credentials
AWS_EC2_METADATA_DISABLED=false AWS_EC2_METADATA_SERVICE_ENDPOINT=$base expect_exit 0 delete --profile ec2
signed_by AKIDROLE t-AKIDROLE
grep -q "^assume AKIDIMDS arn:aws:iam::1:role/deployer" "$tmp/calls" && pass || fail "AssumeRole not signed by the instance's key"
AWS_CONTAINER_CREDENTIALS_FULL_URI=$base/container-creds AWS_CONTAINER_AUTHORIZATION_TOKEN="Bearer c-token" \
  expect_exit 0 delete --profile ecs
signed_by AKIDROLE t-AKIDROLE
grep -q "^assume AKIDCONTAINER arn:aws:iam::1:role/deployer" "$tmp/calls" && pass || fail "AssumeRole not signed by the container's key"
AWS_ACCESS_KEY_ID=AKIDENV AWS_SECRET_ACCESS_KEY=secret expect_exit 0 delete --profile env
signed_by AKIDROLE t-AKIDROLE
grep -qx "assume AKIDENV arn:aws:iam::1:role/deployer from-env -" "$tmp/calls" && pass || fail "AssumeRole not signed by the environment's key"
expect_exit 2 delete --profile env
expect_err_contains "takes its role's credentials from Environment (credential_source), which has none"
AWS_ACCESS_KEY_ID=AKIDENV AWS_SECRET_ACCESS_KEY=secret expect_exit 2 delete --profile both
expect_err_contains "contains both source_profile and credential_source"
expect_exit 2 delete --profile odd
expect_err_contains "credential_source 'Keychain' is not valid; valid sources are Environment, Ec2InstanceMetadata and EcsContainer"
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null

# the container endpoint, with its authorization token (from the variable or a file)
AWS_CONTAINER_CREDENTIALS_FULL_URI=$base/container-creds AWS_CONTAINER_AUTHORIZATION_TOKEN="Bearer c-token" \
  expect_exit 0 delete
signed_by AKIDCONTAINER t-AKIDCONTAINER
printf 'Bearer c-token' >"$tmp/auth"
AWS_CONTAINER_CREDENTIALS_FULL_URI=$base/container-creds AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE=$tmp/auth \
  expect_exit 0 delete
signed_by AKIDCONTAINER t-AKIDCONTAINER
AWS_CONTAINER_CREDENTIALS_FULL_URI=$base/container-creds expect_exit 3 delete
expect_err_contains "answered HTTP 401"
AWS_CONTAINER_CREDENTIALS_FULL_URI=http://example.com/creds expect_exit 2 delete
expect_err_contains "plain http is only allowed to a loopback"

# instance metadata (IMDSv2: a session token first), only when not disabled
AWS_EC2_METADATA_DISABLED=false AWS_EC2_METADATA_SERVICE_ENDPOINT=$base expect_exit 0 delete
signed_by AKIDIMDS t-AKIDIMDS

# the chain's order: keys in the environment win over everything
AWS_ACCESS_KEY_ID=AKIDENV AWS_SECRET_ACCESS_KEY=secret AWS_WEB_IDENTITY_TOKEN_FILE=$tmp/token \
  AWS_ROLE_ARN=arn:aws:iam::1:role/ci expect_exit 0 delete
signed_by AKIDENV -
# web identity before the container endpoint, the container endpoint before instance metadata
AWS_WEB_IDENTITY_TOKEN_FILE=$tmp/token AWS_ROLE_ARN=arn:aws:iam::1:role/ci \
  AWS_CONTAINER_CREDENTIALS_FULL_URI=$base/container-creds AWS_CONTAINER_AUTHORIZATION_TOKEN="Bearer c-token" \
  expect_exit 0 delete
signed_by AKIDWEB t-AKIDWEB
AWS_CONTAINER_CREDENTIALS_FULL_URI=$base/container-creds AWS_CONTAINER_AUTHORIZATION_TOKEN="Bearer c-token" \
  AWS_EC2_METADATA_DISABLED=false AWS_EC2_METADATA_SERVICE_ENDPOINT=$base expect_exit 0 delete
signed_by AKIDCONTAINER t-AKIDCONTAINER
# nothing anywhere
expect_exit 2 delete
expect_err_contains "Unable to locate credentials"
finish
