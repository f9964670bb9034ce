#!/usr/bin/env bash
# init_templates.sh — the built-in `samc init` templates (templates/): manifest, install, rendering
# and selection, `samc validate`/`transform`/`build` of each project, and each project's own tests.
set -euo pipefail
. "$(dirname "$0")/lib.bash"
templates=${SAMC_TEMPLATES_DIR:-${SAMC_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}/templates}
command -v python3 >/dev/null 2>&1 || { echo "init_templates: skipped, no python3"; exit 77; }
[ -f "$templates/manifest.json" ] || { fail "no $templates/manifest.json"; finish; exit 1; }

# ---- the manifest: manifest-v2 shape; every entry names a template whose cookiecutter.json
# has the entry's runtime, and every template folder is listed ----
if python3 - "$templates" <<'PY'
import json, os, sys
root = sys.argv[1]
manifest = json.load(open(os.path.join(root, "manifest.json")))
keys = {"directory", "displayName", "dependencyManager", "appTemplate", "packageType", "useCaseName"}
listed = set()
assert isinstance(manifest, dict) and manifest, "manifest is not a non-empty object"
for runtime, entries in manifest.items():
    assert isinstance(entries, list) and entries, f"{runtime}: not a non-empty list"
    seen = set()
    for e in entries:
        assert set(e) == keys, f"{runtime}: keys {sorted(e)}"
        assert all(isinstance(v, str) and v for v in e.values()), f"{runtime}: empty value in {e}"
        assert e["packageType"] in ("Zip", "Image"), e
        pick = (e["dependencyManager"], e["appTemplate"], e["packageType"])
        assert pick not in seen, f"{runtime}: {pick} listed twice"
        seen.add(pick)
        d = os.path.normpath(os.path.join(root, e["directory"]))
        assert d.startswith(os.path.abspath(root) + os.sep) or d.startswith(root + os.sep), e
        conf = json.load(open(os.path.join(d, "cookiecutter.json")))
        assert conf["runtime"] == runtime, f"{e['directory']}: runtime {conf['runtime']} under {runtime}"
        assert conf["architectures"] == {"value": ["x86_64"]}, conf
        assert conf["project_name"] and ".gitignore" in conf["_copy_without_render"], conf
        projects = [n for n in os.listdir(d) if n.startswith("{{")]
        assert projects == ["{{cookiecutter.project_name}}"], f"{e['directory']}: {projects}"
        listed.add(d)
found = {os.path.normpath(r) for r, _, fs in os.walk(root) if "cookiecutter.json" in fs}
assert found == listed, f"not in the manifest: {sorted(found - listed)}"
print(f"manifest: {len(listed)} templates")
PY
then pass; else fail "manifest.json"; fi

# ---- `cmake --install` ships the templates unchanged to share/samc/templates ----
build_dir=$(dirname "$SAMC")
if command -v cmake >/dev/null 2>&1 && [ -f "$build_dir/CMakeCache.txt" ]; then
  expect_exit 0 cmake --install "$build_dir" --prefix "$tmp/installed"
  if diff -r "$templates" "$tmp/installed/share/samc/templates" >&2; then pass
  else fail "installed templates differ from $templates"; fi
  rm -rf "$tmp/installed"
else echo "init_templates: no CMake build beside $SAMC, install check skipped"; fi

# ---- rendering: `samc init --location` when the build has it, else a small renderer of the
# Jinja the templates use (checked against jinja2 when that is installed) ----
cat >"$tmp/render.py" <<'PY'
"""render.py TEMPLATE_DIR OUT_DIR CONTEXT_JSON: cookiecutter's rendering of the Jinja subset
the built-in templates use: {{ name.path }}, {%- if EXPR != [] %}, {%- for x in EXPR %}."""
import fnmatch, json, os, re, shutil, sys

TOKEN = re.compile(r"\{%(-?)(.*?)(-?)%\}|\{\{(-?)(.*?)(-?)\}\}|\{#")

class Unsupported(Exception):
    pass

def lookup(expr, scope):
    if not re.fullmatch(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)*", expr):
        raise Unsupported(f"expression {expr!r}")
    parts = expr.split(".")
    value = scope[parts[0]]
    for p in parts[1:]:
        value = value[p]
    return value

