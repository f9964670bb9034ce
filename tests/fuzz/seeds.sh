#!/usr/bin/env bash
# seeds.sh OUTDIR — builds the seed corpora of the fuzz targets in OUTDIR/<target>/ from the
# repository's test data (and ../shared/conformance/sam-translator/input when present), one
# file per distinct content, named by its SHA-1. Nothing it writes belongs in the repository.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=${1:?usage: seeds.sh OUTDIR}
max_bytes=${SEED_MAX_BYTES:-65536}

# add TARGET FILE...: copies each file of at most max_bytes under its content hash.
add() {
  local target=$1; shift
  mkdir -p "$out/$target"
  local f sum
  for f in "$@"; do
    [ -f "$f" ] || continue
    [ "$(stat -c %s "$f")" -le "$max_bytes" ] || continue
    sum=$(sha1sum "$f" | cut -c1-40)
    cp "$f" "$out/$target/$sum"
  done
}

mapfile -t templates < <(find "$root/tests/data" "$root/examples" "$root/templates" \
  \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' -o -name '*.template' \) -type f \
  ! -path '*/init/*' ! -name 'cookiecutter.json' | sort)
shared="$root/../shared/conformance/sam-translator/input"
if [ -d "$shared" ]; then
  mapfile -t -O "${#templates[@]}" templates < <(find "$shared" -type f \( -name '*.yaml' -o -name '*.json' \) | sort)
fi
for t in load transform graph lint; do add "$t" "${templates[@]}"; done
for t in load transform graph lint jinja samconfig xml tar; do
  [ -d "$here/corpus/$t" ] && add "$t" "$here/corpus/$t"/*
  [ -d "$here/regress/$t" ] && add "$t" "$here/regress/$t"/*
done

# Jinja: cookiecutter.json files and every text file with a tag in the init templates.
mapfile -t jinja < <(grep -rlE '\{\{|\{%' "$root/tests/data/init" "$root/templates" 2>/dev/null | sort)
mapfile -t -O "${#jinja[@]}" jinja < <(find "$root/tests/data/init" "$root/templates" -name cookiecutter.json | sort)
add jinja "${jinja[@]}"

mapfile -t samconfig < <(find "$root/tests" "$root/templates" "$root/examples" -name 'samconfig*' -type f | sort)
add samconfig "${samconfig[@]}"
mapfile -t xml < <(find "$root/tests/data" -name '*.xml' -type f | sort)
add xml "${xml[@]}"

for t in load transform graph lint jinja samconfig xml tar; do
  printf '%-10s %5d seeds\n' "$t" "$(find "$out/$t" -type f | wc -l)"
done
