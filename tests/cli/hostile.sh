#!/usr/bin/env bash
# hostile.sh — hostile inputs each get a clear error (file:line:col where there is a file) in
# bounded time and memory: alias bombs, 100k-deep nesting, oversized scalars and streams, bad
# bytes, duplicate keys, misplaced tags, self-references, 10k resources, logical ID limits,
# symbolic links leaving a code folder or template, hostile zip entries. See README "Limits".
set -euo pipefail
. "$(dirname "$0")/lib.bash"
command -v python3 >/dev/null || { echo "skip: python3 is needed to generate the inputs"; exit 77; }
synth=$(cd "$(dirname "$0")/../bench" && pwd)/synth_templates.py
cd "$tmp"
SEC=5            # every case: at most 5 s wall time (x4 in sanitizer builds)
SMALL_KB=65536   # and, for small inputs, at most 64 MB of peak RSS

sam_fn() { # sam_fn FILE EXTRA_PROPERTY_LINES: a SAM function with the given properties
  printf 'Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: s3://bucket/key.zip\n      Handler: index.handler\n      Runtime: python3.12\n%s' "$2" >"$1"
}

# ---- alias bombs: expansion is counted, refused before it happens ----
python3 - <<'PY'
# a mapping bomb through merge keys: 12 levels of 8 merges
with open("merge_bomb.yaml", "w") as f:
    f.write("m0: &m0 {a: 1, b: 2, c: 3, d: 4}\n")
    for i in range(1, 13):
        f.write(f"m{i}: &m{i}\n")
        for j in range(8):
            f.write(f"  k{j}: {{<<: *m{i - 1}}}\n")
# a long chain: each level refers to the previous one twice (2^40 nodes)
with open("chain_bomb.yaml", "w") as f:
    f.write("l0: &l0 [x]\n")
    for i in range(1, 41):
        f.write(f"l{i}: &l{i} [*l{i - 1}, *l{i - 1}]\n")
PY
expect_bounded 1 $SEC $SMALL_KB "$SAMC" convert --to json merge_bomb.yaml
expect_err_contains "merge_bomb.yaml:"
expect_err_contains "alias expansion"
expect_bounded 1 $SEC $SMALL_KB "$SAMC" transform chain_bomb.yaml
expect_err_contains "chain_bomb.yaml:"
expect_err_contains "alias expansion"

# ---- nesting 100,000 deep: YAML flow and block, JSON arrays and objects ----
python3 - <<'PY'
n = 100000
open("flow.yaml", "w").write("a: " + "[" * n + "]" * n + "\n")
open("block_seq.yaml", "w").write("- " * n + "x\n")
# block mappings need their indentation: 1,000 levels (already twice the limit)
open("block_map.yaml", "w").write("".join("  " * i + f"k{i}:\n" for i in range(1000)) + "  " * 1000 + "v\n")
open("arrays.json", "w").write('{"a": ' + "[" * n + "]" * n + "}")
open("objects.json", "w").write('{"a": ' + '{"b": ' * n + "1" + "}" * n + "}")
PY
for f in flow.yaml block_seq.yaml arrays.json objects.json; do
  expect_bounded 1 $SEC $SMALL_KB "$SAMC" transform "$f"
  expect_err_contains "$f:1:"
  expect_err_contains "nesting deeper than 512 levels"
done
expect_bounded 1 $SEC $SMALL_KB "$SAMC" validate block_map.yaml
expect_out_contains "block_map.yaml:513:"
expect_out_contains "nesting deeper than 512 levels"
expect_bounded 1 $SEC $SMALL_KB "$SAMC" graph block_map.yaml
expect_err_contains "block_map.yaml:513:1025: nesting deeper than 512 levels"

# ---- a 100 MB scalar: over the 64 MiB input limit, refused without reading the file ----
python3 - <<'PY'
head = "Resources:\n  A:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: "
with open("scalar_100mb.yaml", "w") as f:
    f.write(head + "x" * (100 << 20) + "\n")