def parse(text):
    root = []
    stack = [("root", root, None)]
    pos, trim_next = 0, False
    for m in TOKEN.finditer(text):
        if m.group(0) == "{#":
            raise Unsupported("comment")
        lit = text[pos:m.start()]
        if trim_next:
            lit = lit.lstrip()
        if m.group(1) == "-" or m.group(4) == "-":
            lit = lit.rstrip()
        stack[-1][1].append(("text", lit))
        pos = m.end()
        if m.group(5) is not None:
            stack[-1][1].append(("out", m.group(5).strip()))
            trim_next = m.group(6) == "-"
            continue
        trim_next = m.group(3) == "-"
        stmt = m.group(2).strip()
        if (g := re.fullmatch(r"if (.+?) != \[ ?\]", stmt)):
            body = []
            stack[-1][1].append(("if", g.group(1), body))
            stack.append(("if", body, None))
        elif (g := re.fullmatch(r"for (\w+) in (.+)", stmt)):
            body = []
            stack[-1][1].append(("for", g.group(2), body, g.group(1)))
            stack.append(("for", body, None))
        elif stmt in ("endif", "endfor") and stack[-1][0] == stmt[3:]:
            stack.pop()
        else:
            raise Unsupported(f"statement {stmt!r}")
    if len(stack) != 1:
        raise Unsupported(f"unclosed {stack[-1][0]}")
    rest = text[pos:]
    root.append(("text", rest.lstrip() if trim_next else rest))
    return root

def render_nodes(nodes, scope):
    out = []
    for n in nodes:
        if n[0] == "text":
            out.append(n[1])
        elif n[0] == "out":
            out.append(str(lookup(n[1], scope)))
        elif n[0] == "if":
            if lookup(n[1], scope) != []:
                out.append(render_nodes(n[2], scope))
        else:
            for item in lookup(n[1], scope):
                out.append(render_nodes(n[2], {**scope, n[3]: item}))
    return "".join(out)

def render(text, context, where):
    try:
        mine = render_nodes(parse(text), {"cookiecutter": context})
    except (Unsupported, KeyError) as e:
        sys.exit(f"{where}: Jinja outside the supported subset: {e}")
    try:
        import jinja2
    except ImportError:
        return mine
    env = jinja2.Environment(keep_trailing_newline=True, undefined=jinja2.StrictUndefined)
    theirs = env.from_string(text).render(cookiecutter=context)
    if theirs != mine:
        sys.exit(f"{where}: jinja2 renders it differently")
    return mine

def main(src, out_dir, extra):
    context = json.load(open(os.path.join(src, "cookiecutter.json")))
    context.update(json.loads(extra))
    keep = context.get("_copy_without_render", [])
    top = "{{cookiecutter.project_name}}"
    for root, dirs, files in os.walk(os.path.join(src, top)):
        dirs.sort()
        rel_dir = os.path.relpath(root, src)
        target_dir = os.path.join(out_dir, render(rel_dir, context, rel_dir))
        os.makedirs(target_dir, exist_ok=True)
        for f in sorted(files):
            path = os.path.join(root, f)
            rel = os.path.relpath(path, os.path.join(src, top))
            target = os.path.join(target_dir, render(f, context, rel))
            if any(fnmatch.fnmatch(rel, pat) for pat in keep):
                shutil.copyfile(path, target)
            else:
                with open(path, encoding="utf-8") as fh:
                    text = fh.read()
                with open(target, "w", encoding="utf-8") as fh:
                    fh.write(render(text, context, rel))
            shutil.copymode(path, target)

main(*sys.argv[1:4])
PY

init_help=$("$SAMC" init --help 2>/dev/null || true)
use_init=no
if grep -q -- "--location" <<<"$init_help"; then use_init=yes; fi
echo "init_templates: rendering with $([ $use_init = yes ] && echo "samc init" || echo "the test's renderer")"

run_in() { local d=$1; shift; (cd "$d" && "$@"); }

# render DIR NAME OUT [ARCH]: the project NAME from templates/DIR into OUT/NAME.
render() {
  local dir=$1 name=$2 out=$3 arch=${4:-}
  local ctx="{\"project_name\": \"$name\"}"
  [ -z "$arch" ] || ctx="{\"project_name\": \"$name\", \"architectures\": {\"value\": [\"$arch\"]}}"
  mkdir -p "$out"
  python3 "$tmp/render.py" "$templates/$dir" "$out.ref" "$ctx" || return 1
  if [ $use_init = no ]; then mv "$out.ref/$name" "$out/$name"; rm -rf "$out.ref"; return 0; fi
  "$SAMC" init --location "$templates/$dir" --no-input --name "$name" --output-dir "$out" \
    ${arch:+--architecture "$arch"} </dev/null >"$tmp/init.out" 2>&1 || { cat "$tmp/init.out" >&2; return 1; }
  # samc init and the reference rendering agree on every file (samconfig.toml is init's own)
  diff -r -x samconfig.toml "$out.ref/$name" "$out/$name" >&2 || return 1
  rm -rf "$out.ref"
}

