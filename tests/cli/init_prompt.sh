#!/usr/bin/env bash
# init_prompt.sh — samc init on a terminal (a pseudo-terminal from Python's pty module) asks
# for each cookiecutter variable: typed answers, menu numbers and names reach the project,
# empty answers take the defaults (derived ones rendered from earlier answers), invalid
# answers are asked again; --no-input and a non-terminal stdin ask nothing.
set -euo pipefail
. "$(dirname "$0")/lib.bash"
command -v python3 >/dev/null || { echo "python3 is not installed: skipped"; exit 77; }
python3 -c "import pty" 2>/dev/null || { echo "python3 has no pty module: skipped"; exit 77; }
export LSAN_OPTIONS="suppressions=$SAMC_TEST_DATA/init/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
export XDG_CACHE_HOME=$tmp/cache

# a template with a text, a choice (with its own question in the dict form of __prompts__), a
# derived text, a yes/no, a text with its own question, a choice whose names are numbers and a
# dict (asked last, answered with JSON)
tpl=$tmp/tpl
mkdir -p "$tpl/{{cookiecutter.slug}}"
cat >"$tpl/cookiecutter.json" <<'EOF'
{
  "project_name": "Sample App",
  "runtime": ["python3.13", "python3.12", "nodejs22.x"],
  "slug": "{{ cookiecutter.project_name.lower().replace(' ', '-') }}",
  "tracing": true,
  "memory": "128",
  "timeout": ["3", "30", "900"],
  "env": {"LOG_LEVEL": "INFO"},
  "__prompts__": {"memory": "Memory size in MB", "runtime": {"__prompt__": "Which runtime?"}}
}
EOF
cat >"$tpl/{{cookiecutter.slug}}/answers.txt" <<'EOF'
name={{ cookiecutter.project_name }}
runtime={{ cookiecutter.runtime }}
slug={{ cookiecutter.slug }}
tracing={{ cookiecutter.tracing }}
memory={{ cookiecutter.memory }}
timeout={{ cookiecutter.timeout }}
log_level={{ cookiecutter.env.LOG_LEVEL }}
EOF

# drive ANSWER... : runs samc init on a pseudo-terminal, sends one answer per prompt (a prompt
# is output ending in "]: "; an empty answer once the list is used up), saves the transcript in
# $tmp/out and the number of prompts in $tmp/prompts; returns samc's exit status.
drive() {
  python3 - "$SAMC" "$tpl" "$tmp/proj" "$@" >"$tmp/out" 2>"$tmp/err" <<'PY'
import os, pty, select, sys, time
samc, tpl, out, answers = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
pid, fd = pty.fork()
if pid == 0:
    os.execv(samc, [samc, "init", "--location", tpl, "-o", out])
transcript, pending, prompts = b"", b"", 0
deadline = time.monotonic() + 120
while time.monotonic() < deadline:
    ready, _, _ = select.select([fd], [], [], 1.0)
    if not ready:
        continue
    try:
        chunk = os.read(fd, 4096)
    except OSError:  # the terminal is closed: samc has exited
        break
    if not chunk:
        break
    transcript += chunk
    pending += chunk
    if pending.rstrip(b" ").endswith(b"]:"):
        answer = answers[prompts] if prompts < len(answers) else ""
        prompts += 1
        pending = b""
        os.write(fd, answer.encode() + b"\n")
else:
    os.kill(pid, 9)
    print("samc did not finish within 120 s", file=sys.stderr)
_, status = os.waitpid(pid, 0)
sys.stdout.write(transcript.decode("utf-8", "replace").replace("\r\n", "\n"))
open(os.path.join(os.path.dirname(out), "prompts"), "w").write(str(prompts))
sys.exit(os.waitstatus_to_exitcode(status))
PY
}
# field NAME FILE: the value after "NAME=" in FILE
field() { sed -n "s/^$1=//p" "$2"; }
expect_field() {
  local got; got=$(field "$1" "$3")
  [ "$got" = "$2" ] && pass || fail "$1 is '$got', wanted '$2' ($3)"
}