PY
expect_bounded 1 $SEC 16384 "$SAMC" transform scalar_100mb.yaml
expect_err_contains "scalar_100mb.yaml: document is 104857676 bytes; the limit is 67108864 bytes"
if [ "$bounds" != off ]; then # the streams and the 20 MB scalar: minutes under valgrind
  # the same bytes on standard input: reading stops one byte past the limit (64 MiB + the process)
  expect_bounded 1 $SEC 102400 bash -c '"$0" transform - <scalar_100mb.yaml' "$SAMC"
  expect_err_contains "<stdin>: document is 67108865 bytes; the limit is 67108864 bytes"
  # an endless stream is cut at the limit too
  expect_bounded 1 $SEC 102400 bash -c '"$0" convert --to json - </dev/zero' "$SAMC"
  expect_err_contains "the limit is 67108864 bytes"
  # a 20 MB scalar under the limit goes through, in memory proportional to it (4x + 32 MB)
  python3 -c 'import sys; open("scalar_20mb.yaml", "w").write("Resources:\n  A:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: " + "y" * (20 << 20) + "\n")'
  expect_bounded 0 $SEC $((4 * 20 * 1024 + 32768)) "$SAMC" transform scalar_20mb.yaml
  [ "$(stat -c %s "$tmp/out")" -gt $((20 << 20)) ] && pass || fail "20 MB scalar not in the output"
  rm -f scalar_20mb.yaml "$tmp/out"
fi
rm -f scalar_100mb.yaml

# ---- invalid UTF-8 and NUL bytes in keys and values, YAML and JSON ----
printf 'Resources:\n  A\xff:\n    Type: AWS::SNS::Topic\n' >key_utf8.yaml
printf 'Resources:\n  A:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: "ab\xc3"\n' >value_utf8.yaml
printf 'Resources:\n  A\x00B:\n    Type: AWS::SNS::Topic\n' >key_nul.yaml
printf 'Resources:\n  A:\n    Type: AWS::SNS::Topic\n    Properties: {TopicName: "a\\0b"}\n' >value_escaped_nul.yaml
printf '{"Resources": {"A\xff": {"Type": "AWS::SNS::Topic"}}}' >key_utf8.json
printf '{"Resources": {"A": {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": "a\xc3\x28"}}}}' >value_utf8.json
printf '{"Resources": {"A\\u0000B": {"Type": "AWS::SNS::Topic"}}}' >key_nul.json
printf '{"Resources": {"A": {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": "a\\u0000b"}}}}' >value_nul.json
printf '{"Resources": {"A": {"Type": "AWS::SNS::Topic\x00"}}}' >raw_nul.json
printf '{"Resources": {"A": {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": "\\ud800"}}}}' >surrogate.json
while read -r file message; do
  expect_bounded 1 $SEC $SMALL_KB "$SAMC" transform "$file"
  expect_err_contains "$file:$message"
done <<'EOF'
key_utf8.yaml 2:4: invalid leading UTF-8 octet: #xFF
value_utf8.yaml 5:22: invalid trailing UTF-8 octet: #x22
key_nul.yaml 2:4: control characters are not allowed: #x00
value_escaped_nul.yaml 4:29: found a NUL character in a scalar; NUL characters are not supported
key_utf8.json 1:18: invalid leading UTF-8 octet: #xFF
value_utf8.json 1:80: invalid trailing UTF-8 octet: #x28
key_nul.json 1:16: found a NUL character in a scalar; NUL characters are not supported
value_nul.json 1:77: found a NUL character in a scalar; NUL characters are not supported
raw_nul.json 1:46: control characters are not allowed: #x00
surrogate.json 1:80: found invalid Unicode character escape code
EOF
expect_bounded 1 $SEC $SMALL_KB "$SAMC" validate key_nul.json
expect_out_contains "key_nul.json:1:16:"

# ---- duplicate keys: the last value wins, as in the reference translator (PyYAML, json) ----
printf 'Resources:\n  A:\n    Type: AWS::SNS::Topic\n  A:\n    Type: AWS::SQS::Queue\n' >dup.yaml
printf '{"Resources": {"A": {"Type": "AWS::SNS::Topic"}, "A": {"Type": "AWS::SQS::Queue"}}}' >dup.json
for f in dup.yaml dup.json; do
  expect_bounded 0 $SEC $SMALL_KB "$SAMC" transform "$f"
  expect_out_contains '"Type": "AWS::SQS::Queue"'
  grep -q 'AWS::SNS::Topic' "$tmp/out" && fail "$f: the first of two equal keys kept" || pass
