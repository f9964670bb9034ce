#!/usr/bin/env python3
"""deploy_moto_check.py — the service-side half of deploy_moto.sh, in one process per step
(botocore, as awscli uses it, against moto_server):

  deploy_moto_check.py bootstrap ENDPOINT   switch moto's signature checking on: three
                                            unsigned calls make an IAM user with an access
                                            key, printed as "KEY SECRET"; then checks that a
                                            badly signed request is refused
  deploy_moto_check.py state ENDPOINT       one line per fact the test greps: "stack NAME
                                            STATUS", "tag NAME K=V", "function NAME",
                                            "queue NAME", "table NAME", "topic NAME DISPLAY",
                                            "rule NAME", "role NAME", "object BUCKET/KEY",
                                            "sse BUCKET/KEY KMSKEY", "role-arn STACK ARN",
                                            "notify STACK ARN", "code NAME KEY" (a
                                            function's S3 key in its stack)
"""
import json
import sys
import urllib.request

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

REGION = "us-east-1"


def client(endpoint, service, key=None, secret=None):
    kw = {}
    if key:
        kw = {"aws_access_key_id": key, "aws_secret_access_key": secret}
    return boto3.client(service, endpoint_url=endpoint, region_name=REGION,
                        config=Config(retries={"max_attempts": 1}), **kw)


def auth_checks(endpoint, count):
    """moto counts requests: after `count` of them every request must be signed."""
    req = urllib.request.Request(endpoint + "/moto-api/reset-auth", data=str(count).encode(),
                                 headers={"Content-Type": "text/plain"}, method="POST")
    urllib.request.urlopen(req, timeout=30).read()


def bootstrap(endpoint):
    auth_checks(endpoint, 3)
    iam = client(endpoint, "iam", "bootstrap", "bootstrap")
    iam.create_user(UserName="samc-e2e")
    iam.put_user_policy(UserName="samc-e2e", PolicyName="all", PolicyDocument=json.dumps(
        {"Version": "2012-10-17",
         "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}))
    key = iam.create_access_key(UserName="samc-e2e")["AccessKey"]
    try:
        client(endpoint, "s3", key["AccessKeyId"], "not-the-secret").list_buckets()
        print("bad-signature-accepted", file=sys.stderr)
        sys.exit(1)
    except ClientError as e:
        if e.response["Error"]["Code"] != "SignatureDoesNotMatch":
            raise
    print(key["AccessKeyId"], key["SecretAccessKey"])


def stacks(endpoint):
    cfn = client(endpoint, "cloudformation")
    for s in cfn.list_stacks()["StackSummaries"]:
        print("stack", s["StackName"], s["StackStatus"])
        if s["StackStatus"] in ("DELETE_COMPLETE", "REVIEW_IN_PROGRESS"):
            continue
        full = cfn.describe_stacks(StackName=s["StackId"])["Stacks"][0]
        for t in full.get("Tags", []):
            print("tag", s["StackName"], "%s=%s" % (t["Key"], t["Value"]))
        if full.get("RoleARN"):
            print("role-arn", s["StackName"], full["RoleARN"])
        for arn in full.get("NotificationARNs", []):
            print("notify", s["StackName"], arn)
        body = cfn.get_template(StackName=s["StackId"])["TemplateBody"]
        tpl = json.loads(body) if isinstance(body, str) else body
        for name, res in tpl.get("Resources", {}).items():
            code = res.get("Properties", {}).get("Code", {})
            if isinstance(code, dict) and "S3Key" in code:
                print("code", name, code["S3Key"])


def functions(endpoint):
    # moto's Lambda API refuses botocore's own signatures: read with the checks paused
    auth_checks(endpoint, "inf")
    try:
        for f in client(endpoint, "lambda").list_functions()["Functions"]:
            print("function", f["FunctionName"])
    finally:
        auth_checks(endpoint, 0)


def resources(endpoint):
    for url in client(endpoint, "sqs").list_queues().get("QueueUrls", []):
        print("queue", url.rsplit("/", 1)[-1])
    for t in client(endpoint, "dynamodb").list_tables()["TableNames"]:
        print("table", t)
    sns = client(endpoint, "sns")
    for t in sns.list_topics()["Topics"]:
        attrs = sns.get_topic_attributes(TopicArn=t["TopicArn"])["Attributes"]
        print("topic", t["TopicArn"].rsplit(":", 1)[-1], attrs.get("DisplayName", ""))
    for r in client(endpoint, "events").list_rules()["Rules"]:
        print("rule", r["Name"])
    for r in client(endpoint, "iam").list_roles()["Roles"]:
        print("role", r["RoleName"])
    s3 = client(endpoint, "s3")
    for b in s3.list_buckets()["Buckets"]:
        for o in s3.list_objects_v2(Bucket=b["Name"]).get("Contents", []):
            print("object %s/%s" % (b["Name"], o["Key"]))
            head = s3.head_object(Bucket=b["Name"], Key=o["Key"])
            if head.get("ServerSideEncryption") == "aws:kms":
                print("sse %s/%s %s" % (b["Name"], o["Key"], head.get("SSEKMSKeyId", "")))


def main():
    what, endpoint = sys.argv[1], sys.argv[2]
    if what == "bootstrap":
        bootstrap(endpoint)
    elif what == "state":
        stacks(endpoint)
        functions(endpoint)
        resources(endpoint)
    else:
        sys.exit("deploy_moto_check.py: unknown step " + what)


if __name__ == "__main__":
    main()
