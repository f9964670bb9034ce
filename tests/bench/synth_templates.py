#!/usr/bin/env python3
"""synth_templates.py — the synthetic templates of the scale benchmarks and tests, in one place.

plain(n): CloudFormation only, n resources: chains of 50 plus fan-out from hubs every 500, with
          Ref, Fn::GetAtt, Fn::Sub and DependsOn edges and one condition.
sam(n):   Transform: AWS::Serverless-2016-10-31, n resources as written (n // 10 blocks of ten:
          functions with SQS, SNS and Schedule events, a SimpleTable, queues, topics, alarms and
          parameters that refer to what the functions generate or to the previous block).

Imported by tests/bench/graph_scale.sh and tests/bench/run; as a program it writes one template:
  python3 synth_templates.py plain|sam N [OUTPUT]   (stdout without OUTPUT)
"""
import sys


def plain(n):
    out = ["AWSTemplateFormatVersion: '2010-09-09'", "Parameters:", "  Stage: {Type: String, Default: dev}",
           "Conditions:", "  IsProd: !Equals [!Ref Stage, prod]", "Resources:"]
    for i in range(n):
        name = f"R{i}"
        if i % 500 == 0:  # a hub: many resources below depend on it
            out += [f"  {name}:", "    Type: AWS::SNS::Topic", "    Condition: IsProd"]
            continue
        hub = f"R{i - i % 500}"
        out += [f"  {name}:", "    Type: AWS::SQS::Queue"]
        if i % 7 == 0:
            out.append(f"    DependsOn: [{hub}]")
        out += ["    Properties:",
                f"      QueueName: !Sub '${{Stage}}-{name}'",
                "      Tags:",
                f"        - {{Key: hub, Value: !Ref {hub}}}"]
        if i % 50 != 0:  # chains of 50
            prev = f"R{i - 1}"
            out.append(f"        - {{Key: prev, Value: !GetAtt {prev}.Arn}}")
            out.append(f"        - {{Key: sub, Value: !Sub '${{{prev}.QueueName}}-${{!Literal}}'}}")
    return "\n".join(out) + "\n"

def sam_block(b):
    """Ten resources: a queue and a topic, three functions with events, a table, four plain
    resources referring to what the functions generate or to the previous block."""
    q, t, tab = f"Queue{b}", f"Topic{b}", f"Table{b}"
    prev = f"Worker{b - 1}" if b else None
    out = [f"  {q}:", "    Type: AWS::SQS::Queue",
           f"  {t}:", "    Type: AWS::SNS::Topic",
           f"  {tab}:", "    Type: AWS::Serverless::SimpleTable",
           "    Properties:", "      PrimaryKey: {Name: id, Type: String}"]
    out += [f"  Worker{b}:", "    Type: AWS::Serverless::Function", "    Properties:",
            f"      CodeUri: s3://bench-bucket/worker{b}.zip", "      Events:",
            "        FromQueue:", "          Type: SQS",
            f"          Properties: {{Queue: !GetAtt {q}.Arn, BatchSize: 10}}",
            "        FromTopic:", "          Type: SNS", f"          Properties: {{Topic: !Ref {t}}}"]
    if prev:
        out += ["      Environment:", "        Variables:", f"          PREVIOUS: !Ref {prev}"]
    out += [f"  Api{b}:", "    Type: AWS::Serverless::Function", "    Properties:",
            f"      CodeUri: s3://bench-bucket/api{b}.zip",
            "      Policies:", f"        - DynamoDBCrudPolicy: {{TableName: !Ref {tab}}}",
            "      Environment:", "        Variables:", f"          TABLE: !Ref {tab}"]
    out += [f"  Cron{b}:", "    Type: AWS::Serverless::Function", "    Properties:",
            f"      CodeUri: s3://bench-bucket/cron{b}.zip", "      Events:",
            "        Tick:", "          Type: Schedule", "          Properties: {Schedule: rate(5 minutes)}"]
    out += [f"  Alarm{b}:", "    Type: AWS::CloudWatch::Alarm", "    Properties:",
            "      ComparisonOperator: GreaterThanThreshold", "      EvaluationPeriods: 1",
            "      MetricName: Errors", "      Namespace: AWS/Lambda", "      Period: 60",
            "      Statistic: Sum", "      Threshold: 1",
            f"      Dimensions: [{{Name: FunctionName, Value: !Ref Worker{b}}}]",
            f"      AlarmActions: [!Ref {t}]"]
    out += [f"  DeadLetter{b}:", "    Type: AWS::SQS::Queue", f"    DependsOn: [{q}]", "    Properties:",
            f"      QueueName: !Sub '${{AWS::StackName}}-${{Worker{b}}}-dlq'"]
    out += [f"  Subscription{b}:", "    Type: AWS::SNS::Subscription", "    Properties:",
            f"      TopicArn: !Ref {t}", "      Protocol: sqs", f"      Endpoint: !GetAtt DeadLetter{b}.Arn"]
    out += [f"  RoleOutput{b}:", "    Type: AWS::SSM::Parameter", "    Properties:",
            "      Type: String", f"      Value: !GetAtt Api{b}Role.Arn"]
    return out

def sam(n):
    out = ["AWSTemplateFormatVersion: '2010-09-09'", "Transform: AWS::Serverless-2016-10-31",
           "Globals:", "  Function:", "    Runtime: python3.12", "    Handler: index.handler",
           "    MemorySize: 256", "Resources:"]
    for b in range(n // 10):
        out += sam_block(b)
    return "\n".join(out) + "\n"

VARIANTS = {"plain": plain, "sam": sam}


def main(argv):
    if len(argv) not in (3, 4) or argv[1] not in VARIANTS or not argv[2].isdigit():
        sys.exit("usage: synth_templates.py plain|sam N [OUTPUT]")
    text = VARIANTS[argv[1]](int(argv[2]))
    if len(argv) == 4:
        with open(argv[3], "w") as f:
            f.write(text)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main(sys.argv)
