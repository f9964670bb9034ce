#!/usr/bin/env bash
# Benchmark (not a test, not run by ctest): times `samc graph --format json` as a process on
# generated templates of 2.5k/5k/10k/20k resources, in two variants:
#   plain - CloudFormation only (chains of 50 plus fan-out from hubs, with Ref, Fn::GetAtt,
#           Fn::Sub and DependsOn edges);
#   sam   - Transform: AWS::Serverless-2016-10-31 with, per block of 10 resources, functions
#           with SQS, SNS and Schedule events, a SimpleTable and queues/topics/alarms that
#           reference them (the size counts resources as written, before expansion).
# The generators are in synth_templates.py.
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

exec python3 - "$samc" "$reps" "$work" "$only" "$here" <<'PY'
import os, statistics, subprocess, sys, time

samc, reps, work, only = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
sys.path.insert(0, sys.argv[5])
from synth_templates import plain, sam  # the generators, shared with tests/bench/run


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
