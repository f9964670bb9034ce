#!/usr/bin/env bash
# init.sh — samc init on the templates in tests/data/init: a folder and a zip in cookiecutter
# layout, the built-in templates when the templates repository cannot be cloned, refusals of
# names leaving the project and of existing folders, errors with file:line:col.
set -euo pipefail
. "$(dirname "$0")/lib.bash"
data=$SAMC_TEST_DATA/init
export LSAN_OPTIONS="suppressions=$data/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
export XDG_CACHE_HOME=$tmp/cache
out=$tmp/proj
mkdir -p "$out"

# usage
expect_exit 0 "$SAMC" init --help
expect_out_contains "--location"
expect_exit 2 "$SAMC" init --no-such-option
expect_exit 2 "$SAMC" init --location "$data/basic" --runtime python3.13
expect_err_contains "cannot be combined"
expect_exit 2 "$SAMC" init --location "$data/basic" --extra-context '[1]' -o "$out"
expect_err_contains "JSON object"
expect_exit 2 "$SAMC" init --location "$data/basic" --architecture sparc -o "$out"

# a folder in cookiecutter layout
expect_exit 0 "$SAMC" init --location "$data/basic" --no-input -o "$out"
expect_out_contains "sample-app"
p=$out/sample-app
grep -q "Runtime: python3.13" "$p/template.yaml" && pass || fail "runtime not rendered"
grep -q "CodeUri: sample_app_fn/" "$p/template.yaml" && pass || fail "derived default not rendered"
grep -q "Tracing: Active" "$p/template.yaml" && pass || fail "if on a key with spaces"
[ -f "$p/sample_app_fn/app.py" ] && pass || fail "templated folder name not rendered"
grep -qF '{{ message }}' "$p/web/App.vue" && pass || fail "_copy_without_render file was rendered"
grep -qF '{{ not rendered }}' "$p/README.md" && pass || fail "raw block not kept"
[ -x "$p/run.sh" ] && pass || fail "execute bit lost"
cmp -s "$p/logo.png" "$data/basic/{{cookiecutter.project_name}}/logo.png" && pass || fail "binary file changed"
[ ! -e "$p/NOTES.txt" ] && pass || fail "file beside the template folder was generated"
expect_exit 0 "$SAMC" validate "$p/template.yaml"

# an existing project folder needs --force
expect_exit 1 "$SAMC" init --location "$data/basic" --no-input -o "$out"
expect_err_contains "already exists"
touch "$p/mine"
expect_exit 0 "$SAMC" init --location "$data/basic" --no-input -o "$out" --force
[ ! -e "$p/mine" ] && [ -f "$p/template.yaml" ] && pass || fail "--force did not replace the folder"

# extra context and name; a choice outside the list
expect_exit 0 "$SAMC" init --location "$data/basic" --no-input -o "$out" --name named \
  --extra-context '{"runtime": "python3.12", "Powertools Tracing": "disabled"}'
grep -q "Runtime: python3.12" "$out/named/template.yaml" && pass || fail "extra context ignored"
grep -q "Tracing" "$out/named/template.yaml" && fail "disabled tracing still rendered" || pass
expect_exit 1 "$SAMC" init --location "$data/basic" --no-input -o "$out" --name x \
  --extra-context '{"runtime": "cobol"}'
expect_err_contains "choices are"

# names that would leave the project are refused and nothing is written
mkdir -p "$tmp/jail"
expect_exit 1 "$SAMC" init --location "$data/traversal" --no-input -o "$tmp/jail"
expect_err_contains "refused"
[ -z "$(ls -A "$tmp/jail")" ] && [ ! -e "$tmp/escaped" ] && pass || fail "traversal wrote files"
expect_exit 1 "$SAMC" init --location "$data/traversal" --no-input -o "$tmp/jail" \
  --extra-context '{"evil": "/tmp/absolute"}'
expect_exit 1 "$SAMC" init --location "$data/basic" --no-input -o "$tmp/jail" --name ../up
[ -z "$(ls -A "$tmp/jail")" ] && pass || fail "a refused init left files"

# template errors point at file:line:col
expect_exit 1 "$SAMC" init --location "$data/badsyntax" --no-input -o "$out"
expect_err_contains "{{cookiecutter.project_name}}/template.yaml:4:19: dict object has no attribute 'nosuchkey'"
[ ! -e "$out/broken" ] && pass || fail "a failed render left a folder"
expect_exit 1 "$SAMC" init --location "$tmp/no-such-place" --no-input -o "$out"
expect_err_contains "not a git URL"

