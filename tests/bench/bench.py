#!/usr/bin/env python3
"""Benchmark: how long `samc transform` takes per template, and the reference translator beside it.

Templates: every input of ../shared/conformance/sam-translator/input whose name does not start with
error_ (when that directory exists), else every tests/data/**/*.yaml; --templates DIR overrides.
Every template runs as `samc transform --region us-east-1 --parameter-overrides "param1=value1
param2=value2" TEMPLATE` (stdout discarded): one untimed check run (templates samc rejects are
skipped and counted), then --reps timed runs, median kept. When samtranslator is importable the same
templates are timed with the reference, at the same region and parameters:
  (a) as a process, `python3 -c <load + transform + print JSON>`, once per template, on an evenly
      spaced sample of --sample templates (interpreter start-up and imports included, as for samc);
  (b) in this process: read + yaml_parse + transform + json.dumps, --ref-reps runs, median kept.
Prints per-template milliseconds, then totals, median and p95 per template, and ratios
(reference / samc). Timings are informative only: nothing is asserted.

Usage: bench.py [--samc PATH] [--reps N] [--ref-reps N] [--sample N] [--only SUBSTRING]
                [--templates DIR] [--no-reference]
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

REGION = "us-east-1"
PARAMS = "param1=value1 param2=value2"
PARAM_VALUES = {"param1": "value1", "param2": "value2"}
HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))

# The reference as a process: the same work as the in-process run, plus start-up and imports.
REFERENCE_PROGRAM = r"""
import json, sys
from samtranslator.translator.transform import transform
from samtranslator.yaml_helper import yaml_parse
class Loader:
    def load(self):
        return {}
with open(sys.argv[1], encoding="utf-8") as f:
    manifest = yaml_parse(f)
params = json.loads(sys.argv[2])
try:
    out = transform(manifest, params, Loader())
except Exception as e:
    print(str(e), file=sys.stderr)
    sys.exit(1)
