#!/usr/bin/env python3
"""Differential test: samc against the reference translator (aws-sam-translator) on the project's templates.

Every *.yaml under $SAMC_TEST_DATA (recursively) is transformed by `samc transform` and by the
reference in-process, in three partitions: aws (us-east-1), aws-cn (cn-north-1) and
aws-us-gov (us-gov-west-1), with no parameter overrides (the template defaults apply).
The reference is driven as its own test harness drives it (tests/translator/test_translator.py):
yaml_parse, a JSON round trip, the region patched into boto3 and ArnGenerator, a mock
managed-policy loader, then samtranslator.translator.transform.transform.

Comparison, as shared/conformance/run compares:
  * both succeed: the templates must be equal after every list is deep-sorted (dict order ignored);
  * the reference rejects the template (InvalidDocumentException): samc must exit 1 and the last
    stderr line (--error-format json) must carry the same errorMessage, the reference's text being
    message + " " + each cause's message, causes sorted by _logical_id / _event_id / message;
  * the reference's YAML loader rejects the file: samc must reject it too (the text is not compared;
    the template is counted as skipped).
Templates with resources samc does not support yet (Api, HttpApi, WebSocketApi, StateMachine,
Application, Connector, CapacityProvider, Function events of type Api/HttpApi) are skipped.

Prints one line per template (PASS/FAIL/SKIP, the partitions that failed, the first difference),
then `differential: N passed, M failed, K skipped`. Exit 1 when any failed, 77 when samtranslator
cannot be imported.

Usage: differential.py [--samc PATH] [--data DIR] [--only SUBSTRING] [--diff]
  --diff   after a failing line, print a unified diff (reference vs samc) for each failing partition
"""
import argparse
import concurrent.futures as cf
import copy
import difflib
import json
import logging
import os
import subprocess
import sys
from functools import cmp_to_key

try:
    from unittest.mock import patch

    import samtranslator  # noqa: F401
    from samtranslator.model.exceptions import InvalidDocumentException
    from samtranslator.translator.transform import transform
    from samtranslator.yaml_helper import yaml_parse
except Exception as e:  # ImportError, or a broken install
    print("differential: skipped, the reference translator cannot be imported (%s)" % e)
    sys.exit(77)

logging.disable(logging.WARNING)  # the reference's metrics and feature-toggle warnings

PARTITIONS = [("aws", "us-east-1"), ("aws-cn", "cn-north-1"), ("aws-us-gov", "us-gov-west-1")]
UNSUPPORTED_TYPES = {
    "AWS::Serverless::Application",
    "AWS::Serverless::CapacityProvider",
}
UNSUPPORTED_EVENTS = set()
SAMC_TIMEOUT = 30


# ---- comparison (same rules as shared/conformance/run and the reference's tests) ----

def _cmp(a, b):
    if isinstance(a, dict) and isinstance(b, dict):
        a, b = json.dumps(a, sort_keys=True), json.dumps(b, sort_keys=True)
    try:
        return (a > b) - (a < b)
    except TypeError:
        s1, s2 = type(a).__name__, type(b).__name__
        return (s1 > s2) - (s1 < s2)


def deep_sort(v):
    if isinstance(v, dict):
        return {k: deep_sort(x) for k, x in v.items()}
    if isinstance(v, list):
        return sorted((deep_sort(x) for x in v), key=cmp_to_key(_cmp))
    return v


def first_difference(exp, act, path=""):
    """Path and values of the first place where the reference (exp) and samc (act) differ."""
    if type(exp) is not type(act):
        return "%s: reference %s, samc %s" % (path or "/", json.dumps(exp)[:70], json.dumps(act)[:70])
    if isinstance(exp, dict):
        for k in exp:
            if k not in act:
                return "%s/%s: missing in samc" % (path, k)
        for k in act:
            if k not in exp:
                return "%s/%s: only in samc" % (path, k)
        for k in exp:
            if exp[k] != act[k]:
                return first_difference(exp[k], act[k], "%s/%s" % (path, k))
    if isinstance(exp, list):
        if len(exp) != len(act):
            return "%s: reference has %d items, samc %d" % (path or "/", len(exp), len(act))
        for i, (x, y) in enumerate(zip(exp, act)):
            if x != y:
                return first_difference(x, y, "%s/%d" % (path, i))
    return "%s: reference %s, samc %s" % (path or "/", json.dumps(exp)[:70], json.dumps(act)[:70])


