#!/usr/bin/env python3
"""aws_creds_fake.py PORT_FILE — the HTTP credential sources samc reads, on one local port, and
a CloudFormation endpoint that logs whose credentials signed each call:
  GET  /container-creds       container endpoint (Authorization must be "Bearer c-token")
  PUT  /latest/api/token      IMDSv2 session token
  GET  /latest/meta-data/iam/security-credentials/[ROLE]   (token header required)
  POST / Action=AssumeRoleWithWebIdentity                   STS (checks the token and role)
  POST / Action=AssumeRole      STS, signed by a base key (a source profile's AKIDSOURCE or a
                                credential_source's): logs "assume AKID ROLE SESSION
                                EXTERNALID", hands out AKIDROLE
  POST / Action=DescribeStacks  logs "signed AKID TOKEN", answers "does not exist".
Each credential source hands out its own access key id (AKIDCONTAINER, AKIDIMDS, AKIDWEB)."""
import json
import sys

import fake_http


# The keys a role may be assumed with: a source profile's, or those of a credential_source
# (the environment, the container endpoint, instance metadata); never a role's own.
BASE_KEYS = {"AKIDSOURCE", "AKIDENV", "AKIDCONTAINER", "AKIDIMDS"}


def creds(akid):
    return json.dumps({"Code": "Success", "AccessKeyId": akid, "SecretAccessKey": "s-" + akid,
                       "Token": "t-" + akid, "Expiration": "2099-01-01T00:00:00Z"})


class Handler(fake_http.Handler):
    def do_PUT(self):
        if self.path == "/latest/api/token" and self.headers.get("X-aws-ec2-metadata-token-ttl-seconds"):
            return self.reply(200, "imds-token")
        self.reply(400, "bad token request")

    def do_GET(self):
        if self.path == "/container-creds":
            if self.headers.get("Authorization") != "Bearer c-token":
                return self.reply(401, "no")
            return self.reply(200, creds("AKIDCONTAINER"), "application/json")
        if self.path.startswith("/latest/meta-data/iam/security-credentials/"):
            if self.headers.get("X-aws-ec2-metadata-token") != "imds-token":
                return self.reply(401, "no")
            role = self.path.rsplit("/", 1)[1]
            if not role:
                return self.reply(200, "samc-role\n")
            return self.reply(200, creds("AKIDIMDS") if role == "samc-role" else "", "application/json")
        self.reply(404, "not found")

    def do_POST(self):
        p = self.form()
        action = p.get("Action")
        if action == "AssumeRoleWithWebIdentity":
            ok = p.get("WebIdentityToken") == "oidc-token" and p.get("RoleArn") == "arn:aws:iam::1:role/ci"
            if not ok:
                return self.reply(403, "<ErrorResponse><Error><Code>AccessDenied</Code><Message>"
                                  "Not authorized to perform sts:AssumeRoleWithWebIdentity</Message>"
                                  "</Error></ErrorResponse>", "text/xml")
            return self.reply(200, "<AssumeRoleWithWebIdentityResponse><AssumeRoleWithWebIdentityResult>"
                              "<Credentials><AccessKeyId>AKIDWEB</AccessKeyId><SecretAccessKey>s-web"
                              "</SecretAccessKey><SessionToken>t-AKIDWEB</SessionToken></Credentials>"
                              "<SubjectFromWebIdentityToken>%s</SubjectFromWebIdentityToken>"
                              "</AssumeRoleWithWebIdentityResult></AssumeRoleWithWebIdentityResponse>"
                              % p.get("RoleSessionName"), "text/xml")
        auth = self.headers.get("Authorization", "")
        akid = auth.split("Credential=", 1)[1].split("/", 1)[0] if "Credential=" in auth else "-"
        if action == "AssumeRole":
            print("assume", akid, p.get("RoleArn"), p.get("RoleSessionName"), p.get("ExternalId", "-"),
                  flush=True)
            if akid not in BASE_KEYS or "/sts/aws4_request" not in auth:
                return self.reply(403, "<ErrorResponse><Error><Code>AccessDenied</Code><Message>"
                                  "not the source profile's key</Message></Error></ErrorResponse>",
                                  "text/xml")
            return self.reply(200, "<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>"
                              "AKIDROLE</AccessKeyId><SecretAccessKey>s-role</SecretAccessKey>"
                              "<SessionToken>t-AKIDROLE</SessionToken></Credentials>"
                              "</AssumeRoleResult></AssumeRoleResponse>", "text/xml")
        print("signed", action, akid, self.headers.get("X-Amz-Security-Token", "-"), flush=True)
        self.reply(400, "<ErrorResponse><Error><Type>Sender</Type><Code>ValidationError</Code>"
                   "<Message>Stack with id s does not exist</Message></Error></ErrorResponse>", "text/xml")


fake_http.serve(Handler, sys.argv[1])