# check_validate TEMPLATE ARCH: samc validate finds nothing at all, not even at info level;
# the default-architecture renders are kept for one cfn-lint run.
check_validate() {
  local template=$1 arch=$2
  expect_exit 0 "$SAMC" validate --fail-on info "$template"
  [ -s "$tmp/out" ] && { fail "samc validate printed findings for $template"; sed 's/^/  | /' "$tmp/out" >&2; }
  [ "$arch" != x86_64 ] || cfn_lint_targets+=("$template")
}
cfn_lint_targets=()

# check_expansion TEMPLATE ARCH RUNTIME RESOURCE...: transform succeeds and the expanded
# template has the resources, and every function the runtime and architecture.
check_expansion() {
  local template=$1 arch=$2 runtime=$3; shift 3
  check_validate "$template" "$arch"
  expect_exit 0 "$SAMC" transform --allow-local-code "$template"
  if python3 - "$tmp/out" "$arch" "$runtime" "$@" <<'PY'
import json, sys
out, arch, runtime, *wanted = sys.argv[1:]
resources = json.load(open(out))["Resources"]
missing = [r for r in wanted if r not in resources]
assert not missing, f"missing resources {missing}; have {sorted(resources)}"
functions = [r for r in resources.values() if r["Type"] == "AWS::Lambda::Function"]
assert functions, "no AWS::Lambda::Function"
for f in functions:
    p = f["Properties"]
    assert p["Runtime"] == runtime, p["Runtime"]
    want = [arch] if arch else None
    assert p.get("Architectures") == want, (p.get("Architectures"), want)
PY
  then pass; else fail "expanded $template"; fi
}

# ---- each template: rendered (default architecture and arm64), validated, expanded ----
# fields: manifest directory | project folder | runtime | resources expected after expansion
while IFS='|' read -r -u 3 dir name runtime resources; do
  echo "$dir" >>"$tmp/checked"
  out=$tmp/$name
  if ! render "$dir" "$name" "$out"; then fail "render $dir"; continue; fi
  proj=$out/$name
  for f in template.yaml README.md .gitignore; do
    [ -s "$proj/$f" ] && pass || fail "$dir: $f missing or empty"
  done
  if grep -rlE '\{\{|\{%|cookiecutter' "$proj" --exclude=.gitignore >"$tmp/left"; then
    fail "$dir: unrendered Jinja in $(tr '\n' ' ' <"$tmp/left")"
  else pass; fi
  grep -q "^# $name\$" "$proj/README.md" && pass || fail "$dir: README title is not the project name"
  # shellcheck disable=SC2086
  check_expansion "$proj/template.yaml" x86_64 "$runtime" $resources
  expect_exit 0 "$SAMC" convert --to json "$proj/template.yaml"
  if python3 - "$tmp/out" "$proj" <<'PY'
import json, os, re, sys
template, proj = json.load(open(sys.argv[1])), sys.argv[2]
for logical_id, r in template["Resources"].items():
    if r["Type"] != "AWS::Serverless::Function":
        continue
    p = r["Properties"]
    code = os.path.join(proj, p["CodeUri"])
    assert os.path.isdir(code), f"{logical_id}: CodeUri {p['CodeUri']} is not a folder"
    runtime, handler = p["Runtime"], p["Handler"]
    if runtime.startswith("python"):
        module, func = handler.rsplit(".", 1)
        src = open(os.path.join(code, module.replace(".", "/") + ".py")).read()
        assert re.search(rf"^def {func}\(event, context\):", src, re.M), handler
        assert os.path.isfile(os.path.join(code, "requirements.txt")), "no requirements.txt"
    elif runtime.startswith("nodejs"):
        module, func = handler.rsplit(".", 1)
        src = open(os.path.join(code, module + ".mjs")).read()
        assert re.search(rf"^export const {func} = async", src, re.M), handler
        assert json.load(open(os.path.join(code, "package.json")))["main"] == module + ".mjs"
    elif runtime.startswith("java"):
        cls, method = handler.split("::")
        src = open(os.path.join(code, "src/main/java", cls.replace(".", "/") + ".java")).read()
        assert re.search(rf"public \S.* {method}\(", src), handler
        assert os.path.isfile(os.path.join(code, "pom.xml")), "no pom.xml"
    elif runtime.startswith("provided"):
        assert r["Metadata"]["BuildMethod"] == "makefile", r.get("Metadata")
        makefile = open(os.path.join(code, "Makefile")).read()
        assert re.search(rf"^build-{logical_id}:", makefile, re.M), f"no build-{logical_id} target"
        assert "$(ARTIFACTS_DIR)/bootstrap" in makefile
    else:
        raise AssertionError(f"no check for runtime {runtime}")
