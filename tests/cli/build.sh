#!/usr/bin/env bash
# build.sh — `samc build` of python functions: SAM CLI's layout, the built template (Globals,
# re-based paths), build -> package -> transform, requirements (absent, empty, local package),
# what is left out of the copy, symlinks, skipped resources, errors and usage.
set -euo pipefail
. "$(dirname "$0")/lib.bash"
command -v python3 >/dev/null 2>&1 || { echo "build: skipped, no python3"; exit 77; }
python3 -c "import yaml" 2>/dev/null || { echo "build: skipped, no PyYAML"; exit 77; }
data=$SAMC_TEST_DATA/build

# yaml_get FILE EXPR: prints a value of the YAML file (tags kept as plain values).
yaml_get() {
  python3 - "$1" "$2" <<'PY'
import sys, yaml
class L(yaml.SafeLoader): pass
L.add_multi_constructor("!", lambda l, s, n: l.construct_scalar(n) if isinstance(n, yaml.ScalarNode) else None)
t = yaml.load(open(sys.argv[1]), Loader=L)
print(eval(sys.argv[2], {"t": t}))
PY
}

# ---- from an empty folder: python project, absent requirements.txt ----
proj=$tmp/app
cp -r "$data/python" "$proj"
cd "$proj"
mkdir -p hello_world/__pycache__ hello_world/.git hello_world/.aws-sam
touch hello_world/__pycache__/app.cpython-311.pyc hello_world/stale.pyc hello_world/.git/HEAD hello_world/.aws-sam/x
expect_exit 0 "$SAMC" build
expect_out_contains "Build Succeeded"
expect_out_contains "Built Artifacts  : .aws-sam/build"
expect_out_contains "Built Template   : .aws-sam/build/template.yaml"
expect_out_contains "HelloWorldFunction"
expect_out_contains "python-pip"
expect_out_contains "samc package"
[ -f .aws-sam/build/HelloWorldFunction/app.py ] && pass || fail "app.py staged"
cmp -s hello_world/app.py .aws-sam/build/HelloWorldFunction/app.py && pass || fail "app.py copied as is"
for left_out in __pycache__ stale.pyc .git .aws-sam; do
  [ ! -e ".aws-sam/build/HelloWorldFunction/$left_out" ] && pass || fail "$left_out was copied"
done
t=.aws-sam/build/template.yaml
[ "$(yaml_get $t 't["Resources"]["HelloWorldFunction"]["Properties"]["CodeUri"]')" = HelloWorldFunction ] && pass || fail "CodeUri points at the artifact"
[ "$(yaml_get $t 't["Globals"]["Function"]["CodeUri"]')" = ../../hello_world ] && pass || fail "Globals CodeUri re-based"
[ "$(yaml_get $t 't["Globals"]["Function"]["Timeout"]')" = 3 ] && pass || fail "other content kept"
grep -q 'Value: !Sub' $t && pass || fail "short tags kept in the built template"

# the built template packages and transforms
expect_exit 0 "$SAMC" package --output-dir out
expect_err_contains "HelloWorldFunction CodeUri"
expect_exit 0 "$SAMC" transform --allow-local-code out/template.yaml
expect_out_contains '"AWS::Lambda::Function"'

# ---- an empty requirements.txt (comments only) installs nothing and runs no pip ----
printf '# nothing yet\n\n' > hello_world/requirements.txt
expect_exit 0 env PATH=/nonexistent "$SAMC" build --no-cache
[ -f .aws-sam/build/HelloWorldFunction/requirements.txt ] && pass || fail "requirements.txt staged"

# ---- a local package in requirements.txt: installed offline ----
if python3 -m pip --version >/dev/null 2>&1; then
  python3 - "$tmp/wheels" <<'PY'
import base64, hashlib, os, sys, zipfile
out = sys.argv[1]; os.makedirs(out, exist_ok=True)
files = {"mylocal/__init__.py": b"def greet():\n    return 'hi from mylocal'\n",
         "mylocal-0.1.dist-info/METADATA": b"Metadata-Version: 2.1\nName: mylocal\nVersion: 0.1\n",
         "mylocal-0.1.dist-info/WHEEL": b"Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n"}
record = ""
for name, data in files.items():
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    record += f"{name},sha256={digest},{len(data)}\n"
record += "mylocal-0.1.dist-info/RECORD,,\n"
with zipfile.ZipFile(os.path.join(out, "mylocal-0.1-py3-none-any.whl"), "w") as z:
    for name, data in files.items():
        z.writestr(name, data)
    z.writestr("mylocal-0.1.dist-info/RECORD", record)