# typed answers, a choice by number, the derived slug and memory left to their defaults
mkdir -p "$tmp/proj"
set +e; drive "My Thing" 2 "" no "" 2; rc=$?; set -e
[ "$rc" = 0 ] && pass || { fail "samc init on a terminal exited $rc"; sed 's/^/  | /' "$tmp/out" "$tmp/err" >&2; }
a=$tmp/proj/my-thing/answers.txt
[ -f "$a" ] && pass || fail "the project folder was not named after the answered slug"
if [ -f "$a" ]; then
  expect_field name "My Thing" "$a"
  expect_field runtime python3.12 "$a"
  expect_field slug my-thing "$a"
  expect_field tracing False "$a"
  expect_field memory 128 "$a"
  expect_field timeout 30 "$a"
  expect_field log_level INFO "$a"
fi
[ "$(cat "$tmp/prompts")" = 7 ] && pass || fail "asked $(cat "$tmp/prompts") questions, wanted 7"
expect_out_contains "project_name [Sample App]:"
expect_out_contains "2 - python3.12"
expect_out_contains "Which runtime?"
expect_out_contains "env [default]:"
expect_out_contains "slug [my-thing]:"
expect_out_contains "Memory size in MB [128]:"

# every answer empty: every default
rm -rf "$tmp/proj" && mkdir -p "$tmp/proj"
set +e; drive; rc=$?; set -e
[ "$rc" = 0 ] && pass || { fail "defaults run exited $rc"; sed 's/^/  | /' "$tmp/out" "$tmp/err" >&2; }
a=$tmp/proj/sample-app/answers.txt
if [ -f "$a" ]; then
  pass
  expect_field name "Sample App" "$a"
  expect_field runtime python3.13 "$a"
  expect_field tracing True "$a"
  expect_field memory 128 "$a"
  expect_field timeout 3 "$a"
else
  fail "defaults: no project at $a"
fi

# a choice by name, yes/no as "n", a number that is a name but not a menu number; answers
# outside the menu are asked again
rm -rf "$tmp/proj" && mkdir -p "$tmp/proj"
set +e; drive "x" 9 nodejs22.x "" maybe n 256 900; rc=$?; set -e
[ "$rc" = 0 ] && pass || { fail "re-asking run exited $rc"; sed 's/^/  | /' "$tmp/out" "$tmp/err" >&2; }
a=$tmp/proj/x/answers.txt
if [ -f "$a" ]; then
  pass
  expect_field runtime nodejs22.x "$a"
  expect_field tracing False "$a"
  expect_field memory 256 "$a"
  expect_field timeout 900 "$a"
else
  fail "re-asking: no project at $a"
fi
[ "$(cat "$tmp/prompts")" = 9 ] && pass || fail "asked $(cat "$tmp/prompts") questions, wanted 9 (two asked again)"
expect_out_contains "not one of the choices"

# the dict: text that is not a JSON object is asked again, then the object replaces the default
rm -rf "$tmp/proj" && mkdir -p "$tmp/proj"
set +e; drive "" "" "" "" "" "" "not json" '["a list"]' '{"LOG_LEVEL": "DEBUG"}'; rc=$?; set -e
[ "$rc" = 0 ] && pass || { fail "dict run exited $rc"; sed 's/^/  | /' "$tmp/out" "$tmp/err" >&2; }
a=$tmp/proj/sample-app/answers.txt
[ -f "$a" ] && expect_field log_level DEBUG "$a" || fail "dict run: no project at $a"
expect_out_contains "Unable to decode to JSON. env [default]:"

# --no-input, or stdin that is not a terminal: no question, the defaults
rm -rf "$tmp/proj" && mkdir -p "$tmp/proj"
expect_exit 0 "$SAMC" init --location "$tpl" -o "$tmp/proj" </dev/null
[ -f "$tmp/proj/sample-app/answers.txt" ] && pass || fail "non-terminal stdin: no default project"
grep -q "\]:" "$tmp/out" && fail "asked a question without a terminal" || pass
finish
