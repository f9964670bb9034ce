#!/usr/bin/env bash
# Benchmark (not a test, not run by ctest): times `samc graph --format json` as a process on
# generated templates of 2.5k/5k/10k/20k resources (chains of 50 plus fan-out from hubs, with
# Ref, Fn::GetAtt, Fn::Sub and DependsOn edges); prints the median ms and the ratio between
# successive sizes (2.0 means linear). Usage: tests/bench/graph_scale.sh [--samc PATH] [--reps N]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
samc=$repo/build/samc
reps=5
while [ $# -gt 0 ]; do
  case $1 in
    --samc) samc=$2; shift 2 ;;
    --reps) reps=$2; shift 2 ;;
    *) echo "usage: $0 [--samc PATH] [--reps N]" >&2; exit 2 ;;
  esac
done
[ -x "$samc" ] || { echo "no samc binary at $samc (build first or pass --samc)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

exec python3 - "$samc" "$reps" "$work" <<'PY'
import os, statistics, subprocess, sys, time

samc, reps, work = sys.argv[1], int(sys.argv[2]), sys.argv[3]

def template(n):
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

def run_ms(path):
    times = []
    for _ in range(reps):
        t = time.perf_counter()
        r = subprocess.run([samc, "graph", "--format", "json", path], stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE)
        times.append((time.perf_counter() - t) * 1000)
        if r.returncode != 0:
            sys.exit(f"samc graph failed on {path}: {r.stderr.decode()}")
    return statistics.median(times)

print(f"samc graph --format json, median of {reps} runs ({samc})")
print(f"{'resources':>10} {'bytes':>10} {'ms':>9} {'ratio':>7}")
previous = None
for n in (2500, 5000, 10000, 20000):
    path = os.path.join(work, f"graph_{n}.yaml")
    with open(path, "w") as f:
        f.write(template(n))
    ms = run_ms(path)
    ratio = f"{ms / previous:7.2f}" if previous else "      -"
    print(f"{n:>10} {os.path.getsize(path):>10} {ms:9.1f} {ratio}")
    previous = ms
PY
