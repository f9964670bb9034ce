#!/usr/bin/env python3
"""lint_diff.py -- differential test of `samc validate` against cfn-lint 1.51.

Templates: every DATA/lint*/*.yaml, and (when CORPUS exists) every corpus input that
`samc transform` accepts. A corpus input without a Transform line gets
"Transform: AWS::Serverless-2016-10-31" appended (after its last line, so line numbers stay):
the reference translator expands such inputs, but cfn-lint would only lint them as plain
CloudFormation and reject every AWS::Serverless type.

Comparison, per template and per source line, of errors in the rule families both tools
share (CFN_FAMILIES maps cfn-lint rule IDs to samc's families; samc's family is the first
digit of its rule ID):
  - a cfn-lint error of a mapped rule on line L needs a samc error of one of the rule's
    families on L;
  - a samc error of family 1, 2, 3, 4 or 6 on line L needs a cfn-lint error of a rule mapped
    to that family on L (so: cfn-lint clean => samc clean);
  - the unused-name warnings are compared the same way (W2001/W8001/W7001 <-> W2010/W2011/
    W2012).
Differences matching KNOWN_MISMATCHES are counted by reason, not failed. A difference is also
expected when both tools report the same problem (compatible families, the same quoted name or
value in both messages) and only the line differs because cfn-lint's is wrong: cfn-lint lints
the expanded template and places a finding on a generated node at the nearest node it can map
back (line 1, the Resources key, the resource, the Globals entry merged into it), while samc's
line holds the name or value as written (checked against the template text); see RELOCATED.
Neither tool may crash on any template; `samc validate` and `samc graph` also run on the corpus inputs the
transform rejects (error_*) and must exit 0 or 1 without a sanitizer report.

cfn-lint's rules are loaded once per worker process (2 workers); nothing is cached on disk.
--budget S stops starting new templates after S seconds (own templates always run first; the
corpus is visited in an interleaved order so a partial run still spans it); 0 = no limit.
Exit 0 when everything agrees, 1 otherwise, 77 when cfnlint is missing.
"""
import argparse
import fnmatch
import glob
import json
import os
import re
import subprocess
import sys
import time
from multiprocessing import Pool

REGION = "us-east-1"
SAM_TRANSFORM = "AWS::Serverless-2016-10-31"

# cfn-lint rule -> samc families that report the same problem. Rules whose checks span two
# families (function rules find both malformed arguments and undefined targets) map to both.
CFN_FAMILIES = {
	# 1 structure: sections, version, Transform, logical IDs, resource Type, quotas
	"E1001": {1}, "E1002": {1}, "E1004": {1}, "E1005": {1}, "E3001": {1, 3},
	"E2001": {1}, "E2003": {1}, "E6002": {1}, "E6004": {1}, "E7001": {1}, "E8001": {1},
	"E3010": {1}, "E2010": {1}, "E6010": {1}, "E7010": {1}, "E3011": {1},
	"E3038": {1},
	# 2 references: Ref/GetAtt/Sub/DependsOn/Condition/FindInMap targets
	# E1020 also checks what a Ref gives against the property's type (samc: E3004)
	"E1020": {2, 3, 4}, "E1010": {2, 4}, "E1019": {2, 4}, "E1011": {2, 4}, "E1028": {2, 4},
	"E3005": {2}, "E8002": {2}, "E3015": {2}, "E6005": {2},
	# Outputs values: cfn-lint checks their Ref/GetAtt targets here
	"E6101": {2, 4},
	# 3 resource properties against the provider schemas
	"E3002": {3}, "E3003": {3}, "E3012": {3}, "E3030": {3},
	# an unknown type; for AWS::Serverless::* without the SAM transform samc says E1016
	"E3006": {1, 3},
	# 4 intrinsic function arguments
	"E1015": {4}, "E1016": {4}, "E1017": {4}, "E1018": {4}, "E1021": {4}, "E1022": {4},
	"E1024": {4}, "E1030": {4}, "E1031": {4}, "E8003": {4}, "E8004": {4}, "E8005": {4},
	"E8006": {4}, "E8007": {4},
	# 6 what the SAM transform rejects (cfn-lint reports only the first message, always on
	# line 1: see FILE_LEVEL)
	"E0001": {6},
	# 0 the template does not load (samc: an error on stderr, no findings); a loaded
	# template that is not a mapping is samc's E1010
	"E0000": {0, 1},
}
# Rules compared per template, not per line: cfn-lint puts every transform error on line 1.
FILE_LEVEL = {"E0001"}
# Left out on purpose (other families, or checks samc does not make):
#   E3004 circular dependencies: family 5 (rules_graph.c), compared by its own tests;
#   E3031/E3034/E3037/E3017/E3018/E3020/E3058/E3040/E1040/E1041 and E1100-E1164 (patterns,
#     lengths, ranges, duplicates, co-dependent properties, read-only properties, value
#     formats): constraints the embedded schema data does not carry;
#   E1003/E2002/E2011/E2015/E6001/E6003/E6011/E6102/E4001/E4002/E7002/E1027/E1029/
#     E1032/E1033/E1050-E1052/E17xx: parameter, output, metadata and rules-section details
#     and dynamic references, outside samc's families;
#   E2529-E2533, E3013-E3719 service-specific checks, E3035/E3036/E3016/E3009 resource
#     attribute details, and every W/I rule except the unused-name warnings: best practices.
CFN_WARNINGS = {"W2001": "W2010", "W8001": "W2011", "W7001": "W2012"}
SAMC_FAMILIES = {0, 1, 2, 3, 4, 6}
LOAD_ERROR = re.compile(r"^.*?:(\d+):(\d+): (.*)$", re.M)