done
dups=20000
[ "$bounds" = off ] && dups=2000
python3 -c '
import sys
with open("dup_many.yaml", "w") as f:
    f.write("Resources:\n")
    for i in range(int(sys.argv[1])):
        f.write("  Same:\n    Type: AWS::SQS::Queue\n    Properties: {DelaySeconds: %d}\n" % i)' $dups
expect_bounded 0 $SEC $SMALL_KB "$SAMC" transform dup_many.yaml
expect_out_contains "\"DelaySeconds\": $((dups - 1))"

# ---- tags on the wrong kind of node: passed through as the reference does; validate says so ----
sam_fn getatt_map.yaml $'      Environment:\n        Variables:\n          V: !GetAtt {a: b}\n'
sam_fn ref_list.yaml $'      Environment:\n        Variables:\n          V: !Ref [x]\n'
sam_fn sub_map.yaml $'      Environment:\n        Variables:\n          V: !Sub {a: b}\n'
sam_fn sub_three.yaml $'      Environment:\n        Variables:\n          V: !Sub [a, b, c]\n'
sam_fn unknown_tag.yaml $'      Environment:\n        Variables:\n          V: !Frobnicate x\n'
while read -r file long message; do
  expect_bounded 0 $SEC $SMALL_KB "$SAMC" transform "$file"
  expect_out_contains "\"$long\""
  expect_bounded 1 $SEC $SMALL_KB "$SAMC" validate "$file"
  expect_out_contains "$file:11:14: error: $message"
done <<'EOF'
getatt_map.yaml Fn::GetAtt Fn::GetAtt expects "Resource.Attribute" or [Resource, Attribute] [E4001]
ref_list.yaml Ref Ref expects a logical ID string [E4001]
sub_map.yaml Fn::Sub Fn::Sub expects a string or [string, mapping of variables] [E4001]
sub_three.yaml Fn::Sub Fn::Sub expects a string or [string, mapping of variables] [E4001]
unknown_tag.yaml Fn::Frobnicate unknown intrinsic function 'Fn::Frobnicate' [E4002]
EOF
sam_fn python_tag.yaml $'      Environment:\n        Variables:\n          V: !!python/object:os.system x\n'
expect_bounded 1 $SEC $SMALL_KB "$SAMC" transform python_tag.yaml
expect_err_contains "python_tag.yaml:11:14: could not determine a constructor for the tag"

# ---- Globals that refer to themselves ----
printf 'Transform: AWS::Serverless-2016-10-31\nGlobals: &g\n  Function:\n    Environment:\n      Variables: *g\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties: {CodeUri: s3://b/k.zip, Handler: i.h, Runtime: python3.12}\n' >globals_alias.yaml
expect_bounded 1 $SEC $SMALL_KB "$SAMC" transform globals_alias.yaml
expect_err_contains "globals_alias.yaml:5:18: found recursive alias 'g' (it is inside the node it names)"
printf 'Transform: AWS::Serverless-2016-10-31\nGlobals:\n  Function: &f\n    Tags: {<<: *f}\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties: {CodeUri: s3://b/k.zip, Handler: i.h, Runtime: python3.12}\n' >globals_merge.yaml
expect_bounded 1 $SEC $SMALL_KB "$SAMC" validate globals_merge.yaml
expect_out_contains "globals_merge.yaml:4:16:"
expect_out_contains "found recursive alias 'f'"
printf 'Transform: AWS::Serverless-2016-10-31\nGlobals:\n  Function:\n    Globals: {Function: {}}\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties: {CodeUri: s3://b/k.zip, Handler: i.h, Runtime: python3.12}\n' >globals_nested.yaml
expect_bounded 1 $SEC $SMALL_KB "$SAMC" transform globals_nested.yaml
expect_err_contains "globals_nested.yaml:2:1: 'Globals' section is invalid. 'Globals' is not a supported property of 'Function'."
printf 'Transform: AWS::Serverless-2016-10-31\nGlobals:\n  Function:\n    Environment: {Variables: {X: !Ref Globals}}\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties: {CodeUri: s3://b/k.zip, Handler: i.h, Runtime: python3.12}\n' >globals_ref.yaml
expect_bounded 1 $SEC $SMALL_KB "$SAMC" validate globals_ref.yaml
expect_out_contains "globals_ref.yaml:4:34: error: Ref to 'Globals', which is not a parameter, resource or pseudo parameter [E2001]"

