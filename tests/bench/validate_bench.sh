#!/usr/bin/env bash
# Benchmark (not a test, not run by ctest): median ms per template of `samc validate` as a
# process over the conformance inputs `samc transform` accepts, beside cfn-lint 1.51 as a
# process (an evenly spaced sample) and cfn-lint in one process (cfnlint.api.lint, every
# template), with the ratios of one run. Target: samc <= 10 ms per template. Nothing is asserted.
# Usage: tests/bench/validate_bench.sh [--samc PATH] [--reps N] [--sample N] [--cfn-sample N]
#                                      [--only SUBSTRING] [--no-cfn-lint]
#   --sample N      templates timed with samc (evenly spaced; 0 = all, the default)
#   --cfn-sample N  templates timed with cfn-lint as a process (default 10, ~1.4 s each)
# Skips (exit 0, "skip: ...") when python3 or ../shared/conformance is absent; without cfnlint
# only samc is measured.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
cd "$repo"  # a relative --samc (default build/samc) is taken from the repository root

if ! command -v python3 >/dev/null 2>&1; then
  echo "skip: python3 is not installed"
  exit 0
fi
corpus=$repo/../shared/conformance/sam-translator/input
if [ ! -d "$corpus" ]; then
  echo "skip: no conformance corpus at $corpus"
  exit 0
fi

exec python3 - "$corpus" "$@" <<'PY'
import argparse, os, statistics, subprocess, sys, time

REGION = "us-east-1"
PARAMS = "param1=value1 param2=value2"
corpus = sys.argv[1]
ap = argparse.ArgumentParser(prog="validate_bench.sh")
ap.add_argument("--samc", default="build/samc")
ap.add_argument("--reps", type=int, default=5, help="timed samc runs per template (median kept)")
ap.add_argument("--sample", type=int, default=0, help="samc templates, evenly spaced (0 = all)")
ap.add_argument("--cfn-sample", type=int, default=10, help="templates for cfn-lint as a process")
ap.add_argument("--only", help="only templates whose name contains SUBSTRING")
ap.add_argument("--no-cfn-lint", action="store_true")
args = ap.parse_args(sys.argv[2:])
samc = os.path.abspath(args.samc)
if not os.access(samc, os.X_OK):
    sys.exit("validate_bench: no samc binary at %s (give --samc PATH)" % samc)


def ms(seconds):
    return seconds * 1000.0


def p95(values):
    s = sorted(values)
    return s[max(0, -(-95 * len(s) // 100) - 1)]


def spaced(items, n):
    if n <= 0 or n >= len(items):
        return list(items)
    return [items[i * len(items) // n] for i in range(n)]


def run_quiet(cmd):
    return subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode


def time_process(cmd, reps):
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        run_quiet(cmd)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def accepted_templates():
    names = sorted(f for f in os.listdir(corpus)
                   if f.endswith(".yaml") and (not args.only or args.only in f))
    out, rejected = [], 0
    for f in names:
        p = os.path.join(corpus, f)
        if run_quiet([samc, "transform", "--region", REGION, "--parameter-overrides", PARAMS, p]) == 0:
            out.append(p)
        else:
            rejected += 1
    return out, rejected


def cfn_lint_in_process():
    """cfnlint.api.lint over a string, or None when cfnlint cannot be imported."""
    try:
        import logging
        from cfnlint.api import ManualArgs, lint
    except Exception as e:
        print("cfn-lint: not measured, cfnlint cannot be imported (%s)" % e)
        return None
    logging.disable(logging.WARNING)

    def run(path):
        with open(path, encoding="utf-8") as f:
            return len(lint(f.read(), config=ManualArgs(regions=[REGION])))
    return run


def cfn_lint_command():
    exe = os.path.join(os.path.dirname(sys.executable), "cfn-lint")
    return [exe] if os.access(exe, os.X_OK) else [sys.executable, "-m", "cfnlint"]


todo, rejected = accepted_templates()
if not todo:
    sys.exit("validate_bench: samc transform accepts none of the templates")
timed = spaced(todo, args.sample)
print("validate_bench: %d templates accepted by samc transform (%d rejected, skipped); "
      "timing %d, samc %d reps (median)" % (len(todo), rejected, len(timed), max(1, args.reps)))
t_start = time.perf_counter()
samc_ms = {}
for p in timed:
    samc_ms[p] = ms(time_process([samc, "validate", "--region", REGION, p], max(1, args.reps)))
s = list(samc_ms.values())
print("samc validate (process): median %.2f ms, p95 %.2f ms, mean %.2f ms per template over %d"
      % (statistics.median(s), p95(s), statistics.mean(s), len(s)))
slowest = sorted(samc_ms.items(), key=lambda kv: -kv[1])[:5]
print("  slowest: " + ", ".join("%s %.1f ms" % (os.path.basename(k), v) for k, v in slowest))
print("  target <= 10 ms per template: %s" % ("met" if statistics.median(s) <= 10.0 else "NOT met"))

lint_in = None if args.no_cfn_lint else cfn_lint_in_process()
if lint_in:
    lint_in(timed[0])  # untimed: lazy imports and schema loading are not charged to a template
    inproc = []
    for p in timed:
        t0 = time.perf_counter()
        try:
            lint_in(p)
        except Exception:
            pass
        inproc.append(ms(time.perf_counter() - t0))
    print("cfn-lint in one process (cfnlint.api.lint): median %.2f ms, p95 %.2f ms, mean %.2f ms "
          "per template over %d" % (statistics.median(inproc), p95(inproc), statistics.mean(inproc),
                                    len(inproc)))
    sample = spaced(timed, max(1, args.cfn_sample))
    cmd = cfn_lint_command()
    proc = []
    for p in sample:
        proc.append(ms(time_process(cmd + ["--regions", REGION, "--", p], 1)))
    samc_sample = [samc_ms[p] for p in sample]
    print("cfn-lint as a process (1 run each): median %.2f ms over %d templates (samc on the same: "
          "median %.2f ms)" % (statistics.median(proc), len(proc), statistics.median(samc_sample)))
    print("ratio cfn-lint process / samc process: %.0fx (medians of the same sample)"
          % (statistics.median(proc) / statistics.median(samc_sample)))
    print("ratio cfn-lint in-process / samc process: %.1fx (medians), totals %.1fx"
          % (statistics.median(inproc) / statistics.median(s), sum(inproc) / sum(s)))
print("wall %.1f s" % (time.perf_counter() - t_start))
PY
