#!/usr/bin/env bash
# init_zip_url.sh — samc init --location http://.../x.zip against a local web server (Python's
# http.server on a free port): a template zip is downloaded and rendered; a 404, a body that is
# not a zip, a zip over the size limit and a refused connection fail cleanly; no temp file stays.
set -euo pipefail
. "$(dirname "$0")/lib.bash"
command -v python3 >/dev/null || { echo "python3 is not installed: skipped"; exit 77; }
data=$SAMC_TEST_DATA/init
export LSAN_OPTIONS="suppressions=$data/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
export XDG_CACHE_HOME=$tmp/cache
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY
export TMPDIR=$tmp/scratch
www=$tmp/www out=$tmp/proj
mkdir -p "$www" "$out" "$TMPDIR"

# what the server offers: a template zip, a text file named .zip, a sparse file over 100 MiB
(cd "$data" && python3 - "$www/template.zip" <<'PY'
import os, sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    for root, dirs, files in os.walk("basic"):
        for f in sorted(files):
            p = os.path.join(root, f)
            info = zipfile.ZipInfo(p)
            info.external_attr = (os.stat(p).st_mode & 0xFFFF) << 16
            z.writestr(info, open(p, "rb").read())
PY
)
echo "<html>not found either</html>" >"$www/page.zip"
truncate -s 101M "$www/huge.zip"

: >"$tmp/server.log" # exists before the server (started in the background) opens it
python3 -u -m http.server 0 --bind 127.0.0.1 --directory "$www" >"$tmp/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$tmp"' EXIT
port=""
for _ in $(seq 100); do
  port=$(sed -n 's/.* port \([0-9][0-9]*\) .*/\1/p' "$tmp/server.log" | head -1)
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || { echo "the local web server did not start: skipped"; cat "$tmp/server.log"; exit 77; }
base=http://127.0.0.1:$port
scratch_empty() { [ -z "$(ls -A "$TMPDIR")" ] && pass || fail "temporary files left in $TMPDIR: $(ls -A "$TMPDIR")"; }

# the zip is downloaded and rendered like a local one
expect_exit 0 "$SAMC" init --location "$base/template.zip" --no-input -o "$out" --name web
expect_out_contains "from $base/template.zip"
grep -q "Runtime: python3.13" "$out/web/template.yaml" && pass || fail "downloaded template not rendered"
[ -f "$out/web/web_fn/app.py" ] && pass || fail "templated folder name not rendered"
[ -x "$out/web/run.sh" ] && pass || fail "execute bit lost through the download"
scratch_empty
# the scheme and the .zip suffix are matched without regard to case
expect_exit 0 "$SAMC" init --location "HTTP://127.0.0.1:$port/template.zip" --no-input -o "$out" --name web2
[ -f "$out/web2/template.yaml" ] && pass || fail "upper-case scheme not downloaded"

# an HTTP error names the status
expect_exit 3 "$SAMC" init --location "$base/missing.zip" --no-input -o "$out" --name gone
expect_err_contains "cannot download $base/missing.zip: the server answered HTTP 404"
[ ! -e "$out/gone" ] && pass || fail "a failed download left a project"
scratch_empty

# a body that is not a zip is invalid input, named by its URL
expect_exit 1 "$SAMC" init --location "$base/page.zip" --no-input -o "$out" --name page
expect_err_contains "$base/page.zip: cannot open the zip"
[ ! -e "$out/page" ] && pass || fail "a non-zip body left a project"
scratch_empty

# more than 100 MiB is refused (the server announces the length; nothing is kept)
expect_exit 1 "$SAMC" init --location "$base/huge.zip" --no-input -o "$out" --name huge
expect_err_contains "larger than 100 MiB"
scratch_empty

# nobody listening: the transfer error
kill $server 2>/dev/null; wait $server 2>/dev/null || true
expect_exit 3 "$SAMC" init --location "$base/template.zip" --no-input -o "$out" --name down
expect_err_contains "cannot download $base/template.zip"
scratch_empty

# --branch is for git locations
expect_exit 2 "$SAMC" init --location "$base/template.zip" --branch main --no-input -o "$out"
expect_err_contains "--branch applies to git locations"
scratch_empty
finish