print(json.dumps(out))
"""


def ms(seconds):
    return seconds * 1000.0


def p95(values):
    """Nearest-rank 95th percentile."""
    s = sorted(values)
    return s[max(0, -(-95 * len(s) // 100) - 1)]


def find_templates(args):
    if args.templates:
        root = args.templates
    else:
        corpus = os.path.join(REPO, "..", "shared", "conformance", "sam-translator", "input")
        root = corpus if os.path.isdir(corpus) else os.path.join(REPO, "tests", "data")
    out = []
    for d, dirs, files in os.walk(root):
        dirs.sort()
        for f in files:
            if f.endswith(".yaml") and not f.startswith("error_"):
                p = os.path.join(d, f)
                rel = os.path.relpath(p, root)
                if not args.only or args.only in rel:
                    out.append((rel, p))
    return os.path.normpath(root), sorted(out)


def samc_cmd(samc, path):
    return [samc, "transform", "--region", REGION, "--parameter-overrides", PARAMS, path]


def time_process(cmd, reps, env=None):
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def load_reference():
    os.environ.setdefault("AWS_DEFAULT_REGION", REGION)
    try:
        import logging

        from samtranslator.translator.transform import transform
        from samtranslator.yaml_helper import yaml_parse
    except Exception as e:
        print("reference: not measured, samtranslator cannot be imported (%s)" % e)
        return None
    logging.disable(logging.WARNING)  # the reference's metrics warnings

    class Loader:
        def load(self):
            return {}

    def run(path):
        with open(path, encoding="utf-8") as f:
            manifest = yaml_parse(f)
        try:
            json.dumps(transform(manifest, dict(PARAM_VALUES), Loader()))
            return True
        except Exception:
            return False

    return run


def time_in_process(run, path, reps):
    times, ok = [], True
    for _ in range(reps):
        t0 = time.perf_counter()
        ok = run(path)
        times.append(time.perf_counter() - t0)
    return statistics.median(times), ok


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--samc", default=os.path.join(REPO, "build", "samc"))
    ap.add_argument("--reps", type=int, default=5, help="timed samc runs per template (median kept)")
    ap.add_argument("--ref-reps", type=int, default=3, help="timed in-process reference runs per template")
    ap.add_argument("--sample", type=int, default=20, help="templates timed with the reference as a process")
    ap.add_argument("--only", help="only templates whose path contains SUBSTRING")
    ap.add_argument("--templates", help="directory of templates (default: the conformance inputs)")
    ap.add_argument("--no-reference", action="store_true")
    args = ap.parse_args()
    samc = os.path.abspath(args.samc)
    if not os.access(samc, os.X_OK):
        sys.exit("bench: no samc binary at %s (give --samc PATH)" % samc)
    args.reps, args.ref_reps = max(1, args.reps), max(1, args.ref_reps)
    root, todo = find_templates(args)
    if not todo:
        sys.exit("bench: no templates under %s" % root)
    ref = None if args.no_reference else load_reference()
    print("bench: %d templates from %s; samc %s, %d reps (median)%s" % (
        len(todo), root, samc, args.reps,
        "; reference in-process %d reps (median)" % args.ref_reps if ref else ""))
    if ref:  # one untimed run so lazy imports inside the reference are not charged to a template
        ref(todo[0][1])

    t_start = time.perf_counter()
    rows, rejected, ref_errors = [], [], 0
    print("%-70s %10s %14s" % ("template", "samc ms", "ref in-proc ms" if ref else ""))
    for rel, path in todo:
        check = subprocess.run(samc_cmd(samc, path), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if check.returncode != 0:
            rejected.append(rel)
            print("%-70s %10s" % (rel, "rejected (exit %d)" % check.returncode))
            continue
        t_samc = time_process(samc_cmd(samc, path), args.reps)
        t_ref = None
        if ref:
            t_ref, ok = time_in_process(ref, path, args.ref_reps)
            ref_errors += 0 if ok else 1
        rows.append((rel, path, t_samc, t_ref))
        print("%-70s %10.2f %14s" % (rel, ms(t_samc), "%.2f" % ms(t_ref) if t_ref is not None else ""))

    sample_rows = []
    if ref and rows:
        n = min(max(1, args.sample), len(rows))
        picked = [rows[i * len(rows) // n] for i in range(n)]
        print("reference as a process (python3 -c ..., 1 run each) on %d templates:" % n)
        env = dict(os.environ, AWS_DEFAULT_REGION=REGION)
        for rel, path, t_samc, t_ref in picked:
            t_proc = time_process([sys.executable, "-c", REFERENCE_PROGRAM, path, json.dumps(PARAM_VALUES)], 1, env)
            sample_rows.append((rel, t_samc, t_proc))
            print("%-70s %10.2f samc %10.2f reference" % (rel, ms(t_samc), ms(t_proc)))

    wall = time.perf_counter() - t_start
    print("== summary (wall %.1f s)" % wall)
    print("templates: %d, timed: %d, rejected by samc (skipped): %d" % (len(todo), len(rows), len(rejected)))
    if not rows:
        return 0
    s = [r[2] for r in rows]
    print("samc (process): median %.2f ms, p95 %.2f ms, mean %.2f ms, total %.2f s per pass over %d templates"
          % (ms(statistics.median(s)), ms(p95(s)), ms(statistics.mean(s)), sum(s), len(s)))
    if ref:
        r = [row[3] for row in rows]
        print("reference in-process: median %.2f ms, p95 %.2f ms, mean %.2f ms, total %.2f s (%d of them raised)"
              % (ms(statistics.median(r)), ms(p95(r)), ms(statistics.mean(r)), sum(r), ref_errors))
        ratios = [row[3] / row[2] for row in rows]
        print("ratio reference in-process / samc process: %.1fx (medians), per-template median %.1fx, "
              "totals %.1fx" % (statistics.median(r) / statistics.median(s), statistics.median(ratios),
                                sum(r) / sum(s)))
    if sample_rows:
        sp = [x[2] for x in sample_rows]
        ss = [x[1] for x in sample_rows]
        print("reference as a process (%d templates): median %.1f ms, p95 %.1f ms; samc on the same: "
              "median %.2f ms" % (len(sp), ms(statistics.median(sp)), ms(p95(sp)), ms(statistics.median(ss))))
        print("ratio reference process / samc process: %.0fx (medians), per-template median %.0fx"
              % (statistics.median(sp) / statistics.median(ss), statistics.median([a / b for _, b, a in sample_rows])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