# (template glob relative to DATA or "corpus/NAME", line or None, "cfn"|"samc", rule regex,
#  message regex, reason[, predicate(res, line, msg)]). A difference matching an entry is
#  expected. Corpus inputs all have a reference output in the corpus: the reference
#  translator accepts every one of them.
UNKNOWN_FN = ("an unknown Fn:: key: samc reports the unknown function (E4002), cfn-lint the "
	      "value's type as a plain object (E3012)")
RECURSIVE_ALIAS = ("a recursive YAML alias: cfn-lint points at the anchor, samc at the alias "
		   "inside it")
PLACEHOLDER_API = ("cfn-lint's own pre-transform step gives every AWS::Serverless::Api without a "
		   "DefinitionBody (and without Auth/Cors on the resource) a placeholder DefinitionUri, "
		   "and replaces the DefinitionBody with \"\" when Auth/Cors are on the resource: the "
		   "reference's default body is never added, so Auth/Cors/Models/GatewayResponses (also "
		   "from Globals) or OpenApiVersion then fail; the reference translator accepts the "
		   "template")
CFN_TRANSFORM_FAILED = ("cfn-lint's transform failed (a cfn-lint mistake listed here), so it "
			"checks nothing else; samc's finding is real")
UNUSED_WITH_TRANSFORM = ("cfn-lint's W2001 skips every template with a Transform; the parameter "
			 "is not referenced anywhere in the template")
GENERATED_CONDITION = ("a condition the SAM transform generates (not in the template) and uses "
		       "in Fn::If inside the generated API body: cfn-lint's W8001 does not see that use; "
		       "samc warns only about names the author wrote")
FORMATS = ("string formats (date-time): the embedded schema data carries no formats, samc "
	   "does not check them")
PRIVATE_TYPES = ("third-party types (not AWS::) may be registered private types: samc skips "
		 "them, cfn-lint calls them unknown")
IF_BRANCHES = ("cfn-lint does not check the branches of a Fn::If whose condition is not a "
	       "condition name; Foo and Bar are defined nowhere")
IF_CONDITION_LINE = ("Fn::If [true, ...] inside a connector: cfn-lint reports it on the generated "
		     "policy (line 2), samc on the Fn::If as written (E4001)")


def _name_not_in_template(res, line, msg):
	m = re.search(r"Condition (\w+) not used", msg)
	return bool(m) and not any(m.group(1) in l for l in res["lines"])


def _has_transform(res, line, msg):
	return any(re.match(r'\s*"?Transform"?\s*:', l) for l in res["lines"])


def _cfn_transform_failed_by_mistake(res, line, msg):
	return any(r == "E0001" and known_reason(res, l, "cfn", r, m) in (PLACEHOLDER_API, LOCAL_HTTP_API)
		   for r, l, m in res["cfn"])


def _local_http_api(res, line, msg):
	"""The resource named in msg is an HttpApi whose DefinitionUri is a local path."""
	m = re.search(r"\[(\w+)\]", msg)
	text = "\n".join(res["lines"])
	block = re.search(r"^  %s:\n((?:    .*\n|\s*\n)*)" % re.escape(m.group(1)), text, re.M) if m else None
	return bool(block) and "AWS::Serverless::HttpApi" in block.group(1) and \
		re.search(r"DefinitionUri:\s*(?!s3://)[\w./-]+\s*$", block.group(1), re.M) is not None


