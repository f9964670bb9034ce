#!/usr/bin/env python3
"""gen-resource-schemas.py -- builds schemas/resource_types.json, the compact CloudFormation
resource property data behind `samc validate`'s schema rules (lib/lint/schema_data.c).

Source: the resource provider schemas that cfn-lint ships (cfnlint/data/schemas/providers/
<region>.py maps each type to a schema file in cfnlint/data/schemas/resources/; the schemas
are AWS's published CloudFormation resource provider schemas, MIT-0, with cfn-lint's patches
applied). Python 3 standard library only; cfn-lint must be importable to locate the data.

Regenerate (after upgrading cfn-lint):
    python3 tools/gen-resource-schemas.py > schemas/resource_types.json
The build then packs the file (tools/pack-schemas.c: each type's line compressed on its own),
which relies on the layout below: a header line, one "TYPE":{...} line per type in byte order,
and a closing "}}" line.

Output: {"_source": "...", "_generated": "YYYY-MM-DD", "types": {TYPE: {"a": [attrs], "p": OBJ,
"r": [regions where the type is absent, only if any]}}}, each TYPE on a line of its own, in
name (byte) order.  OBJ = {"P": {name: PROP}, "R":
[required], "X": 1 when additionalProperties is false}.  PROP = {"t": type letters (s string,
n number, i integer, b boolean, a array, o object; absent = anything), "e": [enum values],
"o": OBJ for objects, "i": PROP for array items}.  Read-only properties stay in "P" (a template
may set them; CloudFormation ignores them) but never in "R".  "a" lists the GetAtt attributes
the way cfn-lint derives them: the read-only properties (dotted paths), plus cfn-lint's
per-type additions, and for the types whose every property is an attribute, every scalar or
scalar-array property (dotted through objects).  Nesting is cut at MAX_DEPTH levels and at
recursive $refs: a cut object has no "P" and is not checked further.
"""
import datetime
import json
import os
import re
import sys

MAX_DEPTH = 5
LETTER = {"string": "s", "number": "n", "integer": "i", "boolean": "b", "array": "a",
          "object": "o"}


def cfnlint_dir():
	import cfnlint  # noqa: only to find the data
	from cfnlint.version import __version__
	return os.path.dirname(cfnlint.__file__), __version__


def region_maps(providers):
	out = {}
	for f in sorted(os.listdir(providers)):
		if not f.endswith(".py") or f.startswith("__"):
			continue
		text = open(os.path.join(providers, f), encoding="utf-8").read()
		out[f[:-3].replace("_", "-")] = dict(re.findall(r'"([A-Za-z0-9:]+)": "([0-9a-f]+)"', text))
	return out


def resolve(schema, node, seen):
	while isinstance(node, dict) and "$ref" in node:
		ref = node["$ref"]
		if not ref.startswith("#/definitions/") or ref in seen:
			return None, seen
		seen = seen | {ref}
		node = schema.get("definitions", {}).get(ref[len("#/definitions/"):])
	return node, seen


def type_letters(node):
	t = node.get("type")
	if isinstance(t, str):
		t = [t]
	if not isinstance(t, list):
		return None
	letters = "".join(LETTER.get(x, "") for x in t)
	return letters or None


def prop_spec(schema, node, depth, seen, path, readonly):
	node, seen = resolve(schema, node, seen)
	if not isinstance(node, dict):
		return {}
	spec = {}
	t = type_letters(node)
	if t:
		spec["t"] = t
	if isinstance(node.get("enum"), list) and all(isinstance(v, (str, int, float)) for v in node["enum"]):
		spec["e"] = node["enum"]
	if depth >= MAX_DEPTH:
		return spec
	if "properties" in node and (t is None or "o" in t):
		spec["o"] = obj_spec(schema, node, depth + 1, seen, path, readonly)
	if "items" in node and isinstance(node["items"], dict) and (t is None or "a" in t):
		item = prop_spec(schema, node["items"], depth + 1, seen, path, readonly)
		if item:
			spec["i"] = item
	return spec