def message_difference(exp, act):
    """Where two error messages first differ, with a little context."""
    i = 0
    while i < min(len(exp), len(act)) and exp[i] == act[i]:
        i += 1
    start = max(0, i - 30)
    return "errorMessage differs at char %d: reference ...%r, samc ...%r" % (
        i, exp[start:i + 60], act[start:i + 60])


# ---- the reference, driven like its own test harness ----

class MockPolicyLoader:
    """The reference test harness's mock managed-policy loader (a MagicMock whose load() returns this)."""

    def __init__(self, partition):
        m = {
            "AWSLambdaBasicExecutionRole": "arn:%s:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole" % partition,
            "AmazonDynamoDBFullAccess": "arn:%s:iam::aws:policy/AmazonDynamoDBFullAccess" % partition,
            "AmazonDynamoDBReadOnlyAccess": "arn:%s:iam::aws:policy/AmazonDynamoDBReadOnlyAccess" % partition,
            "AWSLambdaRole": "arn:%s:iam::aws:policy/service-role/AWSLambdaRole" % partition,
        }
        if partition == "aws":
            m["AWSXrayWriteOnlyAccess"] = "arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess"
        else:
            m["AWSXRayDaemonWriteAccess"] = "arn:%s:iam::aws:policy/AWSXRayDaemonWriteAccess" % partition
        self.map = m

    def load(self):
        return dict(self.map)


def _sort_key(cause):
    for attr in ("_logical_id", "_event_id", "message"):
        if hasattr(cause, attr):
            return getattr(cause, attr)
    return str(cause)


def reference_error_message(e):
    msg = e.message
    for cause in sorted(e.causes, key=_sort_key):
        msg += " " + cause.message
    return msg


def load_reference(path):
    """(manifest, None) or (None, why) — the harness's yaml_parse + JSON round trip."""
    try:
        with open(path, encoding="utf-8") as f:
            manifest = yaml_parse(f)
        return json.loads(json.dumps(manifest)), None
    except Exception as e:
        return None, "%s: %s" % (type(e).__name__, str(e).replace("\n", " ")[:120])


def run_reference(manifest, partition, region):
    """("ok", template) | ("error", message) | ("crash", text)."""
    with patch("boto3.session.Session.region_name", region), \
            patch("samtranslator.translator.arn_generator._get_region_from_session", return_value=region):
        try:
            return "ok", transform(copy.deepcopy(manifest), {}, MockPolicyLoader(partition))
        except InvalidDocumentException as e:
            return "error", reference_error_message(e)
        except Exception as e:
            return "crash", "%s: %s" % (type(e).__name__, e)


def unsupported(manifest):
    """Why samc cannot be compared on this template yet, or None."""
    transform = manifest.get("Transform") if isinstance(manifest, dict) else None
    if "AWS::LanguageExtensions" in (transform if isinstance(transform, list) else [transform]):
        return "AWS::LanguageExtensions, which the reference translator does not expand"
    res = manifest.get("Resources") if isinstance(manifest, dict) else None
    if not isinstance(res, dict):
        return None
    found = set()
    for r in res.values():
        if not isinstance(r, dict):
            continue
        t = r.get("Type")
        if isinstance(t, str) and t in UNSUPPORTED_TYPES:
            found.add(t.split("::")[-1])
        props = r.get("Properties")
        if t == "AWS::Serverless::Function" and isinstance(props, dict) and isinstance(props.get("Events"), dict):
            for ev in props["Events"].values():
                if isinstance(ev, dict) and ev.get("Type") in UNSUPPORTED_EVENTS:
                    found.add("%s event" % ev["Type"])
    return "not supported by samc yet: " + ", ".join(sorted(found)) if found else None


# ---- samc ----

def run_samc(samc, path, region):
    """("ok", template) | ("error", message) | ("bad", why)."""
    cmd = [samc, "transform", "--region", region, "--error-format", "json", path]
    try:
        p = subprocess.run(cmd, capture_output=True, timeout=SAMC_TIMEOUT)
    except subprocess.TimeoutExpired:
        return "bad", "samc timed out after %d s" % SAMC_TIMEOUT
    if p.returncode < 0:
        return "bad", "samc crashed with signal %d" % -p.returncode
    err = p.stderr.decode("utf-8", "replace").strip().splitlines()
    if p.returncode == 0:
        try:
            return "ok", json.loads(p.stdout)
        except ValueError as e:
            return "bad", "samc's stdout is not JSON (%s)" % e
    if p.returncode == 1:
        try:
            return "error", json.loads(err[-1])["errorMessage"]
        except Exception:
            return "bad", "samc exit 1 but stderr's last line is not {\"errorMessage\": ...}"
    return "bad", "samc exit %d: %s" % (p.returncode, (err[-1] if err else "")[:160])


