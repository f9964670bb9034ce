#!/usr/bin/env bash
# package.sh — `samc package`: content keys as SAM CLI computes them, byte-reproducible zips,
# the rewritten template (offline and with a bucket), symlink policy, errors, atomic output.
set -euo pipefail
. "$(dirname "$0")/lib.bash"
command -v python3 >/dev/null 2>&1 || { echo "package: skipped, no python3"; exit 77; }
proj=$tmp/proj
cp -r "$SAMC_TEST_DATA/package" "$proj"
cd "$proj"

# An independent statement of the key rule: MD5 over the sorted relative paths, each followed
# by the hex MD5 of the file; a lone file is keyed by the MD5 of its bytes.
cat >"$tmp/keys.py" <<'PY'
import hashlib, os, sys
def file_md5(p):
    return hashlib.md5(open(p, "rb").read()).hexdigest()
def dir_md5(d):
    files = sorted(os.path.join(r, f) for r, _, fs in os.walk(d, followlinks=True) for f in fs)
    m = hashlib.md5()
    for f in files:
        m.update(os.path.relpath(f, d).encode()); m.update(file_md5(f).encode())
    return m.hexdigest()
kind, path = sys.argv[1], sys.argv[2]
print(dir_md5(path) if kind == "dir" else file_md5(path))
PY
code_key=$(python3 "$tmp/keys.py" dir code)
api_key=$(python3 "$tmp/keys.py" file api.yaml)
machine_key=$(python3 "$tmp/keys.py" file machine.json)
mkdir "$tmp/lone" && cp code/app.py "$tmp/lone/"
lone_key=$(python3 "$tmp/keys.py" dir "$tmp/lone")