# a missing output folder is created with its parents (as cookiecutter does); when the
# rendering fails, the folders made for it go again; a file is not a folder
expect_exit 0 "$SAMC" init --location "$data/basic" --no-input -o "$tmp/made/here/"
[ -f "$tmp/made/here/$(ls "$tmp/made/here")/template.yaml" ] && pass || fail "no project in the created folder"
expect_exit 1 "$SAMC" init --location "$data/badsyntax" --no-input -o "$tmp/gone/again"
[ ! -e "$tmp/gone" ] && pass || fail "a failed init left the output folders it made"
mkdir -p "$tmp/kept"
expect_exit 1 "$SAMC" init --location "$data/badsyntax" --no-input -o "$tmp/kept/new"
[ -d "$tmp/kept" ] && [ ! -e "$tmp/kept/new" ] && pass || fail "cleanup went above the folders it made"
touch "$tmp/plainfile"
expect_exit 1 "$SAMC" init --location "$data/basic" --no-input -o "$tmp/plainfile"
expect_err_contains "the output folder $tmp/plainfile is not a folder"
expect_exit 3 "$SAMC" init --location "$data/basic" --no-input -o "$tmp/plainfile/sub"
expect_err_contains "cannot create the output folder $tmp/plainfile/sub: Not a directory"

# the templates repository is unreachable: the built-in templates, said so
export SAMC_TEMPLATES_DIR=$data/builtin
expect_exit 0 "$SAMC" init --templates-repo "file://$tmp/no-repo" --runtime python3.13 \
  --app-template hello-world --name fb -o "$out"
expect_err_contains "built-in templates"
grep -q "Runtime: python3.13" "$out/fb/template.yaml" && pass || fail "built-in template not rendered"
expect_exit 0 "$SAMC" validate "$out/fb/template.yaml"
expect_exit 0 "$SAMC" init --offline --runtime nodejs22.x --name fb2 -o "$out"
grep -q "Runtime: nodejs22.x" "$out/fb2/template.yaml" && pass || fail "offline selection"
expect_exit 1 "$SAMC" init --offline --runtime cobol --name fb3 -o "$out"
expect_err_contains "python3.13"
expect_exit 2 "$SAMC" init --offline --no-input --name fb4 -o "$out"
expect_err_contains "--runtime"
unset SAMC_TEMPLATES_DIR

# without prompts and without --app-template, the runtime's hello-world template is chosen
# among several (the shipped manifest lists two for python3.13)
if [ -f "${SAMC_SOURCE_DIR:-}/templates/manifest.json" ]; then
  SAMC_TEMPLATES_DIR=$SAMC_SOURCE_DIR/templates expect_exit 0 "$SAMC" init --offline --no-input \
    --runtime python3.13 --name dflt -o "$out"
  grep -q "Runtime: python3.13" "$out/dflt/template.yaml" && ! grep -q "AWS::SQS" "$out/dflt/template.yaml" \
    && pass || fail "--no-input did not choose the hello-world template"
fi

# a zip of a template folder (made with Python's zipfile when Python is there)
if command -v python3 >/dev/null; then
  (cd "$data" && python3 - "$tmp/basic.zip" <<'PY'
import os, sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w") as z:
    for root, dirs, files in os.walk("basic"):
        for f in files:
            p = os.path.join(root, f)
            info = zipfile.ZipInfo(p)
            info.external_attr = (os.stat(p).st_mode & 0xFFFF) << 16
            z.writestr(info, open(p, "rb").read())
PY
  )
  expect_exit 0 "$SAMC" init --location "$tmp/basic.zip" --no-input -o "$out" --name zipped
  grep -q "Runtime: python3.13" "$out/zipped/template.yaml" && pass || fail "zip template not rendered"
  [ -x "$out/zipped/run.sh" ] && pass || fail "zip lost the execute bit"
  python3 -c "
import zipfile, sys
with zipfile.ZipFile(sys.argv[1], 'w') as z:
    z.writestr('cookiecutter.json', '{}')
    z.writestr('../escape.txt', 'x')
" "$tmp/evil.zip"
  expect_exit 1 "$SAMC" init --location "$tmp/evil.zip" --no-input -o "$tmp/jail"
  expect_err_contains "outside the target folder"
  [ ! -e "$tmp/escape.txt" ] && pass || fail "zip entry escaped"
  # an entry twice, and a name no file system takes: invalid input (exit 1), nothing written
  python3 -c "
import zipfile, sys, warnings
warnings.simplefilter('ignore')
with zipfile.ZipFile(sys.argv[1], 'w') as z:
    z.writestr('cookiecutter.json', '{}')
    z.writestr('{{cookiecutter.project_name}}/a.txt', 'one')
    z.writestr('{{cookiecutter.project_name}}/a.txt', 'two')
with zipfile.ZipFile(sys.argv[2], 'w') as z:
    z.writestr('cookiecutter.json', '{}')
    z.writestr('x' * 300 + '/a.txt', 'x')
" "$tmp/twice.zip" "$tmp/long.zip"
  expect_exit 1 "$SAMC" init --location "$tmp/twice.zip" --no-input -o "$tmp/jail2"
  expect_err_contains "appears more than once"
  [ ! -e "$tmp/jail2" ] && pass || fail "a refused zip left a project folder"
  expect_exit 1 "$SAMC" init --location "$tmp/long.zip" --no-input -o "$tmp/jail3"
  expect_err_contains "longer than the file system takes"
fi
finish
