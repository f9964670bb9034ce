#!/usr/bin/env bash
# transform.sh — `samc transform` on small templates: output, partitions, parameters, errors
# in text and JSON, exit codes, --output atomicity.
set -euo pipefail
. "$(dirname "$0")/lib.bash"
d=$SAMC_TEST_DATA/cli

expect_exit 0 "$SAMC" transform "$d/function.yaml"
expect_out_contains '"Type": "AWS::Lambda::Version"'
expect_out_contains '"S3Key": "code.zip"'
expect_out_contains '"arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"'

expect_exit 0 "$SAMC" transform --region cn-north-1 "$d/function.yaml"
expect_out_contains '"arn:aws-cn:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"'

expect_exit 0 "$SAMC" transform --parameter-overrides "Key=other.zip" "$d/function.yaml"
expect_out_contains '"S3Key": "other.zip"'
expect_exit 0 "$SAMC" transform --parameter-overrides "ParameterKey=Key,ParameterValue=third.zip" "$d/function.yaml"
expect_out_contains '"S3Key": "third.zip"'

# two errors: text lists both with positions; json gives the reference's single message
expect_exit 1 "$SAMC" transform "$d/two_errors.yaml"
expect_err_contains "two_errors.yaml:3:3: Resource with id [NoCode] is invalid."
expect_err_contains "two_errors.yaml:8:3: Resource with id [BadTable] is invalid. Invalid 'Type' \"Text\"."
expect_exit 1 "$SAMC" transform --error-format json "$d/two_errors.yaml"
last=$(tail -n 1 "$tmp/err")
if python3 -c 'import json,sys; m=json.loads(sys.argv[1])["errorMessage"]; assert m.startswith("Invalid Serverless Application Specification document. Number of errors found: 2. Resource with id [BadTable]"), m' "$last"; then pass; else fail "json error: $last"; fi

# YAML syntax errors point at file:line:col
expect_exit 1 "$SAMC" transform "$d/syntax_error.yaml"
expect_err_contains "syntax_error.yaml:4:"

# usage errors exit 2
expect_exit 2 "$SAMC" transform
expect_exit 2 "$SAMC" transform --error-format xml "$d/function.yaml"
expect_exit 2 "$SAMC" transform --bogus "$d/function.yaml"
expect_exit 3 "$SAMC" transform "$d/does-not-exist.yaml"

# --output writes the whole file, and nothing when the template is rejected
expect_exit 0 "$SAMC" transform --output "$tmp/out.json" "$d/function.yaml"
if python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$tmp/out.json"; then pass; else fail "--output is not JSON"; fi
expect_exit 1 "$SAMC" transform --output "$tmp/rejected.json" "$d/two_errors.yaml"
if [ ! -e "$tmp/rejected.json" ]; then pass; else fail "--output written for a rejected template"; fi

# stdin
expect_exit 0 "$SAMC" transform - < "$d/function.yaml"
expect_out_contains '"AWS::Lambda::Alias"'

expect_exit 0 "$SAMC" transform --help
expect_out_contains "usage: samc transform"
finish