PY
  echo "$tmp/wheels/mylocal-0.1-py3-none-any.whl" > hello_world/requirements.txt
  expect_exit 0 "$SAMC" build
  [ -f .aws-sam/build/HelloWorldFunction/mylocal/__init__.py ] && pass || fail "local wheel installed into the artifact"
  [ -f .aws-sam/build/HelloWorldFunction/app.py ] && pass || fail "source beside the dependencies"
  if python3 -c "import setuptools, wheel" 2>/dev/null; then
    mkdir -p "$tmp/localpkg/folderpkg"
    echo 'X = 1' > "$tmp/localpkg/folderpkg/__init__.py"
    printf '[build-system]\nrequires = ["setuptools"]\nbuild-backend = "setuptools.build_meta"\n[project]\nname = "folderpkg"\nversion = "0.1"\n' > "$tmp/localpkg/pyproject.toml"
    echo "$tmp/localpkg" > hello_world/requirements.txt
    expect_exit 0 "$SAMC" build
    [ -f .aws-sam/build/HelloWorldFunction/folderpkg/__init__.py ] && pass || fail "local folder package installed"
  fi
  # a requirement pip cannot satisfy: exit 1, pip's own words shown, at the function
  echo "./no-such-folder" > hello_world/requirements.txt
  expect_exit 1 "$SAMC" build
  expect_err_contains "Build Failed"
  expect_err_contains "template.yaml:10:3: HelloWorldFunction: 'python3"
  expect_err_contains "no-such-folder"
  [ ! -e .aws-sam/build/template.yaml ] && pass || fail "no built template after a failure"
  rm hello_world/requirements.txt
fi

# ---- skipped resources are reported, a Lambda::Function is built ----
mixed=$tmp/mixed
cp -r "$data/mixed" "$mixed"
cd "$mixed"
expect_exit 0 "$SAMC" build --no-parallel
for line in "ImageFunction                    skipped  PackageType Image" \
            "InlineFunction                   skipped  its code is inline" \
            "RemoteFunction                   skipped  its code is not a local folder" \
            "SkippedFunction                  skipped  Metadata.SkipBuild is true" \
            "PlainLayer                       skipped  no Metadata.BuildMethod" \
            "BuiltFunction                    built    python3.12 python-pip"; do
  expect_out_contains "$line"