LOCAL_HTTP_API = ("a local DefinitionUri of an AWS::Serverless::HttpApi: cfn-lint's pre-transform "
		  "step puts placeholder S3 URIs in place of the local paths of functions, layers, "
		  "REST APIs and state machines but not of HTTP APIs; samc treats all of them alike "
		  "(validate works before packaging)")

KNOWN_MISMATCHES = [
	("*", None, "samc", "E4002", "", UNKNOWN_FN),
	("*", None, "cfn", "E3012", r"^\{'Fn::", UNKNOWN_FN),
	("lint/load_alias.yaml", 1, "cfn", "E0000", "recursive", RECURSIVE_ALIAS),
	("lint/load_alias.yaml", 2, "samc", "^(LOAD|E0000)$", "recursive", RECURSIVE_ALIAS),
	("*", None, "cfn", "E3006", r"^Resource type '(?!AWS::)", PRIVATE_TYPES),
	("corpus/*", 1, "cfn", "E0001", r"works only with inline Swagger specified in 'DefinitionBody'|"
	 r"Property 'OpenApiVersion' should be a string|Invalid OpenApi document", PLACEHOLDER_API),
	("*", 1, "cfn", "E0001", r"^Error transforming template: Resource with id \[\w+\] is invalid\. "
	 r"'DefinitionUri' is not a valid S3 Uri", LOCAL_HTTP_API, _local_http_api),
	("*", None, "samc", "", "", CFN_TRANSFORM_FAILED, _cfn_transform_failed_by_mistake),
	("*", None, "samc", "W2010", "", UNUSED_WITH_TRANSFORM, _has_transform),
	("*", None, "cfn", "W8001", "", GENERATED_CONDITION, _name_not_in_template),
	("*", None, "cfn", "E3002", r"is not a 'date-time'$", FORMATS),
	("corpus/connector_hardcoded_props.yaml", 38, "samc", "E2001", "'(Foo|Bar)'", IF_BRANCHES),
	("corpus/connector_hardcoded_props.yaml", 2, "cfn", "E1028", r"^True is not one of \[\]$",
	 IF_CONDITION_LINE),
	("corpus/connector_hardcoded_props.yaml", 38, "samc", "E4001", r"^Fn::If expects",
	 IF_CONDITION_LINE),
]
SAM_REF_ATTRIBUTE = ("samc's gap, cfn-lint is right: a GetAtt through a SAM reference "
		     "(X.Alias.Name, ${X.Alias.Name}) that the transform rewrites to a generated "
		     "resource; samc does not check the attribute against the generated type "
		     "(AWS::Lambda::Alias has only AliasArn)")
KNOWN_MISMATCHES += [
	("corpus/function_with_resource_refs.yaml", 34, "cfn", "E6101", r"^'Name' is not one of",
	 SAM_REF_ATTRIBUTE),
	("corpus/function_with_resource_refs.yaml", 42, "cfn", "E6101", r"^'Name' is not one of",
	 SAM_REF_ATTRIBUTE),
]
RELOCATED = ("same finding, other line: cfn-lint places a finding on a node the SAM transform "
	     "generated at the nearest node it maps back (line 1, Resources, the resource, a merged "
	     "Globals entry); samc's line holds the name or value as written")


def family_of(rule):
	"""samc's family of a rule ID: its first digit ("LOAD" = 0, a template that does not load)."""
	return int(rule[1]) if rule[1].isdigit() else 0


def known_reason(res, line, who, rule, msg):
	for pat, kline, kwho, krule, kmsg, why, *pred in KNOWN_MISMATCHES:
		if kwho == who and (kline is None or kline == line) and fnmatch.fnmatch(res["rel"], pat) \
		   and re.search(krule, rule) and re.search(kmsg, msg) \
		   and (not pred or pred[0](res, line, msg)):
			return why
	return None


QUOTED = re.compile(r"'([^']{2,})'")


def _line_has(res, line, token):
	return 0 < line <= len(res["lines"]) and token in res["lines"][line - 1]