PY
  then pass; else fail "$dir: a function's CodeUri or Handler does not match its code"; fi

  if render "$dir" "$name" "$tmp/arm/$name" arm64; then
    # shellcheck disable=SC2086
    check_expansion "$tmp/arm/$name/$name/template.yaml" arm64 "$runtime" $resources
  else fail "render $dir for arm64"; fi
done 3<<'LIST'
python3.13/hello|py-hello|python3.13|HelloWorldFunction HelloWorldFunctionRole ServerlessRestApi
nodejs22.x/hello|node-hello|nodejs22.x|HelloWorldFunction ServerlessRestApi
al2023/c/hello|c-hello|provided.al2023|HelloWorldFunction ServerlessRestApi
java21/hello-maven|java-hello|java21|HelloWorldFunction ServerlessRestApi
python3.13/sqs-dynamodb|py-sqs|python3.13|ItemsQueue ItemsDeadLetterQueue ItemsTable StoreMessageFunction StoreMessageFunctionItemsQueueMessages
LIST

# Every template of the manifest went through the checks above.
python3 -c 'import json, sys; print("\n".join(e["directory"] for l in json.load(open(sys.argv[1])).values() for e in l))' \
  "$templates/manifest.json" | sort >"$tmp/listed"
if sort "$tmp/checked" | diff - "$tmp/listed" >&2; then pass; else fail "the checks above and manifest.json list different templates"; fi

