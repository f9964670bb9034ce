#!/usr/bin/env python3
"""lint_diff.py -- compares samc validate's schema findings with cfn-lint's property errors.

For every template under DATA/lint*/, each line where cfn-lint (run in-process) reports one of
the property rules samc's family 3 covers (both in us-east-1) must carry a samc finding E3001-E3005; lines in
KNOWN_MISMATCHES are expected to differ and are reported, not failed. Exit 0 when all agree,
1 otherwise, 77 when cfnlint is missing.
"""
import argparse
import glob
import json
import os
import subprocess
import sys

CFN_RULES = {"E3002", "E3003", "E3006", "E3012", "E3030"}
SAMC_RULES = {"E3001", "E3002", "E3003", "E3004", "E3005"}

# (template relative to DATA, line): why samc does not report what cfn-lint does there.
KNOWN_MISMATCHES = {
	("lint/bad_intrinsics.yaml", 23): "an unknown function (Fn::Bogus) is family 4's E4002; "
	"family 3 skips every Fn:: value",
	("lint_schema/good.yaml", 45): "third-party types (not AWS::) may be registered private "
	"types: samc skips them, cfn-lint calls them unknown (E3006)",
}


def cfn_lines(path):
	try:
		from cfnlint.api import ManualArgs, lint
	except ImportError:
		sys.exit(77)
	with open(path, encoding="utf-8") as f:
		text = f.read()
	lines = set()
	for m in lint(text, config=ManualArgs(regions=["us-east-1"])):
		if m.rule.id in CFN_RULES:
			lines.add(m.linenumber)
	return lines


def samc_lines(samc, path):
	out = subprocess.run([samc, "validate", "--format", "json", path], capture_output=True,
			     text=True, check=False).stdout
	lines = set()
	for f in json.loads(out)["files"]:
		for x in f["findings"]:
			if x["ruleId"] in SAMC_RULES:
				lines.add(x["line"])
	return lines


def main():
	ap = argparse.ArgumentParser()
	ap.add_argument("--samc", required=True)
	ap.add_argument("--data", required=True)
	a = ap.parse_args()
	failures = checked = 0
	for path in sorted(glob.glob(os.path.join(a.data, "lint*", "*.yaml"))):
		rel = os.path.relpath(path, a.data)
		want, got = cfn_lines(path), samc_lines(a.samc, path)
		for line in sorted(want | got):
			checked += 1
			if (line in want) == (line in got):
				continue
			why = KNOWN_MISMATCHES.get((rel, line))
			who = "cfn-lint only" if line in want else "samc only"
			if why:
				print("known  %s:%d (%s): %s" % (rel, line, who, why))
			else:
				print("FAIL   %s:%d: %s" % (rel, line, who))
				failures += 1
	print("%d lines compared, %d unexpected differences" % (checked, failures))
	return 1 if failures else 0


if __name__ == "__main__":
	sys.exit(main())