def relocated(res, who, line, rule, msg):
	"""True when the other tool reports the same quoted name or value in a compatible family
	on another line, and samc's line (not cfn-lint's) holds it in the template text."""
	if who == "cfn":
		fams = CFN_FAMILIES.get(rule, set())
		for token in QUOTED.findall(msg):
			if _line_has(res, line, token):
				continue
			if any(family_of(sr) in fams and token in sm and _line_has(res, sl, token)
			       for sr, sl, sm in res["samc"] if sr[0] in "EL"):
				return True
		return False
	for cr, cl, cm in res["cfn"]:
		if cr in CFN_FAMILIES and family_of(rule) in CFN_FAMILIES[cr]:
			if any(t in msg and _line_has(res, line, t) for t in QUOTED.findall(cm)):
				return True
	return False


# ---- worker side -------------------------------------------------------------------------
_RULES = None


def _init_worker():
	global _RULES
	from cfnlint.config import ConfigMixIn
	from cfnlint.runner import Runner
	_RULES = Runner(ConfigMixIn(regions=[REGION])).rules


def cfn_lint(text):
	from cfnlint.config import ConfigMixIn
	from cfnlint.decode.decode import decode_str
	from cfnlint.runner import run_template_by_data
	template, errors = decode_str(text)
	if errors or template is None:
		return errors or []
	return list(run_template_by_data(template, ConfigMixIn(regions=[REGION]), _RULES))


def cfn_findings(text):
	try:
		ms = cfn_lint(text)
	except Exception as e:  # a crash of cfn-lint is reported, not fatal
		return None, "cfn-lint raised %s: %s" % (type(e).__name__, e)
	return [(m.rule.id, m.linenumber, m.message) for m in ms], None


def sanitizer_report(stderr):
	return "Sanitizer" in stderr or "runtime error:" in stderr


def run_samc(samc, args, text):
	r = subprocess.run([samc] + args + ["-"], input=text, capture_output=True, text=True,
			   check=False)
	if r.returncode not in (0, 1) or sanitizer_report(r.stderr):
		return r, "samc %s exited %d: %s" % (args[0], r.returncode, r.stderr.strip()[:300])
	return r, None


def samc_findings(samc, text):
	r, crash = run_samc(samc, ["validate", "--format", "json"], text)
	if crash:
		return None, crash
	try:
		files = json.loads(r.stdout)["files"]
	except (ValueError, KeyError):
		return None, "samc validate printed no JSON report: %s" % r.stderr.strip()[:200]
	if not files:
		load = LOAD_ERROR.search(r.stderr)
		if load:
			return [("LOAD", int(load.group(1)), load.group(3))], None
	return [(x["ruleId"], x["line"], x["message"]) for f in files for x in f["findings"]], None


def with_sam_transform(text):
	if re.search(r"^Transform\s*:", text, re.M) or re.search(r'^\s*"Transform"\s*:', text, re.M):
		return text
	return text.rstrip("\n") + "\nTransform: " + SAM_TRANSFORM + "\n"


def transform_accepts(samc, text):
	r = subprocess.run([samc, "transform", "-"], input=text, capture_output=True, text=True,
			   check=False)
	return r.returncode == 0, r


def crash_sweep(samc, text):
	"""validate and graph must survive a template the transform rejects."""
	crashes = []
	for args in (["validate"], ["graph"]):
		_, crash = run_samc(samc, args, text)
		if crash:
			crashes.append(crash)
	return crashes


def work(item):
	samc, rel, path, is_corpus = item
	with open(path, encoding="utf-8") as f:
		text = f.read()
	res = {"rel": rel, "compared": False, "crashes": []}
	if is_corpus:
		ok, r = transform_accepts(samc, text)
		if r.returncode not in (0, 1) or sanitizer_report(r.stderr):
			res["crashes"].append("samc transform exited %d" % r.returncode)
		if not ok:
			res["crashes"] += crash_sweep(samc, text)
			return res
		text = with_sam_transform(text)
		_, crash = run_samc(samc, ["graph"], text)
		if crash:
			res["crashes"].append(crash)
	cfn, crash = cfn_findings(text)
	if crash:
		res["crashes"].append(crash)
	sam, crash2 = samc_findings(samc, text)
	if crash2:
		res["crashes"].append(crash2)
	if cfn is not None and sam is not None:
		res.update(compared=True, cfn=cfn, samc=sam, lines=text.split("\n"))
	return res


