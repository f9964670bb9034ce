#!/usr/bin/env bash
# build_node.sh — `samc build` of nodejs functions as SAM CLI's npm workflow does it: npm pack of
# the code folder in scratch (.npmignore and "files" honoured), the tarball unpacked into the
# artifact, npm install --omit=dev (or npm ci) there; a nodejs layer under nodejs/; the cache.
set -euo pipefail
. "$(dirname "$0")/lib.bash"
command -v npm >/dev/null 2>&1 || { echo "build_node: skipped, no npm"; exit 77; }
export npm_config_cache=$tmp/npm-cache npm_config_offline=true npm_config_update_notifier=false
real_npm=$(command -v npm)
# A pass-through npm that records where it ran and with what arguments.
mkdir "$tmp/bin"
cat >"$tmp/bin/npm" <<SH
#!/bin/sh
echo "\$(pwd)|\$*" >> "$tmp/npm.log"
exec "$real_npm" "\$@"
SH
chmod +x "$tmp/bin/npm"
export PATH="$tmp/bin:$PATH"
proj=$tmp/node
cp -r "$SAMC_TEST_DATA/build/nodejs" "$proj"
cd "$proj"
src=$proj/src
art=$proj/.aws-sam/build/NodeFunction
mkdir -p src/node_modules/left-behind && echo 'module.exports = 1' > src/node_modules/left-behind/index.js
# what npm pack leaves out: .npmignore'd files; a name longer than a ustar header holds
mkdir -p src/test src/lib/"$(printf 'd%.0s' {1..60})"/"$(printf 'e%.0s' {1..60})"
long=lib/$(printf 'd%.0s' {1..60})/$(printf 'e%.0s' {1..60})/long-name.js
echo 'module.exports = "long";' > "src/$long"
echo 'test("x", () => {});' > src/test/index.test.js
echo 'scratch notes' > src/local-junk.txt
printf 'test/\nlocal-junk.txt\n' > src/.npmignore
printf 'registry=http://127.0.0.1:9/\n' > src/.npmrc
chmod +x src/index.js

expect_exit 0 "$SAMC" build
expect_out_contains "NodeFunction                     built    nodejs22.x nodejs-npm"
cmp -s src/index.js "$art/index.js" && pass || fail "index.js shipped as is"
[ -x "$art/index.js" ] && pass || fail "the executable bit survives npm pack"
cmp -s src/package.json "$art/package.json" && pass || fail "package.json shipped"
cmp -s "src/$long" "$art/$long" && pass || fail "a long path (pax header) is unpacked"
[ ! -e "$art/test" ] && pass || fail ".npmignore'd test/ shipped"
[ ! -e "$art/local-junk.txt" ] && pass || fail ".npmignore'd local-junk.txt shipped"
[ ! -e "$art/.npmrc" ] && pass || fail ".npmrc shipped"
[ ! -e "$art/node_modules/left-behind" ] && pass || fail "source node_modules shipped"
[ ! -e "$art/node_modules/.package-lock.json" ] && pass || fail "npm's hidden lock file shipped"
[ ! -e src/package-lock.json ] && [ ! -e src/node-function-1.0.0.tgz ] && pass || fail "npm wrote into the source folder"
grep -q "CodeUri: NodeFunction" .aws-sam/build/template.yaml && pass || fail "CodeUri points at the artifact"
# the two commands, and where they ran
[ "$(wc -l < "$tmp/npm.log")" = 2 ] && pass || fail "npm ran $(wc -l < "$tmp/npm.log") times, wanted 2"
pack=$(sed -n 1p "$tmp/npm.log")
case "$pack" in
  */pack\|"pack -q file:$src/") pass ;;
  *) fail "npm pack line: $pack" ;;
esac
case "$pack" in "$proj"*) fail "npm pack ran inside the project: $pack" ;; *) pass ;; esac
[ "$(sed -n 2p "$tmp/npm.log")" = "$art|install -q --no-audit --no-save --omit=dev" ] \
  && pass || fail "npm install line: $(sed -n 2p "$tmp/npm.log")"

