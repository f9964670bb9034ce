#!/usr/bin/env bash
# fuzz.sh BUILD_DIR TARGET SECONDS [WORK_DIR] — runs one libFuzzer target (built with
# -DSAMC_FUZZ=ON) at low priority on one core, with its dictionary and input size limit, on a
# corpus in WORK_DIR/<target> seeded by seeds.sh; crashes go to WORK_DIR/artifacts/<target>/.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:?usage: fuzz.sh BUILD_DIR TARGET SECONDS [WORK_DIR]}
build=$(cd "$build" && pwd) # the run happens in WORK_DIR
target=${2:?target: load transform graph lint jinja samconfig xml tar}
seconds=${3:?seconds}
work=${4:-${TMPDIR:-/tmp}/samc-fuzz}
bin="$build/tests/fuzz/fuzz_$target"
[ -x "$bin" ] || { echo "fuzz.sh: $bin missing (configure with CC=clang -DSAMC_FUZZ=ON)" >&2; exit 2; }
case $target in
  load|transform|graph|lint) dict=yaml.dict; max_len=16384 ;;
  jinja) dict=jinja.dict; max_len=4096 ;;
  samconfig) dict=toml.dict; max_len=4096 ;;
  xml) dict=xml.dict; max_len=8192 ;;
  tar) dict=tar.dict; max_len=16384 ;;
  *) echo "fuzz.sh: unknown target $target" >&2; exit 2 ;;
esac
[ -d "$work/seeds/$target" ] || bash "$here/seeds.sh" "$work/seeds" >/dev/null
mkdir -p "$work/$target" "$work/artifacts/$target"
cd "$work"
nice -n 15 "$bin" -jobs=1 -workers=1 -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 \
  -max_len="$max_len" -dict="$here/$dict" -artifact_prefix="$work/artifacts/$target/" \
  "$work/$target" "$work/seeds/$target" || true
log="$work/fuzz-0.log"
mv -f "$log" "$work/$target.log" 2>/dev/null || true
grep -E '^#[0-9]+' "$work/$target.log" | tail -1
ls "$work/artifacts/$target"