# ---- comparison --------------------------------------------------------------------------
def differences(cfn, sam):
	"""(who, line, rule, message) of each finding the other tool does not match, and the set
	of lines where either tool reports an error of the compared rules."""
	out = []
	cfn_err = [(r, l, m) for r, l, m in cfn if r in CFN_FAMILIES]
	cfn_warn = [(r, l, m) for r, l, m in cfn if r in CFN_WARNINGS]
	sam_err = [(r, l, m) for r, l, m in sam if r[0] in "EL" and family_of(r) in SAMC_FAMILIES]
	sam_warn = [(r, l, m) for r, l, m in sam if r in CFN_WARNINGS.values()]
	lines = set()
	def same_line(rule, a, b):
		return rule in FILE_LEVEL or a == b
	for r, l, m in cfn_err:
		if not any(same_line(r, sl, l) and family_of(sr) in CFN_FAMILIES[r]
			   for sr, sl, _ in sam_err):
			out.append(("cfn", l, r, m))
		lines.add(l)
	for r, l, m in sam_err:
		if not any(same_line(cr, cl, l) and family_of(r) in CFN_FAMILIES[cr]
			   for cr, cl, _ in cfn_err):
			out.append(("samc", l, r, m))
		lines.add(l)
	for r, l, m in cfn_warn:
		if not any(sl == l and sr == CFN_WARNINGS[r] for sr, sl, _ in sam_warn):
			out.append(("cfn", l, r, m))
	for r, l, m in sam_warn:
		if not any(cl == l and CFN_WARNINGS[cr] == r for cr, cl, _ in cfn_warn):
			out.append(("samc", l, r, m))
	return out, lines


def interleave(items, stride=7):
	return [x for k in range(stride) for x in items[k::stride]]


def collect(a):
	own = sorted(glob.glob(os.path.join(a.data, "lint*", "*.yaml")))
	items = [(a.samc, os.path.relpath(p, a.data), p, False) for p in own]
	corpus = a.corpus or os.path.join(a.source, "..", "shared", "conformance", "sam-translator",
					  "input")
	if os.path.isdir(corpus) and not a.no_corpus:
		found = sorted(glob.glob(os.path.join(corpus, "*.yaml")) +
			       glob.glob(os.path.join(corpus, "*.json")))
		items += interleave([(a.samc, "corpus/" + os.path.basename(p), p, True) for p in found])
	return items


def run_all(a, items):
	start, results = time.monotonic(), []
	with Pool(2, initializer=_init_worker) as pool:
		for res in pool.imap(work, items, chunksize=2):
			results.append(res)
			if a.budget and time.monotonic() - start > a.budget:
				pool.terminate()
				break
	return results


def report(results, total):
	failures, templates, agree_lines = 0, 0, 0
	known = {}
	for res in results:
		for c in res["crashes"]:
			print("CRASH  %s: %s" % (res["rel"], c))
			failures += 1
		if not res["compared"]:
			continue
		templates += 1
		diffs, lines = differences(res["cfn"], res["samc"])
		bad_lines = set()
		for who, line, rule, msg in diffs:
			why = known_reason(res, line, who, rule, msg)
			if not why and relocated(res, who, line, rule, msg):
				why = RELOCATED
			bad_lines.add(line)
			if why:
				known[why] = known.get(why, 0) + 1
				continue
			print("FAIL   %s:%d: only %s reports %s: %s" % (res["rel"], line,
				"cfn-lint" if who == "cfn" else "samc", rule, msg[:200]))
			failures += 1
		agree_lines += len(lines - bad_lines)
	for why, n in sorted(known.items(), key=lambda x: -x[1]):
		print("known  %4d x %s" % (n, why))
	print("%d templates run of %d (%d compared), %d lines agree, %d known mismatches, "
	      "%d unexpected differences or crashes" % (len(results), total, templates, agree_lines,
							 sum(known.values()), failures))
	return failures


def main():
	ap = argparse.ArgumentParser()
	ap.add_argument("--samc", required=True)
	ap.add_argument("--data", required=True)
	ap.add_argument("--source", default=".", help="the source tree (finds ../shared/...)")
	ap.add_argument("--corpus", help="directory of corpus inputs (default: beside --source)")
	ap.add_argument("--no-corpus", action="store_true")
	ap.add_argument("--budget", type=float, default=0, help="seconds; 0 = no limit")
	ap.add_argument("--only", help="run only templates whose name contains this")
	a = ap.parse_args()
	try:
		import cfnlint  # noqa: F401
	except ImportError:
		return 77
	items = collect(a)
	if a.only:
		items = [x for x in items if a.only in x[1]]
	results = run_all(a, items)
	return 1 if report(results, len(items)) else 0


if __name__ == "__main__":
	sys.exit(main())
