#!/usr/bin/env bash
# deploy_args.sh — samc deploy and delete-stack without AWS: usage errors, option values that
# are refused, samconfig errors with their position, local artifacts with no bucket, and a
# declined delete. Nothing here reaches the network.
set -euo pipefail
. "$(dirname "$0")/lib.bash"
data=$SAMC_TEST_DATA/deploy
export AWS_ACCESS_KEY_ID=offline AWS_SECRET_ACCESS_KEY=offline AWS_REGION=eu-west-1
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
export AWS_ENDPOINT_URL=http://127.0.0.1:9 # a closed port: any call would fail, none is made
unset AWS_PROFILE AWS_DEFAULT_PROFILE
cd "$tmp"

expect_exit 2 "$SAMC" deploy -t "$data/app/template.yaml"
expect_err_contains "--stack-name is required"
expect_exit 2 "$SAMC" deploy -t "$data/app/template.yaml" --stack-name s --resolve-s3 --s3-bucket b
expect_err_contains "exclude each other"
expect_exit 2 "$SAMC" deploy --stack-name s --bogus
expect_err_contains "unknown or incomplete argument '--bogus'"
expect_exit 2 "$SAMC" deploy -t "$data/app/template.yaml" --stack-name s --max-wait-duration soon
expect_err_contains "--max-wait-duration"

expect_exit 1 "$SAMC" deploy -t "$data/app/template.yaml" --stack-name s --capabilities CAPABILITY_EVERYTHING
expect_err_contains "unknown capability 'CAPABILITY_EVERYTHING'"
expect_exit 1 "$SAMC" deploy -t "$data/app/template.yaml" --stack-name s --notification-arns arn:aws:sqs:us-east-1:1:q
expect_err_contains "--notification-arns: 'arn:aws:sqs:us-east-1:1:q' is not an SNS topic ARN"
expect_exit 1 "$SAMC" deploy -t "$data/app/template.yaml" --stack-name s --notification-arns "arn:aws:sns:us-east-1:1:t,topic"
expect_err_contains "'topic' is not an SNS topic ARN"
# the same keys are read from samconfig
printf 'version = 0.1\n[default.deploy.parameters]\nnotification_arns = ["arn:aws:sns:us-east-1:1:t", "nope"]\n' >"$tmp/arns.toml"
expect_exit 1 "$SAMC" deploy -t "$data/app/template.yaml" --stack-name s --config-file "$tmp/arns.toml"
expect_err_contains "'nope' is not an SNS topic ARN"
expect_exit 1 "$SAMC" deploy -t "$data/app/template.yaml" --stack-name s --parameter-overrides "Stage"
expect_err_contains "--parameter-overrides"
expect_exit 1 "$SAMC" deploy -t "$data/app/template.yaml" --stack-name s --tags "=x"
expect_err_contains "--tags"

# samconfig: errors name the file, line and column; a good one supplies the stack name
mkdir cfg
cp -r "$data/app/." cfg/
printf 'version = 0.1\n[default.deploy.parameters]\nstack_name = "unterminated\n' >cfg/samconfig.toml
expect_exit 1 "$SAMC" deploy -t cfg/template.yaml
expect_err_contains "cfg/samconfig.toml:3:"
expect_err_contains "unterminated string"
printf '[default.deploy.parameters]\nstack_name = "x"\n' >cfg/samconfig.toml
expect_exit 1 "$SAMC" deploy -t cfg/template.yaml
expect_err_contains "'version'"

# the template has local code and no bucket was given: refused before any AWS call
printf 'version = 0.1\n[default.deploy.parameters]\nstack_name = "from-config"\n' >cfg/samconfig.toml
expect_exit 1 "$SAMC" deploy -t cfg/template.yaml
expect_out_contains "Stack name                   : from-config"
expect_err_contains "local artifact"
expect_err_contains "--s3-bucket"

# NoEcho parameter values never appear in the settings shown before deploying (the deploy
# itself then fails: nothing listens at the endpoint)
cat >cfg/secret.yaml <<'YAML'
Parameters:
  Password: {Type: String, NoEcho: true}
  Token: {Type: String, NoEcho: 'true'}
  Stage: {Type: String}
Resources:
  Topic: {Type: AWS::SNS::Topic}
YAML
expect_exit 3 "$SAMC" deploy -t cfg/secret.yaml --stack-name s \
  --parameter-overrides "Password=hunter2 Token=tok-123 Stage=prod"
expect_out_contains '"Stage": "prod"'
expect_out_contains '"Password": "*****"'
expect_out_contains '"Token": "*****"'
if grep -q -e hunter2 -e tok-123 "$tmp/out" "$tmp/err"; then fail "a NoEcho value was printed"; else pass; fi

# delete-stack
expect_exit 2 "$SAMC" delete-stack
expect_err_contains "--stack-name is required"
expect_exit 0 "$SAMC" delete-stack --stack-name keep-me </dev/null
expect_out_contains "Are you sure you want to delete the stack keep-me"
expect_out_contains "Not deleted."
echo n | expect_exit 0 "$SAMC" delete-stack --stack-name keep-me --region eu-west-1
expect_out_contains "in the region eu-west-1"
expect_exit 3 "$SAMC" delete-stack --stack-name gone --no-prompts
expect_err_contains "could not reach"
finish