# ---- resources that depend on themselves: a cycle of length 1 ----
printf 'Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    DependsOn: Q\n' >depends_self.yaml
printf 'Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: !GetAtt Q.QueueName\n' >getatt_self.yaml
sam_fn sam_self.yaml $'      Environment: {Variables: {ME: !Ref Fn}}\n'
sed -i 's/^  Fn:$/  Fn:\n    DependsOn: Fn/' sam_self.yaml
while read -r file position edge; do
  expect_bounded 1 $SEC $SMALL_KB "$SAMC" graph "$file"
  expect_err_contains "$file: Circular dependency between resources: [${edge%% *}]"
  expect_err_contains "$file:$position: $edge"
  expect_bounded 1 $SEC $SMALL_KB "$SAMC" validate "$file"
  expect_out_contains "$file:$position: error: Circular dependency between resources: [${edge%% *}]: $edge [E5001]"
done <<'EOF'
depends_self.yaml 4:5 Q -> Q (DependsOn)
getatt_self.yaml 5:18 Q -> Q (Fn::GetAtt)
sam_self.yaml 4:5 Fn -> Fn (DependsOn)
EOF
expect_bounded 1 $SEC $SMALL_KB "$SAMC" graph --sam sam_self.yaml
expect_err_contains "sam_self.yaml:4:5: Fn -> Fn (DependsOn)"

# ---- 10,000 resources: transform, validate and graph in bounded time and memory ----
# (memory: at most 50x the template size + 32 MB; the benchmark's tighter target is in
# tests/bench/run). Under valgrind, where no bound applies, 1,000 take the same paths.
n=10000
[ "$bounds" = off ] && n=1000
for variant in plain sam; do
  f=${variant}_$n.yaml
  python3 "$synth" "$variant" $n "$f"
  kb=$(( $(stat -c %s "$f") * 50 / 1024 + 32768 ))
  expect_bounded 0 $SEC $kb "$SAMC" transform "$f"
  python3 -c 'import json, sys; sys.exit(len(json.load(open(sys.argv[1]))["Resources"]) < int(sys.argv[2]))' \
    "$tmp/out" $n && pass || fail "$f: fewer than $n resources expanded"
  expect_bounded 0 $SEC $kb "$SAMC" graph --format json "$f"
  python3 -c 'import json, sys; sys.exit(not json.load(open(sys.argv[1])))' "$tmp/out" \
    && pass || fail "$f: graph printed nothing"
  expect_bounded 1 $SEC $kb "$SAMC" validate "$f"
  expect_out_contains "error: the template has $n resources; CloudFormation allows at most 500 [E1006]"
done

# ---- logical IDs: 255 characters are allowed, 256 are not; only A-Za-z0-9 ----
id255=$(printf 'L%.0s' $(seq 255))
printf 'Resources:\n  %s:\n    Type: AWS::SQS::Queue\n' "$id255" >id255.yaml
printf 'Resources:\n  %sX:\n    Type: AWS::SQS::Queue\n' "$id255" >id256.yaml
expect_bounded 0 $SEC $SMALL_KB "$SAMC" validate id255.yaml
expect_bounded 0 $SEC $SMALL_KB "$SAMC" transform id255.yaml   # CloudFormation's to refuse
expect_bounded 1 $SEC $SMALL_KB "$SAMC" validate id256.yaml
expect_out_contains "id256.yaml:2:3: error: Resources: logical ID '${id255}X' must be alphanumeric (A-Za-z0-9), at most 255 characters [E1004]"
# a SAM function with a 255-character ID generates <ID>Role: 259 characters
sam_fn sam_id255.yaml ''
sed -i "s/^  Fn:\$/  $id255:/" sam_id255.yaml
expect_bounded 0 $SEC $SMALL_KB "$SAMC" transform sam_id255.yaml
expect_out_contains "\"${id255}Role\""
expect_bounded 1 $SEC $SMALL_KB "$SAMC" validate sam_id255.yaml
expect_out_contains "sam_id255.yaml:3:3: error: Resources: generated logical ID '${id255}Role' is longer than 255 characters [E1004]"
printf 'Resources:\n  My-Queue:\n    Type: AWS::SQS::Queue\n  "Q \xc3\xbc":\n    Type: AWS::SQS::Queue\n' >not_alnum.yaml
expect_bounded 1 $SEC $SMALL_KB "$SAMC" validate not_alnum.yaml
expect_out_contains "not_alnum.yaml:2:3: error: Resources: logical ID 'My-Queue' must be alphanumeric"
expect_out_contains "not_alnum.yaml:4:3: error: Resources: logical ID 'Q ü' must be alphanumeric"
sam_fn sam_not_alnum.yaml ''
sed -i 's/^  Fn:$/  My-Fn:/' sam_not_alnum.yaml
expect_bounded 1 $SEC $SMALL_KB "$SAMC" transform sam_not_alnum.yaml
expect_err_contains "sam_not_alnum.yaml:3:3: Resource with id [My-Fn] is invalid. Logical ids must be alphanumeric."

