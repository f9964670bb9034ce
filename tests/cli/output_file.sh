#!/usr/bin/env bash
# output_file.sh — where --output writes: a new or existing regular file is replaced whole (its
# mode kept), a link keeps pointing at the file it names, a FIFO and /dev/stdout are written in
# place (not replaced by a regular file); a folder, a missing parent or a full device (also
# for standard output) is an I/O error (exit 3).
set -euo pipefail
. "$(dirname "$0")/lib.bash"
SAMC=${SAMC:?SAMC must point at the samc binary}
cd "$tmp"
printf 'Resources:\n  Q: {Type: AWS::SQS::Queue}\n' > t.yaml
"$SAMC" convert --to json t.yaml > want.json

expect_exit 0 "$SAMC" convert --to json --output new.json t.yaml
cmp -s new.json want.json && pass || fail "new file differs from stdout"
[ -z "$(ls new.json.tmp* 2>/dev/null)" ] && pass || fail "temporary file left behind"

echo old > kept.json; chmod 640 kept.json
expect_exit 0 "$SAMC" convert --to json --output kept.json t.yaml
cmp -s kept.json want.json && pass || fail "existing file not replaced"
[ "$(stat -c %a kept.json)" = 640 ] && pass || fail "mode $(stat -c %a kept.json), wanted 640"

echo old > real.json; ln -s real.json link.json
expect_exit 0 "$SAMC" convert --to json --output link.json t.yaml
[ -L link.json ] && pass || fail "the link was replaced by a file"
cmp -s real.json want.json && pass || fail "the linked file was not written"

mkfifo pipe
cat pipe > from_pipe.json & reader=$!
expect_exit 0 "$SAMC" convert --to json --output pipe t.yaml
wait "$reader"
[ -p pipe ] && pass || fail "the FIFO was replaced"
cmp -s from_pipe.json want.json && pass || fail "the FIFO reader got other bytes"

set +e; "$SAMC" convert --to json --output /dev/stdout t.yaml > via_stdout.json 2>"$tmp/err"; rc=$?; set -e
[ "$rc" = 0 ] && cmp -s via_stdout.json want.json && pass || fail "/dev/stdout: exit $rc"
[ -c /dev/stdout ] || [ -p /dev/stdout ] || [ -L /dev/stdout ] && pass || fail "/dev/stdout changed"

# standard output that refuses bytes: an I/O error, also when the JSON is streamed out in pieces
if [ -w /dev/full ]; then
  expect_exit 3 "$SAMC" transform t.yaml --output /dev/full
  expect_err_contains "No space left on device"
  set +e; "$SAMC" transform t.yaml > /dev/full 2>"$tmp/err"; rc=$?; set -e
  [ "$rc" = 3 ] && pass || fail "stdout on /dev/full: exit $rc, wanted 3"
  expect_err_contains "samc transform: cannot write output: No space left on device"
fi

mkdir folder
expect_exit 3 "$SAMC" convert --to json --output folder t.yaml
expect_err_contains "cannot write folder: Is a directory"
expect_exit 3 "$SAMC" transform --output missing/out.json t.yaml
expect_err_contains "cannot write missing/out.json"
finish
