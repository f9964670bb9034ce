#!/usr/bin/env bash
# Benchmark (not a test, not run by ctest): zipping a generated ~200 MB tree with
# `samc package` (libzip + zlib, DEFLATE 6, reproducible) against Info-ZIP `zip -X -r -6`, in
# the same run; prints the median seconds of each and the ratio (zip time / samc time: above
# 1.0 means samc is faster). The tree mixes source-like text (compressible), random bytes
# (incompressible) and many small files.
# Usage: tests/bench/zip_bench.sh [--samc PATH] [--reps N] [--mb SIZE]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
samc=$repo/build/samc
reps=3
mb=200
while [ $# -gt 0 ]; do
  case $1 in
    --samc) samc=$2; shift 2 ;;
    --reps) reps=$2; shift 2 ;;
    --mb) mb=$2; shift 2 ;;
    *) echo "usage: $0 [--samc PATH] [--reps N] [--mb SIZE]" >&2; exit 2 ;;
  esac
done
samc=$(cd "$(dirname "$samc")" && pwd)/$(basename "$samc")
[ -x "$samc" ] || { echo "no samc binary at $samc (build first or pass --samc)" >&2; exit 2; }
command -v zip >/dev/null || { echo "zip_bench: Info-ZIP zip is not installed (apt-get install zip)"; exit 0; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

exec python3 - "$samc" "$reps" "$mb" "$work" <<'PY'
import os, random, statistics, subprocess, sys, time

samc, reps, mb, work = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
tree = os.path.join(work, "code")
rng = random.Random(42)
words = [("".join(rng.choice("abcdefghijklmnopqrstuvwxyz_") for _ in range(rng.randint(2, 12))))
         for _ in range(5000)]
target = mb * 1024 * 1024
written = 0
i = 0
while written < target:
    d = os.path.join(tree, f"pkg{i % 40}", f"mod{i % 7}")
    os.makedirs(d, exist_ok=True)
    kind = i % 10
    if kind < 6:    # source-like text, 4-400 KB
        n = rng.randint(4, 400) * 1024
        data = " ".join(rng.choice(words) for _ in range(n // 6)).encode()[:n]
    elif kind < 8:  # binary, incompressible, up to 2 MB
        data = rng.randbytes(rng.randint(1, 2048) * 1024)
    else:           # tiny files
        data = rng.choice(words).encode() * rng.randint(1, 50)
    with open(os.path.join(d, f"f{i}.dat"), "wb") as f:
        f.write(data)
    written += len(data)
    i += 1
with open(os.path.join(work, "template.yaml"), "w") as f:
    f.write("Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Code: code\n")

def timed(cmd, cwd, before=None):
    times = []
    for _ in range(reps):
        if before:
            before()
        t = time.perf_counter()
        subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - t)
    return statistics.median(times)

def clean():
    subprocess.run(["rm", "-rf", os.path.join(work, "out"), os.path.join(work, "info.zip")], check=True)

samc_s = timed([samc, "package", "-t", "template.yaml", "--output-dir", "out"], work, clean)
samc_size = sum(os.path.getsize(os.path.join(work, "out", n)) for n in os.listdir(os.path.join(work, "out"))
                if n != "template.yaml")
zip_s = timed(["zip", "-X", "-r", "-6", "-q", os.path.join(work, "info.zip"), "."], tree, clean)
print(f"tree: {i} files, {written / 1048576:.0f} MB; median of {reps} runs")
print(f"samc package   {samc_s:7.2f} s  (zip {samc_size / 1048576:.1f} MB)")
print(f"zip -X -r -6   {zip_s:7.2f} s  (zip {os.path.getsize(os.path.join(work, 'info.zip')) / 1048576:.1f} MB)")
print(f"ratio zip/samc {zip_s / samc_s:7.2f}  (>= 1.0: samc at least as fast)")
PY