def obj_spec(schema, node, depth, seen, path, readonly):
	out = {"P": {}}
	for name, sub in sorted(node.get("properties", {}).items()):
		sub_path = path + "/" + name
		out["P"][name] = prop_spec(schema, sub, depth, seen, sub_path, readonly)
	req = [r for r in node.get("required", []) if path + "/" + r not in readonly]
	if req:
		out["R"] = sorted(req)
	if node.get("additionalProperties") is False and not node.get("patternProperties"):
		out["X"] = 1
	return out


def getatt_tables():
	"""cfn-lint's GetAtt data: the types whose every property is an attribute, and the extra
	attributes of some types (names only)."""
	from cfnlint.schema import _getatts
	return set(_getatts._all_property_types), dict(_getatts._exceptions)


def property_attributes(schema, node, path, seen, out):
	"""Every scalar or scalar-array property under node, as dotted names (GetAtt cannot
	reach into arrays of objects)."""
	node, seen = resolve(schema, node, seen)
	if not isinstance(node, dict):
		return
	types = node.get("type")
	types = types if isinstance(types, list) else [types]
	if "object" in types:
		for name, sub in node.get("properties", {}).items():
			property_attributes(schema, sub, path + [name], seen, out)
	elif "array" in types:
		item, _ = resolve(schema, node.get("items", {}), seen)
		if not (isinstance(item, dict) and item.get("type") in ("object", "array")):
			out.add(".".join(path))
	elif path:
		out.add(".".join(path))


def attributes(name, schema, tables):
	all_props, extra = tables
	out = set()
	if name in all_props:
		for prop, sub in schema.get("properties", {}).items():
			property_attributes(schema, sub, [prop], frozenset(), out)
		return sorted(out)
	out.update(extra.get(name, []))
	out.update(p[len("/properties/"):].replace("/", ".") for p in schema.get("readOnlyProperties", [])
		   if p.startswith("/properties/") and "*" not in p)
	return sorted(out)


def type_entry(name, schema, absent, tables):
	readonly = set(schema.get("readOnlyProperties", []))
	entry = {}
	attrs = attributes(name, schema, tables)
	if attrs:
		entry["a"] = attrs  # first: lib/lint/schema_data.c finds it by scanning the text
	entry["p"] = obj_spec(schema, schema, 0, frozenset(), "/properties", readonly)
	if absent:
		entry["r"] = absent
	return entry


def main():
	base, version = cfnlint_dir()
	regions = region_maps(os.path.join(base, "data", "schemas", "providers"))
	order = ["us-east-1"] + [r for r in regions if r != "us-east-1"]
	all_types = sorted({t for m in regions.values() for t in m})
	types, tables = {}, getatt_tables()
	for name in all_types:
		region = next(r for r in order if name in regions[r])
		path = os.path.join(base, "data", "schemas", "resources", regions[region][name] + ".json")
		schema = json.load(open(path, encoding="utf-8"))
		absent = sorted(r for r in regions if name not in regions[r])
		types[name] = type_entry(name, schema, absent, tables)
	out = {
		"_source": "cfn-lint %s (cfnlint/data/schemas: AWS CloudFormation resource provider "
			   "schemas, MIT-0, with cfn-lint patches)" % version,
		"_generated": datetime.date.today().isoformat(),
		"types": types,
	}
	# One type per line, in name order: the reader binary-searches the lines and touches only
	# the pages of the types a template uses.
	compact = dict(separators=(",", ":"), sort_keys=False)
	head = {k: v for k, v in out.items() if k != "types"}
	sys.stdout.write(json.dumps(head, **compact)[:-1] + ',"types":{')
	lines = [json.dumps(name, **compact) + ":" + json.dumps(entry, **compact)
		 for name, entry in types.items()]
	sys.stdout.write("\n" + ",\n".join(lines) + "\n}}\n")


if __name__ == "__main__":
	main()