# ---- code folders with symbolic links leaving them: nothing outside ends up in a zip ----
secret=FAKE-AWS-SECRET-8c1f0e
mkdir -p pkg/outside pkg/proj/code
echo "aws_secret_access_key = $secret" >pkg/outside/credentials
echo 'def handler(event, context): return 1' >pkg/proj/code/app.py
printf 'Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: code/\n      Handler: app.handler\n      Runtime: python3.12\n' >pkg/proj/template.yaml
# no_secret DIR: no file under DIR holds the secret, raw or inside a zip entry; no entry names it
no_secret() {
  python3 - "$1" "$secret" <<'PY'
import os, sys, zipfile
root, secret = sys.argv[1], sys.argv[2].encode()
for folder, _, files in os.walk(root):
    for name in files:
        path = os.path.join(folder, name)
        data = open(path, "rb").read()
        if secret in data:
            sys.exit(f"{path} holds the secret")
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as z:
                for entry in z.namelist():
                    if "credentials" in entry or secret in z.read(entry):
                        sys.exit(f"{path}: entry {entry} holds the secret")
PY
}
cd pkg/proj
n=0
while read -r link target; do
  n=$((n + 1))
  mkdir -p "code/$(dirname "$link")"
  ln -s "$target" "code/$link"
  expect_bounded 1 $SEC $SMALL_KB "$SAMC" package --output-dir "out$n"
  expect_err_contains "template.yaml:6:7: Fn CodeUri: ./code/: symbolic link $link points outside the folder"
  no_secret "out$n" && pass || fail "symbolic link $link -> $target: secret packaged"
  expect_bounded 1 $SEC $SMALL_KB "$SAMC" build --build-dir "build$n" --cache-dir "cache$n"
  expect_err_contains "symbolic link $link points outside the folder"
  no_secret "build$n" && no_secret "cache$n" && pass || fail "symbolic link $link -> $target: secret built"
  rm -rf "code/$link" "code/sub"
done <<EOF
rel_creds ../../outside/credentials
abs_creds $tmp/pkg/outside/credentials
outside_dir ../../outside
parent ..
sub/deep ../../../outside/credentials
EOF
ln -s . code/loop
expect_bounded 1 $SEC $SMALL_KB "$SAMC" package --output-dir out_loop
expect_err_contains "template.yaml:6:7: Fn CodeUri: ./code/: loop leads back into one of its parent folders (a symbolic link loop)"
rm code/loop
# links that stay inside (a chain of two) are packaged; the zip still holds nothing from outside
ln -s app.py code/first && ln -s first code/second
expect_bounded 0 $SEC $SMALL_KB "$SAMC" package --output-dir out_inside
python3 -c '
import sys, zipfile, glob
names = [n for z in glob.glob("out_inside/*") if zipfile.is_zipfile(z) for n in zipfile.ZipFile(z).namelist()]
sys.exit(sorted(names) != ["app.py", "first", "second"])' && pass || fail "inside links not packaged as files"
no_secret out_inside && pass || fail "secret in a zip of a clean folder"
rm code/first code/second
cd "$tmp"