done
t=.aws-sam/build/template.yaml
[ "$(yaml_get $t 't["Resources"]["BuiltFunction"]["Properties"]["Code"]')" = BuiltFunction ] && pass || fail "Lambda::Function Code points at the artifact"
[ "$(yaml_get $t 't["Resources"]["SkippedFunction"]["Properties"]["CodeUri"]')" = ../../code ] && pass || fail "unbuilt CodeUri re-based"
[ "$(yaml_get $t 't["Resources"]["PlainLayer"]["Properties"]["ContentUri"]')" = ../../code ] && pass || fail "unbuilt layer re-based"
[ "$(yaml_get $t 't["Resources"]["Schema"]["Properties"]["DefinitionUri"]')" = ../../api.yaml ] && pass || fail "DefinitionUri re-based to the build folder"
[ "$(yaml_get $t 't["Resources"]["RemoteFunction"]["Properties"]["CodeUri"]')" = s3://bucket/code.zip ] && pass || fail "S3 code untouched"
[ ! -d .aws-sam/build/ImageFunction ] && pass || fail "image function not staged"

# a single logical ID builds that one only
expect_exit 0 "$SAMC" build BuiltFunction
expect_out_contains "BuiltFunction"
if grep -q "ImageFunction" "$tmp/out"; then fail "only the named resource is listed"; else pass; fi
expect_exit 2 "$SAMC" build NoSuchFunction
expect_err_contains "NoSuchFunction is not a function or layer of the template"

# ---- symlinks leaving the code folder ----
ln -s "$tmp/wheels" code/outside
expect_exit 1 "$SAMC" build
expect_err_contains "points outside the folder"
expect_exit 0 "$SAMC" build --follow-external-symlinks
rm code/outside

# ---- --base-dir, --build-dir, -t from another folder ----
cd "$tmp"
expect_exit 0 "$SAMC" build -t mixed/template.yaml --build-dir "$tmp/elsewhere" -q
[ -f "$tmp/elsewhere/BuiltFunction/app.py" ] && pass || fail "--build-dir used"
[ "$(yaml_get elsewhere/template.yaml 't["Resources"]["SkippedFunction"]["Properties"]["CodeUri"]')" = ../mixed/code ] && pass || fail "paths re-based to --build-dir"
mkdir -p base/code && cp mixed/code/app.py base/code/ && echo 'extra = 1' > base/code/extra.py
expect_exit 0 "$SAMC" build -t mixed/template.yaml --build-dir "$tmp/b2" --base-dir base BuiltFunction
[ -f "$tmp/b2/BuiltFunction/extra.py" ] && pass || fail "--base-dir resolves code paths"

# ---- errors and usage ----
cd "$mixed"
expect_exit 2 "$SAMC" build --build-dir .
expect_err_contains "deleted by every build"
expect_exit 2 "$SAMC" build --build-dir ..
expect_exit 2 "$SAMC" build --jobs 0
expect_exit 2 "$SAMC" build A B
expect_exit 2 "$SAMC" build --bogus
cat > "$tmp/java.yaml" <<'EOF'
Transform: AWS::Serverless-2016-10-31
Resources:
  JavaFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: code
      Handler: a.B::handle
      Runtime: java21
  NoRuntime:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: code
      Handler: a
  RubyFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: code
      Handler: a.b
      Runtime: ruby3.3
EOF
cp -r code "$tmp/code"
expect_exit 1 "$SAMC" build -t "$tmp/java.yaml" --build-dir "$tmp/jb"
expect_err_contains "java.yaml:3:3: JavaFunction: 'java21' is built with Maven, but $tmp/code has no pom.xml"
expect_err_contains "java.yaml:9:3: NoRuntime: has no Runtime"
expect_err_contains "java.yaml:14:3: RubyFunction: 'ruby3.3' needs the Ruby (bundler) workflow, which samc build does not support yet"
printf 'Resources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties: {CodeUri: missing, Runtime: python3.13, Handler: a.b}\n' > "$tmp/missing.yaml"
expect_exit 1 "$SAMC" build -t "$tmp/missing.yaml" --build-dir "$tmp/mb"
expect_err_contains "missing.yaml:2:3: F: its code folder $tmp/missing does not exist"
expect_exit 3 "$SAMC" build -t "$tmp/nope.yaml"
echo '[1, 2]' > "$tmp/list.yaml"
expect_exit 1 "$SAMC" build -t "$tmp/list.yaml" --build-dir "$tmp/lb"
expect_err_contains "list.yaml:1:1: the template must be a mapping"
printf 'Globals:\n  Function:\n    Bogus: 1\nResources: {}\n' > "$tmp/globals.yaml"
expect_exit 1 "$SAMC" build -t "$tmp/globals.yaml" --build-dir "$tmp/gb"
expect_err_contains "globals.yaml:1:1: 'Globals' section is invalid. 'Bogus' is not a supported property of 'Function'"

# ---- --parameter-overrides: a code folder given as a parameter ----
cat > "$tmp/params.yaml" <<'EOF'
Parameters:
  Src: {Type: String, Default: nowhere}
Resources:
  P:
    Type: AWS::Serverless::Function
    Properties: {CodeUri: !Ref Src, Runtime: python3.13, Handler: app.handler}
EOF
expect_exit 1 "$SAMC" build -t "$tmp/params.yaml" --build-dir "$tmp/pb"
expect_err_contains "its code folder $tmp/nowhere does not exist"
expect_exit 0 "$SAMC" build -t "$tmp/params.yaml" --build-dir "$tmp/pb" --parameter-overrides Src=code
[ -f "$tmp/pb/P/app.py" ] && pass || fail "--parameter-overrides picked the code folder"
grep -q "CodeUri: P" "$tmp/pb/template.yaml" && pass || fail "a Ref'd CodeUri points at the artifact"

# ---- no CodeUri: the template's folder is the code (SAM CLI's default "."), minus the build
# output; the built function packages and transforms ----
bare=$tmp/bare
mkdir -p "$bare/lib"
echo 'def handler(event, context): return 1' >"$bare/app.py"
echo 'x = 1' >"$bare/lib/util.py"
cat >"$bare/template.yaml" <<'EOF'
Transform: AWS::Serverless-2016-10-31
Resources:
  NoCodeUri:
    Type: AWS::Serverless::Function
    Properties: {Runtime: python3.13, Handler: app.handler}
EOF
cd "$bare"
expect_exit 0 "$SAMC" build
expect_out_contains "NoCodeUri                        built    python3.13 python-pip"
[ -f .aws-sam/build/NoCodeUri/app.py ] && [ -f .aws-sam/build/NoCodeUri/lib/util.py ] && pass || fail "the template's folder was not staged"
[ ! -e .aws-sam/build/NoCodeUri/.aws-sam ] && pass || fail "the build folder was copied into itself"
[ "$(yaml_get .aws-sam/build/template.yaml 't["Resources"]["NoCodeUri"]["Properties"]["CodeUri"]')" = NoCodeUri ] && pass || fail "the built template names the artifact"
expect_exit 0 "$SAMC" build
expect_out_contains "NoCodeUri"
[ ! -e .aws-sam/build/NoCodeUri/.aws-sam ] && pass || fail "a second build copied the first one"
expect_exit 0 "$SAMC" package --output-dir "$tmp/bare-out"
expect_err_contains "NoCodeUri CodeUri"
expect_exit 0 "$SAMC" transform --allow-local-code "$tmp/bare-out/template.yaml"
expect_out_contains '"AWS::Lambda::Function"'

# ---- samc init -> build -> package -> transform, when samc init is there ----
mkdir "$tmp/fresh" && cd "$tmp/fresh"
if "$SAMC" init --no-input --runtime python3.13 --name app >/dev/null 2>&1 ||
   "$SAMC" init --no-input --runtime python3.13 --name app --app-template hello-world >/dev/null 2>&1; then
  cd app
  expect_exit 0 "$SAMC" build
  expect_out_contains "HelloWorldFunction"
  expect_exit 0 "$SAMC" package --output-dir out
  expect_exit 0 "$SAMC" transform --allow-local-code out/template.yaml
  expect_out_contains '"AWS::Lambda::Function"'
fi
finish
