#!/usr/bin/env python3
"""cfn_fake.py PORT_FILE — a CloudFormation endpoint that plays one failed stack creation, for
the failure paths moto cannot reach (it never fails a stack). The stack named in the first
CreateChangeSet is created by ExecuteChangeSet, reports CREATE_IN_PROGRESS once, then
ROLLBACK_COMPLETE; DeleteStack takes it to DELETE_COMPLETE. Every action is logged to
stdout ("ACTION", with " DisableRollback=V" when sent), so the test sees the calls made. Writes its port to PORT_FILE."""
import sys

import fake_http

NS = "http://cloudformation.amazonaws.com/doc/2010-05-15/"
STACK_ID = "arn:aws:cloudformation:us-east-1:123456789012:stack/%s/0001"
CS_ID = "arn:aws:cloudformation:us-east-1:123456789012:changeSet/%s/0002"
state = {"name": None, "status": None, "polls": 0, "events": []}


def event(status):
    n = len(state["events"]) + 1
    state["events"].insert(0, (
        "<member><EventId>e%d</EventId><StackName>{name}</StackName><StackId>{sid}</StackId>"
        "<LogicalResourceId>{name}</LogicalResourceId><PhysicalResourceId>{sid}"
        "</PhysicalResourceId><ResourceType>AWS::CloudFormation::Stack</ResourceType>"
        "<Timestamp>2026-11-24T00:00:%02d.000Z</Timestamp><ResourceStatus>%s</ResourceStatus>"
        "</member>" % (n, n, status)).format(name=state["name"], sid=STACK_ID % state["name"]))
    state["status"] = status


def result(action, body):
    return 200, "<%sResponse xmlns=\"%s\"><%sResult>%s</%sResult><ResponseMetadata><RequestId>r" \
        "</RequestId></ResponseMetadata></%sResponse>" % (action, NS, action, body, action, action)


def error(message):
    return 400, "<ErrorResponse xmlns=\"%s\"><Error><Type>Sender</Type><Code>ValidationError" \
        "</Code><Message>%s</Message></Error><RequestId>r</RequestId></ErrorResponse>" % (NS, message)


def describe_stacks(params):
    if state["status"] in (None, "DELETE_COMPLETE") and not params["StackName"].startswith("arn:"):
        return error("Stack with id %s does not exist" % params["StackName"])
    if state["status"] == "CREATE_IN_PROGRESS":
        state["polls"] += 1
        if state["polls"] > 1:
            event("ROLLBACK_COMPLETE")
    return result("DescribeStacks", "<Stacks><member><StackName>%s</StackName><StackId>%s</StackId>"
                  "<StackStatus>%s</StackStatus><CreationTime>2026-11-24T00:00:00Z</CreationTime>"
                  "</member></Stacks>" % (state["name"], STACK_ID % state["name"], state["status"]))


def answer(action, params):
    if action == "DescribeStacks":
        return describe_stacks(params)
    if action == "CreateChangeSet":
        state["name"] = params["StackName"]
        state["status"] = "REVIEW_IN_PROGRESS"
        return result(action, "<Id>%s</Id><StackId>%s</StackId>" % (CS_ID % state["name"],
                                                                     STACK_ID % state["name"]))
    if action == "DescribeChangeSet":
        return result(action, "<ChangeSetId>%s</ChangeSetId><StackId>%s</StackId><StackName>%s"
                      "</StackName><Status>CREATE_COMPLETE</Status><ExecutionStatus>AVAILABLE"
                      "</ExecutionStatus><Changes><member><Type>Resource</Type><ResourceChange>"
                      "<Action>Add</Action><LogicalResourceId>Topic</LogicalResourceId>"
                      "<ResourceType>AWS::SNS::Topic</ResourceType></ResourceChange></member>"
                      "</Changes>" % (CS_ID % state["name"], STACK_ID % state["name"], state["name"]))
    if action == "ExecuteChangeSet":
        event("CREATE_IN_PROGRESS")
        return result(action, "")
    if action == "DescribeStackEvents":
        return result(action, "<StackEvents>%s</StackEvents>" % "".join(state["events"]))
    if action == "DeleteStack":
        event("DELETE_COMPLETE")
        return result(action, "")
    return error("unexpected action %s" % action)


class Handler(fake_http.Handler):
    def do_POST(self):
        params = self.form()
        action = params.get("Action", "?")
        extra = " DisableRollback=" + params["DisableRollback"] if "DisableRollback" in params else ""
        print(action + extra, flush=True)
        code, text = answer(action, params)
        self.reply(code, text, "text/xml")


fake_http.serve(Handler, sys.argv[1])