# ---- offline ----
expect_exit 0 "$SAMC" package --output-dir out
expect_err_contains "OwnFolder CodeUri: ./code -> $code_key (zip)"
expect_err_contains "artifact(s) packaged"
if python3 - out/template.yaml "$code_key" "$api_key" "$machine_key" "$lone_key" <<'PY'
import sys, yaml
t = yaml.safe_load(open(sys.argv[1]))
code, api, machine, lone = sys.argv[2:6]
r = t["Resources"]
assert r["FromGlobals"]["Properties"]["CodeUri"] == code, r["FromGlobals"]
assert r["OwnFolder"]["Properties"]["CodeUri"] == code
assert r["LoneFile"]["Properties"]["CodeUri"] == lone
assert "CodeUri" not in r["Inline"]["Properties"]
assert r["Remote"]["Properties"]["CodeUri"] == "s3://already/there.zip"
assert r["Layer"]["Properties"]["ContentUri"] == code
assert r["Api"]["Properties"]["DefinitionUri"] == api
assert r["Plain"]["Properties"]["Code"] == code
assert r["Machine"]["Properties"]["DefinitionS3Location"] == machine
assert r["Child"]["Properties"]["TemplateURL"].endswith(".template")
assert "CodeUri" not in t["Globals"]["Function"], t["Globals"]
PY
then pass; else fail "offline template"; fi
[ -f "out/$code_key" ] && [ -f "out/$api_key" ] && [ -f "out/$lone_key" ] && pass || fail "artifacts in out/"
child=$(ls out/*.template)
grep -q "Code: $(python3 "$tmp/keys.py" dir nested/fn)" "$child" && pass || fail "nested template's own code packaged"
[ "$(stat -c %a out/template.yaml)" = "$(printf '%o' $((0666 & ~0$(umask))))" ] && pass || fail "template mode follows umask"

# ---- zips: sorted, fixed time, normalised modes, no extra fields ----
if python3 - "out/$code_key" <<'PY'
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
names = [i.filename for i in z.infolist()]
assert names == ["app.py", "lib/util.py"], names
for i in z.infolist():
    assert i.date_time == (1980, 1, 1, 0, 0, 0), i.date_time
    assert i.external_attr >> 16 == 0o100644, oct(i.external_attr >> 16)
    assert i.extra == b"" and i.compress_type == zipfile.ZIP_DEFLATED
assert z.testzip() is None
PY
then pass; else fail "zip layout"; fi

# ---- byte-reproducible: other times, other permission bits, another output folder ----
touch -d '2001-02-03 04:05:06' code/app.py
chmod 600 code/lib/util.py
expect_exit 0 "$SAMC" package --output-dir out2
cmp -s "out/$code_key" "out2/$code_key" && pass || fail "zip bytes differ between runs"
chmod 755 code/lib/util.py
expect_exit 0 "$SAMC" package --output-dir out3
python3 -c "import sys,zipfile; m={i.filename: i.external_attr>>16 for i in zipfile.ZipFile(sys.argv[1]).infolist()}; sys.exit(m['lib/util.py'] != 0o100755)" "out3/$code_key" && pass || fail "executable bit kept as 0755"
chmod 644 code/lib/util.py

# ---- with a bucket: S3 forms, and the result transforms ----
expect_exit 0 "$SAMC" package --output-dir out4 --s3-bucket artifacts-bucket --s3-prefix app/v1/ --region eu-west-1
if python3 - out4/template.yaml "$code_key" "$machine_key" <<'PY'
import sys, yaml
t = yaml.safe_load(open(sys.argv[1]))
code, machine = sys.argv[2:4]
r = t["Resources"]
assert r["OwnFolder"]["Properties"]["CodeUri"] == "s3://artifacts-bucket/app/v1/" + code
assert r["Plain"]["Properties"]["Code"] == {"S3Bucket": "artifacts-bucket", "S3Key": "app/v1/" + code}
assert r["Machine"]["Properties"]["DefinitionS3Location"] == {"Bucket": "artifacts-bucket", "Key": "app/v1/" + machine}
url = r["Child"]["Properties"]["TemplateURL"]
assert url.startswith("https://s3.eu-west-1.amazonaws.com/artifacts-bucket/app/v1/") and url.endswith(".template"), url
PY
then pass; else fail "bucket template"; fi
expect_exit 0 "$SAMC" transform out4/template.yaml
expect_out_contains '"S3Key": "app/v1/'"$code_key"'"'

# ---- symlinks: inside followed, outside refused unless asked ----
ln -s app.py code/alias.py
expect_exit 0 "$SAMC" package --output-dir out5
python3 -c "import sys,zipfile; sys.exit('alias.py' not in zipfile.ZipFile(sys.argv[1]).namelist())" "out5/$(python3 "$tmp/keys.py" dir code)" && pass || fail "inside symlink followed"
echo secret >"$tmp/credentials"
ln -s "$tmp/credentials" code/creds
expect_exit 1 "$SAMC" package --output-dir out6
expect_err_contains "template.yaml:7:5: FromGlobals CodeUri: ./code/: symbolic link creds points outside the folder"
ls out6 2>/dev/null | grep -q tmp && fail "temporary files left behind" || pass
expect_exit 0 "$SAMC" package --output-dir out7 --follow-external-symlinks
rm code/creds code/alias.py
# a dangling or looping link is a fault of the folder (exit 1), not an I/O failure
ln -s no-such-file code/dangling
expect_exit 1 "$SAMC" package --output-dir out8
expect_err_contains "symbolic link dangling cannot be followed: No such file or directory"
rm code/dangling
ln -s loop-b code/loop-a && ln -s loop-a code/loop-b
expect_exit 1 "$SAMC" package --output-dir out8
expect_err_contains "cannot be followed: Too many levels of symbolic links"
rm code/loop-a code/loop-b

# ---- no CodeUri/ContentUri/Code: the template's folder, as SAM CLI packages it, minus the
# output folder when it lies inside (its earlier artifacts are not code) ----
bare=$tmp/bare
mkdir -p "$bare/src"
echo 'def handler(event, context): return 1' >"$bare/app.py"
echo 'x = 1' >"$bare/src/util.py"
cat >"$bare/template.yaml" <<'YAML'
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Timeout: 3
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: python3.12
  Inline:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: python3.12
      InlineCode: "def handler(e, c): return 0"
  Layer:
    Type: AWS::Serverless::LayerVersion
    Properties:
      CompatibleRuntimes: [python3.12]
  Plain:
    Type: AWS::Lambda::Function
    Properties:
      Handler: app.handler
      Runtime: python3.12
      Role: arn:aws:iam::123456789012:role/r
YAML
bare_key=$(python3 "$tmp/keys.py" dir "$bare")
expect_exit 0 "$SAMC" package -t "$bare/template.yaml" --output-dir "$bare/out"
expect_err_contains "Fn CodeUri: $bare/. -> $bare_key (zip)"
expect_err_contains "Layer ContentUri: $bare/. -> $bare_key (zip)"
expect_err_contains "Plain Code: $bare/. -> $bare_key (zip)"
if python3 - "$bare/out/template.yaml" "$bare/out/$bare_key" "$bare_key" <<'PY'
import sys, yaml, zipfile
t = yaml.safe_load(open(sys.argv[1]))
key = sys.argv[3]
r = t["Resources"]
assert r["Fn"]["Properties"]["CodeUri"] == key, r["Fn"]
assert r["Layer"]["Properties"]["ContentUri"] == key, r["Layer"]
assert r["Plain"]["Properties"]["Code"] == key, r["Plain"]
assert "CodeUri" not in r["Inline"]["Properties"], r["Inline"]
names = zipfile.ZipFile(sys.argv[2]).namelist()
assert names == ["app.py", "src/util.py", "template.yaml"], names
PY
then pass; else fail "missing code properties: the template's folder packaged"; fi
# again into the same folder: the same key (the output folder is not zipped into the code)
expect_exit 0 "$SAMC" package -t "$bare/template.yaml" --output-dir "$bare/out"
expect_err_contains "Fn CodeUri: $bare/. -> $bare_key (zip)"
[ "$(ls "$bare/out" | wc -l)" = 2 ] && pass || fail "a second run added artifacts: $(ls "$bare/out")"
# what package zips for the SAM types, validate accepts (as sam validate does; a plain
# AWS::Lambda::Function without Code stays an error, as CloudFormation and cfn-lint have it)
sed '/^  Plain:/,$d' "$bare/template.yaml" >"$bare/sam-only.yaml"
expect_exit 0 "$SAMC" validate "$bare/sam-only.yaml"
expect_exit 1 "$SAMC" validate "$bare/template.yaml"
expect_out_contains "missing required property 'Code'"
rm "$bare/sam-only.yaml"
# a function whose CodeUri comes from an S3 Globals.Function.CodeUri is not given the folder
cat >"$bare/globals.yaml" <<'YAML'
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    CodeUri: s3://bucket/shared.zip
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties: {Handler: app.handler, Runtime: python3.12}
YAML
expect_exit 0 "$SAMC" package -t "$bare/globals.yaml" --output-dir "$tmp/globals-out"
expect_err_contains "0 artifact(s) packaged"
expect_exit 0 "$SAMC" transform "$tmp/globals-out/template.yaml"
expect_out_contains '"S3Key": "shared.zip"'
rm "$bare/globals.yaml"
rm -rf "$bare/out"

# ---- errors ----
sed 's|CodeUri: code/app.py|CodeUri: missing/|' template.yaml >bad.yaml
expect_exit 1 "$SAMC" package -t bad.yaml --output-dir out8
expect_err_contains "bad.yaml:21:7: LoneFile CodeUri: ./missing/: no such file or folder"
expect_exit 2 "$SAMC" package
expect_err_contains "--output-dir or --s3-bucket is required"
expect_exit 2 "$SAMC" package --output-dir out9 --force-upload
expect_err_contains "apply to uploads"
expect_exit 2 "$SAMC" package --output-dir out9 --bogus
# the packaged template never replaces the template being packaged
mkdir -p self && cp template.yaml self/template.yaml && cp -r code self/ 2>/dev/null || true
before=$(cksum <self/template.yaml)
expect_exit 2 "$SAMC" package -t self/template.yaml --output-dir self
expect_err_contains "would overwrite 'self/template.yaml'"
expect_exit 2 "$SAMC" package -t self/template.yaml --output-dir out10 --output-template-file self/./template.yaml
[ "$(cksum <self/template.yaml)" = "$before" ] && pass || fail "the source template was changed"
finish