# unchanged: from the cache, npm not run again
: > "$tmp/npm.log"
expect_exit 0 "$SAMC" build
expect_out_contains "NodeFunction                     cached"
[ ! -s "$tmp/npm.log" ] && pass || fail "a cached build ran npm"
[ -f "$art/$long" ] && [ ! -e "$art/test" ] && pass || fail "the cached artifact differs"

# "files" in package.json: only what it lists (and package.json) is shipped
cat > src/package.json <<'JSON'
{
  "name": "node-function",
  "version": "1.0.0",
  "main": "index.js",
  "private": true,
  "files": ["index.js"]
}
JSON
expect_exit 0 "$SAMC" build
expect_out_contains "NodeFunction                     built    nodejs22.x nodejs-npm"
[ -f "$art/index.js" ] && [ -f "$art/package.json" ] && pass || fail "files: listed file shipped"
[ ! -e "$art/lib" ] && pass || fail "files: an unlisted folder was shipped"

# UseNpmCi with a lock file: npm ci, and the lock file is shipped
cat > src/package-lock.json <<'JSON'
{
  "name": "node-function",
  "version": "1.0.0",
  "lockfileVersion": 3,
  "requires": true,
  "packages": {
    "": {
      "name": "node-function",
      "version": "1.0.0"
    }
  }
}
JSON
cp template.yaml template.orig
cat >> template.yaml <<'YAML'
    Metadata:
      BuildProperties:
        UseNpmCi: true
YAML
: > "$tmp/npm.log"
expect_exit 0 "$SAMC" build
[ "$(sed -n 2p "$tmp/npm.log")" = "$art|ci" ] && pass || fail "npm ci line: $(sed -n 2p "$tmp/npm.log")"
cmp -s src/package-lock.json "$art/package-lock.json" && pass || fail "package-lock.json shipped"
# UseNpmCi without a lock file: npm install
rm src/package-lock.json
: > "$tmp/npm.log"
expect_exit 0 "$SAMC" build
sed -n 2p "$tmp/npm.log" | grep -q "|install -q " && pass || fail "UseNpmCi without a lock file: $(sed -n 2p "$tmp/npm.log")"
mv template.orig template.yaml

# the same code as a nodejs layer: laid out under nodejs/
cat >> template.yaml <<'YAML'
  NodeLayer:
    Type: AWS::Serverless::LayerVersion
    Properties:
      ContentUri: src/
    Metadata:
      BuildMethod: nodejs22.x
YAML
expect_exit 0 "$SAMC" build
expect_out_contains "NodeLayer                        built    nodejs22.x nodejs-npm"
[ -f .aws-sam/build/NodeLayer/nodejs/index.js ] && pass || fail "layer code under nodejs/"
[ -f .aws-sam/build/NodeLayer/nodejs/package.json ] && pass || fail "layer package.json under nodejs/"

# without a package.json the folder is copied and npm does not run
mkdir "$tmp/plain" && echo 'exports.handler = async () => 1;' > "$tmp/plain/app.js"
cat > "$tmp/plain.yaml" <<YAML
Resources:
  Plain:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: plain
      Handler: app.handler
      Runtime: nodejs22.x
YAML
: > "$tmp/npm.log"
expect_exit 0 "$SAMC" build -t "$tmp/plain.yaml" --build-dir "$tmp/plain-build"
[ -f "$tmp/plain-build/Plain/app.js" ] && pass || fail "plain folder copied"
[ ! -s "$tmp/npm.log" ] && pass || fail "npm ran without a package.json"

# npm's failure is shown: an unparsable package.json
echo '{ not json' > src/package.json
expect_exit 1 "$SAMC" build NodeFunction
expect_err_contains "NodeFunction: 'npm pack -q file:$src/' failed (exit status 1)"
expect_err_contains "EJSONPARSE"
[ ! -e .aws-sam/build/template.yaml ] && pass || fail "a failed build left a built template"
finish