# ---- init: template folders with links leaving them, zips with hostile entries ----
mkdir -p jail init_outside
echo "$secret" >init_outside/credentials
template_folder() { # a cookiecutter template folder in $1
  rm -rf "$1" && mkdir -p "$1/{{cookiecutter.project_name}}"
  echo '{"project_name": "p"}' >"$1/cookiecutter.json"
  echo 'Resources: {}' >"$1/{{cookiecutter.project_name}}/template.yaml"
}
while read -r link target; do
  template_folder tpl
  ln -s "$target" "tpl/{{cookiecutter.project_name}}/$link"
  expect_bounded 1 $SEC $SMALL_KB "$SAMC" init --location tpl --no-input -o jail --name "p_$link"
  expect_err_contains "{{cookiecutter.project_name}}/$link: symbolic link points outside the template"
  [ -z "$(ls -A jail)" ] && pass || fail "init with link $link wrote into the target folder"
done <<EOF
rel ../../init_outside/credentials
abs $tmp/init_outside/credentials
dir $tmp/init_outside
EOF
template_folder tpl
rm -rf "tpl/{{cookiecutter.project_name}}" && ln -s "$tmp/init_outside" "tpl/{{cookiecutter.project_name}}"
expect_bounded 1 $SEC $SMALL_KB "$SAMC" init --location tpl --no-input -o jail --name p_root
expect_err_contains "the template folder is a symbolic link leading outside the template; refused"
[ -z "$(ls -A jail)" ] && pass || fail "init through a linked template folder wrote files"

python3 - "$tmp" <<'PY'
import stat, sys, zipfile
tmp = sys.argv[1]
def make(name, extra):
    with zipfile.ZipFile(f"{tmp}/{name}.zip", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("t/cookiecutter.json", '{"project_name": "p"}')
        z.writestr("t/{{cookiecutter.project_name}}/template.yaml", "Resources: {}\n")
        extra(z)
make("absolute", lambda z: z.writestr(f"{tmp}/abs_escape.txt", "x"))
make("dotdot_inside", lambda z: z.writestr("t/a/../../../dd_escape.txt", "x"))
make("backslash", lambda z: z.writestr("t\\..\\..\\bs_escape.txt", "x"))
def link(z, then_write):
    info = zipfile.ZipInfo("t/{{cookiecutter.project_name}}/link")
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    z.writestr(info, f"{tmp}/init_outside")
    if then_write:
        z.writestr("t/{{cookiecutter.project_name}}/link/written_through.txt", "x")
make("symlink", lambda z: link(z, False))
make("symlink_write", lambda z: link(z, True))
make("bomb", lambda z: z.writestr("t/{{cookiecutter.project_name}}/zeros.bin", bytes(1 << 20)))
# the bomb's entry then declares 1.2 GB (as a real one would; writing it takes ten seconds)
path = f"{tmp}/bomb.zip"
with zipfile.ZipFile(path) as z:
    entry = z.getinfo("t/{{cookiecutter.project_name}}/zeros.bin")
data = bytearray(open(path, "rb").read())
declared = (1200 << 20).to_bytes(4, "little")
data[entry.header_offset + 22:entry.header_offset + 26] = declared  # local header
central = data.rfind(b"PK\x01\x02", 0, data.rfind(b"PK\x05\x06"))    # its central entry (the last)
data[central + 24:central + 28] = declared
open(path, "wb").write(data)
PY
while read -r zip message; do
  expect_bounded 1 $SEC $SMALL_KB "$SAMC" init --location "$zip.zip" --no-input -o jail --name "z_$zip"
  expect_err_contains "samc init: $zip.zip: $message"
  [ -z "$(ls -A jail)" ] && pass || fail "$zip.zip: files written into the target folder"
done <<EOF
absolute entry '$tmp/abs_escape.txt' would be written outside the target folder
dotdot_inside entry 't/a/../../../dd_escape.txt' would be written outside the target folder
backslash entry 't\..\..\bs_escape.txt' would be written outside the target folder
symlink entry 't/{{cookiecutter.project_name}}/link' is a symbolic link, which template zips may not contain
symlink_write entry 't/{{cookiecutter.project_name}}/link' is a symbolic link, which template zips may not contain
bomb expands to more than 1073741824 bytes
EOF
[ -z "$(ls -A init_outside | grep -v credentials)" ] && pass || fail "a zip wrote through a link"
find "$tmp" "$(dirname "$tmp")" -maxdepth 2 \( -name abs_escape.txt -o -name dd_escape.txt -o -name bs_escape.txt \) \
  2>/dev/null | grep -q . && fail "a zip entry escaped" || pass
finish
