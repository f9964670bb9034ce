#!/usr/bin/env bash
# Benchmark (not a test, not run by ctest): times `samc graph --format json` as a process on
# generated templates of 2.5k/5k/10k/20k resources, in two variants:
#   plain - CloudFormation only (chains of 50 plus fan-out from hubs, with Ref, Fn::GetAtt,
#           Fn::Sub and DependsOn edges);
#   sam   - Transform: AWS::Serverless-2016-10-31 with, per block of 10 resources, functions
#           with SQS, SNS and Schedule events, a SimpleTable and queues/topics/alarms that
#           reference them (the size counts resources as written, before expansion).
# Prints medians of the wall-clock and CPU (user + system) ms with the ratio to the previous size
# (2.0 means linear; CPU time is the steadier figure on a busy machine), the peak RSS in KB
# (/usr/bin/time -f %M), its ratio to the template size, the memory target for that size and
# the peak above that of `samc --help` (the binary and its shared libraries alone).
# Needs python3 and GNU time (/usr/bin/time).
# Targets: 10k resources <= 200 ms, 2x input <= 2.2x time, peak RSS <= 10x size + 8 MB.
# Usage: tests/bench/graph_scale.sh [--samc PATH] [--reps N] [--only plain|sam]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
samc=$repo/build/samc
reps=5
only=
while [ $# -gt 0 ]; do
  case $1 in
    --samc) samc=$2; shift 2 ;;
    --reps) reps=$2; shift 2 ;;
    --only) only=$2; shift 2 ;;
    *) echo "usage: $0 [--samc PATH] [--reps N] [--only plain|sam]" >&2; exit 2 ;;
  esac
done
[ -x "$samc" ] || { echo "no samc binary at $samc (build first or pass --samc)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "skip: /usr/bin/time (GNU time) is not installed"; exit 0; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

exec python3 - "$samc" "$reps" "$work" "$only" <<'PY'
import os, statistics, subprocess, sys, time

samc, reps, work, only = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]

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

TIME = "/usr/bin/time"  # GNU time: a small parent, so the child's peak RSS is its own

def run_once(args):
    """Wall ms, CPU ms (user + system) and peak RSS in KB (/usr/bin/time -f %M)."""
    report = os.path.join(work, "time.out")
    t = time.perf_counter()
    r = subprocess.run([TIME, "-f", "%U %S %M", "-o", report, samc] + args,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = (time.perf_counter() - t) * 1000
    if r.returncode != 0:
        sys.exit(f"samc {' '.join(args)} failed: {r.stderr.decode()}")
    user, system, kb = open(report).read().split()[-3:]
    return wall, (float(user) + float(system)) * 1000, int(kb)

def measure(path):
    runs = [run_once(["graph", "--format", "json", path]) for _ in range(reps)]
    return [statistics.median(r[k] for r in runs) for k in range(3)]

def baseline_kb():
    """Peak RSS of `samc --help`: the process itself (binary and shared libraries)."""
    return run_once(["--help"])[2]

BASE_KB = baseline_kb()

def bench(variant, make):
    print(f"\n{variant}: samc graph --format json, median of {reps} runs ({samc})")
    print(f"{'resources':>10} {'bytes':>10} {'wall ms':>9} {'ratio':>7} {'cpu ms':>9} {'ratio':>7}"
          f" {'peak KB':>9} {'KB/size':>8} {'target KB':>9} {'over base':>9}")
    previous = None
    for n in (2500, 5000, 10000, 20000):
        path = os.path.join(work, f"graph_{variant}_{n}.yaml")
        with open(path, "w") as f:
            f.write(make(n))
        size = os.path.getsize(path)
        wall, cpu, kb = measure(path)
        ratios = [f"{now / before:7.2f}" if previous else "      -"
                  for now, before in zip((wall, cpu), previous or (1, 1))]
        target = (10 * size + 8 * 1024 * 1024) // 1024
        print(f"{n:>10} {size:>10} {wall:9.1f} {ratios[0]} {cpu:9.1f} {ratios[1]}"
              f" {kb:9d} {kb * 1024 / size:8.2f} {target:9d} {kb - BASE_KB:9d}")
        previous = (wall, cpu)

print(f"samc --help peak RSS (the process without a template): {BASE_KB} KB")
for variant, make in (("plain", plain), ("sam", sam)):
    if only in ("", variant):
        bench(variant, make)
PY
