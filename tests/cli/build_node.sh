#!/usr/bin/env bash
# build_node.sh — `samc build` of a nodejs function with no dependencies: the source staged
# without node_modules, npm run in the artifact folder, a nodejs layer under nodejs/.
set -euo pipefail
. "$(dirname "$0")/lib.bash"
command -v npm >/dev/null 2>&1 || { echo "build_node: skipped, no npm"; exit 77; }
export npm_config_cache=$tmp/npm-cache npm_config_offline=true npm_config_update_notifier=false
proj=$tmp/node
cp -r "$SAMC_TEST_DATA/build/nodejs" "$proj"
cd "$proj"
mkdir -p src/node_modules/left-behind && echo 'module.exports = 1' > src/node_modules/left-behind/index.js

expect_exit 0 "$SAMC" build
expect_out_contains "NodeFunction                     built    nodejs22.x nodejs-npm"
[ -f .aws-sam/build/NodeFunction/index.js ] && pass || fail "index.js staged"
[ -f .aws-sam/build/NodeFunction/package.json ] && pass || fail "package.json staged"
[ ! -e .aws-sam/build/NodeFunction/node_modules/left-behind ] && pass || fail "source node_modules copied"
[ ! -e src/package-lock.json ] && pass || fail "npm ran in the source folder"
grep -q "CodeUri: NodeFunction" .aws-sam/build/template.yaml && pass || fail "CodeUri points at the artifact"

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
expect_out_contains "NodeFunction                     cached"
expect_out_contains "NodeLayer                        built    nodejs22.x nodejs-npm"
[ -f .aws-sam/build/NodeLayer/nodejs/index.js ] && pass || fail "layer code under nodejs/"

# npm's failure is shown: an unparsable package.json
echo '{ not json' > src/package.json
expect_exit 1 "$SAMC" build NodeFunction
expect_err_contains "NodeFunction: 'npm install --omit=dev"
finish