# samc init picks each built-in through manifest.json (runtime, dependency manager, app
# template) when it may not clone, and renders the same files as from its folder.
if [ $use_init = yes ] && grep -q -- "--offline" <<<"$init_help"; then
  mkdir -p "$tmp/picked"
  while IFS='|' read -r -u 3 runtime manager app dir; do
    name=picked-$(echo "$dir" | tr '/.' '--')
    expect_exit 0 env SAMC_TEMPLATES_DIR="$templates" "$SAMC" init --offline --cache-dir "$tmp/no-cache" \
      --runtime "$runtime" --dependency-manager "$manager" --app-template "$app" \
      --name "$name" --no-input --output-dir "$tmp/picked"
    python3 "$tmp/render.py" "$templates/$dir" "$tmp/picked.ref" "{\"project_name\": \"$name\"}" &&
      diff -r -x samconfig.toml "$tmp/picked.ref/$name" "$tmp/picked/$name" >&2 && pass ||
      fail "samc init --runtime $runtime --app-template $app did not render $dir"
  done 3< <(python3 -c 'import json, sys
for runtime, entries in json.load(open(sys.argv[1])).items():
    for e in entries:
        print("|".join([runtime, e["dependencyManager"], e["appTemplate"], e["directory"]]))' "$templates/manifest.json")
else echo "init_templates: samc init has no --offline, selection through manifest.json not checked"; fi

# An empty architecture list leaves Architectures out (the function gets Lambda's default).
if python3 "$tmp/render.py" "$templates/python3.13/hello" "$tmp/noarch2" \
     '{"project_name": "no-arch", "architectures": {"value": []}}'; then
  ! grep -q Architectures "$tmp/noarch2/no-arch/template.yaml" && pass || fail "empty architectures still listed"
  expect_exit 0 "$SAMC" transform --allow-local-code "$tmp/noarch2/no-arch/template.yaml"
else fail "render with no architectures"; fi

# The reference linter agrees that the templates are clean (one run: it starts slowly).
if command -v cfn-lint >/dev/null 2>&1; then
  expect_exit 0 cfn-lint "${cfn_lint_targets[@]}"
  [ "${#cfn_lint_targets[@]}" = "$(wc -l <"$tmp/checked")" ] && pass || fail "cfn-lint saw ${#cfn_lint_targets[@]} templates"
else echo "init_templates: cfn-lint not installed, its check skipped"; fi

# The event-driven project: the queue feeds the function, which may write only to its table.
if python3 - "$tmp/py-sqs/py-sqs/template.yaml" "$SAMC" <<'PY'
import json, subprocess, sys
out = subprocess.run([sys.argv[2], "transform", "--allow-local-code", sys.argv[1]],
                     capture_output=True, check=True, text=True).stdout
r = json.loads(out)["Resources"]
mapping = r["StoreMessageFunctionItemsQueueMessages"]["Properties"]
assert mapping["EventSourceArn"] == {"Fn::GetAtt": ["ItemsQueue", "Arn"]}, mapping
assert mapping["FunctionResponseTypes"] == ["ReportBatchItemFailures"], mapping
env = r["StoreMessageFunction"]["Properties"]["Environment"]["Variables"]
assert env["TABLE_NAME"] == {"Ref": "ItemsTable"}, env
role = r["StoreMessageFunctionRole"]["Properties"]
statements = [s for p in role["Policies"] for s in p["PolicyDocument"]["Statement"]]
table_statements = [s for s in statements if "dynamodb:PutItem" in s["Action"]]
assert table_statements, statements
for s in table_statements:
    assert "ItemsTable" in json.dumps(s["Resource"]), s["Resource"]
assert r["ItemsTable"]["Type"] == "AWS::DynamoDB::Table"
redrive = r["ItemsQueue"]["Properties"]["RedrivePolicy"]
assert redrive["deadLetterTargetArn"] == {"Fn::GetAtt": ["ItemsDeadLetterQueue", "Arn"]}
PY
then pass; else fail "sqs-dynamodb wiring"; fi

# ---- the projects' own tests, where their toolchains are installed ----
for p in py-hello py-sqs; do
  expect_exit 0 run_in "$tmp/$p/$p" python3 -B -m unittest discover -s tests/unit -t .
  grep -q "^OK" "$tmp/err" && pass || fail "$p: unittest did not report OK"
done

if command -v node >/dev/null 2>&1; then
  expect_exit 0 run_in "$tmp/node-hello/node-hello/hello-world" node --test tests/unit/test-handler.mjs
  expect_out_contains "# fail 0"
  [ "$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1])).get("dependencies", {})))' \
    "$tmp/node-hello/node-hello/hello-world/package.json")" = 0 ] && pass || fail "node: run-time dependencies"
else echo "init_templates: node not installed, Node.js tests skipped"; fi

c_proj=$tmp/c-hello/c-hello/hello_world
if command -v make >/dev/null 2>&1 && command -v cc >/dev/null 2>&1; then
  strict="-std=c11 -O2 -Wall -Wextra -Werror"
  expect_exit 0 make -C "$c_proj" test CFLAGS="$strict"
  expect_out_contains "handler tests passed"
  if echo '#include <curl/curl.h>' | cc -E - >/dev/null 2>&1; then
    expect_exit 0 make -C "$c_proj" build-HelloWorldFunction ARTIFACTS_DIR="$tmp/c-artifacts" CFLAGS="$strict"
    [ -x "$tmp/c-artifacts/bootstrap" ] && pass || fail "c: no executable bootstrap in ARTIFACTS_DIR"
    expect_exit 2 make -C "$c_proj" build-HelloWorldFunction
    expect_err_contains "ARTIFACTS_DIR is not set"
    expect_exit 1 env -u AWS_LAMBDA_RUNTIME_API "$tmp/c-artifacts/bootstrap"
    expect_err_contains "AWS_LAMBDA_RUNTIME_API is not set"
    # the bootstrap against a stand-in for the Lambda runtime API on localhost: one invocation,
    # its response posted back, then a failing API makes it exit
    if python3 - "$tmp/c-artifacts/bootstrap" <<'PY'
import json, subprocess, sys, threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
event = json.dumps({"path": "/hello", "httpMethod": "GET"}).encode()
posts, gets = [], []
class RuntimeApi(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass
    def do_GET(self):
        gets.append(self.path)
        if self.path == "/2018-06-01/runtime/invocation/next" and len(gets) == 1:
            self.send_response(200)
            self.send_header("Lambda-Runtime-Aws-Request-Id", "req-0001")
            self.send_header("Content-Length", str(len(event)))
            self.end_headers()
            self.wfile.write(event)
        else:
            self.send_response(500)
            self.send_header("Content-Length", "0")
            self.end_headers()
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        posts.append((self.path, body))
        self.send_response(202)
        self.send_header("Content-Length", "0")
        self.end_headers()
server = ThreadingHTTPServer(("127.0.0.1", 0), RuntimeApi)
threading.Thread(target=server.serve_forever, daemon=True).start()
api = f"127.0.0.1:{server.server_address[1]}"
done = subprocess.run([sys.argv[1]], env={"AWS_LAMBDA_RUNTIME_API": api}, timeout=30,
                      capture_output=True, text=True)
server.shutdown()
assert done.returncode == 1, (done.returncode, done.stderr)
assert "without a request id" in done.stderr, done.stderr
assert len(gets) == 2, gets
assert len(posts) == 1 and posts[0][0] == "/2018-06-01/runtime/invocation/req-0001/response", posts
response = json.loads(posts[0][1])
assert response["statusCode"] == 200, response
assert json.loads(response["body"]) == {"message": "hello world", "requestId": "req-0001"}, response
PY
    then pass; else fail "c: bootstrap against the runtime API stand-in"; fi
  else echo "init_templates: no libcurl headers, the C bootstrap build skipped"; fi
else echo "init_templates: no make or cc, C tests skipped"; fi

# ---- samc build, for the projects whose toolchain is here (Maven needs its repository) ----
if "$SAMC" build --help >/dev/null 2>&1; then
  have_curl=no
  command -v cc >/dev/null 2>&1 && echo '#include <curl/curl.h>' | cc -E - >/dev/null 2>&1 && have_curl=yes
  while IFS='|' read -r -u 3 name tool artifact; do
    if ! command -v "$tool" >/dev/null 2>&1 || { [ "$tool" = make ] && [ $have_curl = no ]; }; then
      echo "init_templates: no $tool (or libcurl headers), samc build of $name skipped"; continue
    fi
    expect_exit 0 run_in "$tmp/$name/$name" "$SAMC" build -q
    [ -f "$tmp/$name/$name/.aws-sam/build/$artifact" ] && pass || fail "$name: build lacks $artifact"
    expect_exit 0 "$SAMC" transform --allow-local-code "$tmp/$name/$name/.aws-sam/build/template.yaml"
  done 3<<'LIST'
py-hello|python3|HelloWorldFunction/app.py
py-sqs|python3|StoreMessageFunction/app.py
node-hello|npm|HelloWorldFunction/app.mjs
c-hello|make|HelloWorldFunction/bootstrap
LIST
  [ ! -x "$tmp/c-hello/c-hello/.aws-sam/build/HelloWorldFunction/bootstrap" ] && [ $have_curl = yes ] &&
    fail "c: built bootstrap is not executable"
else echo "init_templates: samc build not in this build, its runs skipped"; fi

java_proj=$tmp/java-hello/java-hello/HelloWorldFunction
if command -v javac >/dev/null 2>&1 && command -v java >/dev/null 2>&1; then
  # The handler compiles with the JDK at hand and behaves; a stand-in for the JUnit runner
  # calls it, since JUnit itself needs Maven's repository.
  mkdir -p "$tmp/java-check/helloworld" "$tmp/java-classes"
  cat >"$tmp/java-check/helloworld/Check.java" <<'JAVA'
package helloworld;

import java.util.HashMap;
import java.util.Map;

public class Check {
    static void expect(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }

    public static void main(String[] args) {
        Map<String, Object> params = new HashMap<>();
        params.put("name", "samc \"q\"");
        Map<String, Object> event = new HashMap<>();
        event.put("queryStringParameters", params);
        Map<String, Object> response = new App().handleRequest(event);
        expect(Integer.valueOf(200).equals(response.get("statusCode")), "status " + response);
        expect("{\"message\":\"hello samc \\\"q\\\"\"}".equals(response.get("body")), "body " + response);
        expect("hello world".equals(App.greetingFor(new HashMap<>())), "default name");
        System.out.println("java handler checks passed");
    }
}
JAVA
  expect_exit 0 javac -d "$tmp/java-classes" "$java_proj/src/main/java/helloworld/App.java" \
    "$tmp/java-check/helloworld/Check.java"
  expect_exit 0 java -cp "$tmp/java-classes" helloworld.Check
  expect_out_contains "java handler checks passed"
  if command -v mvn >/dev/null 2>&1 && [ -d "$HOME/.m2/repository/org/junit/jupiter" ] &&
     javac --release 21 -version >/dev/null 2>&1; then
    expect_exit 0 run_in "$java_proj" mvn -o -q test
  else echo "init_templates: JUnit tests skipped (needs JDK 21 and Maven with JUnit in its local repository, offline)"; fi
else echo "init_templates: no JDK, Java tests skipped"; fi

finish
