#!/usr/bin/env bash
# lazy_load.sh — libcurl and libgit2 are not linked into samc: the commands that talk to
# neither AWS nor git never map them (the dynamic loader's log says so), and the ones that do
# open them on first use.
set -euo pipefail
. "$(dirname "$0")/lib.bash"
command -v ldd >/dev/null 2>&1 || { echo "lazy_load: skipped, no ldd"; exit 77; }
hello=$SAMC_SOURCE_DIR/examples/hello/template.yaml
# libgit2's known PCRE2 leak (see the file) under LeakSanitizer
export LSAN_OPTIONS="suppressions=$SAMC_TEST_DATA/init/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"

if ldd "$SAMC" | grep -qE 'libcurl|libgit2'; then
  fail "samc is linked against libcurl or libgit2: $(ldd "$SAMC" | grep -E 'libcurl|libgit2')"
else pass; fi

# loaded_by NAME CMD...: runs CMD (exit status in $status) with the loader's log of that
# process alone in $tmp/ld (not of its children, such as a sanitizer's symbolizer); true when
# a library matching NAME was mapped
loaded_by() {
  local name=$1 pid; shift
  set +e
  LD_DEBUG=files LD_DEBUG_OUTPUT="$tmp/ld" "$@" >"$tmp/out" 2>"$tmp/err" &
  pid=$!; wait "$pid"; status=$?
  set -e
  mv "$tmp/ld.$pid" "$tmp/ld" 2>/dev/null || : >"$tmp/ld"
  rm -f "$tmp"/ld.*
  grep -q "file=$name" "$tmp/ld"
}

for cmd in "--version" "transform $hello" "convert --to yaml $hello" "graph $hello" "validate $hello"; do
  # shellcheck disable=SC2086
  if loaded_by 'lib\(curl\|git2\)' "$SAMC" $cmd; then
    fail "samc $cmd mapped $(grep -o 'file=lib\(curl\|git2\)[^ ]*' "$tmp/ld" | sort -u | tr '\n' ' ')"
  else pass; fi
  [ "$status" = 0 ] && pass || fail "samc $cmd exited with $status"
done

# a git location opens libgit2 (the clone then fails: nothing is at that path)
if loaded_by libgit2 "$SAMC" init --location "file://$tmp/no-such-repo.git" --no-input -o "$tmp/init"; then
  pass
else fail "samc init from a git URL did not load libgit2"; fi
[ "$status" = 3 ] && pass || fail "samc init from a missing repository exited with $status, not 3"
expect_err_contains "cannot clone file://$tmp/no-such-repo.git"
if grep -q 'file=libcurl' "$tmp/ld"; then fail "samc init from a file:// URL mapped libcurl"; else pass; fi

# an AWS call opens libcurl (the connection is refused: nothing listens on port 1)
if AWS_ENDPOINT_URL=http://127.0.0.1:1 AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test \
   AWS_REGION=us-east-1 AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null \
   loaded_by libcurl "$SAMC" delete-stack --stack-name lazy --no-prompts; then
  pass
else fail "samc delete-stack did not load libcurl"; fi
[ "$status" = 3 ] && pass || fail "samc delete-stack without a server exited with $status, not 3"
expect_err_contains "could not reach http://127.0.0.1:1/"
if grep -q 'file=libgit2' "$tmp/ld"; then fail "samc delete-stack mapped libgit2"; else pass; fi
finish