# ---- one template in one partition ----

def compare(ref, got):
    """(ok, reason, (reference text, samc text) or None)."""
    rk, rv = ref
    gk, gv = got
    if gk == "bad":
        return False, gv, None
    if rk == "crash":
        return False, "the reference raised %s (samc %s)" % (rv[:160], "accepts" if gk == "ok" else "rejects"), None
    if rk == "ok" and gk == "ok":
        a, b = deep_sort(gv), deep_sort(rv)
        if a == b:
            return True, "", None
        return False, first_difference(b, a), (json.dumps(b, indent=2, sort_keys=True) + "\n",
                                               json.dumps(a, indent=2, sort_keys=True) + "\n")
    if rk == "error" and gk == "error":
        if rv == gv:
            return True, "", None
        return False, message_difference(rv, gv), (rv.replace(". ", ".\n") + "\n", gv.replace(". ", ".\n") + "\n")
    if rk == "error":
        return False, "reference rejects, samc accepts: %s" % rv[:200], None
    return False, "reference accepts, samc rejects: %s" % gv[:200], None


def templates(data_dir, only):
    out = []
    for root, dirs, files in os.walk(data_dir):
        dirs.sort()
        for f in files:
            if f.endswith(".yaml"):
                p = os.path.join(root, f)
                rel = os.path.relpath(p, data_dir)
                if not only or only in rel:
                    out.append((rel, p))
    return sorted(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--samc", default=os.environ.get("SAMC"))
    ap.add_argument("--data", default=os.environ.get("SAMC_TEST_DATA"))
    ap.add_argument("--only")
    ap.add_argument("--diff", action="store_true")
    o = ap.parse_args()
    if not o.samc or not os.access(o.samc, os.X_OK):
        sys.exit("differential: no samc binary (give --samc PATH or set SAMC)")
    if not o.data or not os.path.isdir(o.data):
        sys.exit("differential: no test data directory (give --data DIR or set SAMC_TEST_DATA)")
    samc = os.path.abspath(o.samc)
    todo = templates(o.data, o.only)

    # samc runs as processes in the background while the reference runs in this process.
    with cf.ThreadPoolExecutor(max_workers=2) as ex:
        samc_runs = {(rel, part): ex.submit(run_samc, samc, path, region)
                     for rel, path in todo for part, region in PARTITIONS}
        counts = {"PASS": 0, "FAIL": 0, "SKIP": 0}
        for rel, path in todo:
            manifest, load_error = load_reference(path)
            if manifest is None:
                rejected = all(samc_runs[(rel, p)].result()[0] == "error" for p, _ in PARTITIONS)
                if rejected:
                    status, why = "SKIP", "the reference's YAML loader rejects it (%s); samc rejects it too" % load_error
                else:
                    status, why = "FAIL", "the reference's YAML loader rejects it (%s) but samc does not" % load_error
                counts[status] += 1
                print("%s %s: %s" % (status, rel, why))
                continue
            why = unsupported(manifest)
            if why:
                counts["SKIP"] += 1
                print("SKIP %s: %s" % (rel, why))
                continue
            failed = []
            for part, region in PARTITIONS:
                ok, reason, texts = compare(run_reference(manifest, part, region), samc_runs[(rel, part)].result())
                if not ok:
                    failed.append((part, reason, texts))
            if not failed:
                counts["PASS"] += 1
                print("PASS %s" % rel)
                continue
            counts["FAIL"] += 1
            parts = ",".join(f[0] for f in failed)
            print("FAIL %s [%s]: %s" % (rel, parts, failed[0][1]))
            for part, reason, texts in failed[1:]:
                if reason != failed[0][1]:
                    print("     %s [%s]: %s" % (" " * len(rel), part, reason))
            if o.diff:
                for part, reason, texts in failed:
                    if texts:
                        sys.stdout.writelines(difflib.unified_diff(
                            texts[0].splitlines(True), texts[1].splitlines(True),
                            "reference@%s" % part, "samc@%s" % part))
    print("differential: %d passed, %d failed, %d skipped" % (counts["PASS"], counts["FAIL"], counts["SKIP"]))
    return 1 if counts["FAIL"] else 0


if __name__ == "__main__":
    sys.exit(main())
