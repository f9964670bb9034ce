"""py27_expect.py — regenerates the expectations hard-coded in test_py27.c from the reference's
own classes (samtranslator.utils.py27hash_fix). Run with the reference's interpreter:
    python3 tests/unit/py27_expect.py > /tmp/py27_expect.inc
and paste the blocks into test_py27.c.

Op language of the dict cases (space-separated; i = the op's index, used as the value):
    +K      d[K] = i                      ^K      d[Py27UniStr(K)] = i
    -K      d.pop(K, None)                s:K     d.setdefault(K, i)
    u:K,..  d.update({K: i, ..})          U:K,..  d.update(Py27Dict with d2[K] = i one by one)
    L:K,..  d = Py27Dict({K: i, ..})      c       d = d.copy()         D   d = copy.deepcopy(d)
"""

import copy
import hashlib
import random

from samtranslator.utils.py27hash_fix import (
    Py27Dict,
    Py27LongInt,
    Py27UniStr,
    _convert_to_py27_type,
    to_py27_compatible_template,
)
from samtranslator.yaml_helper import yaml_parse


def run(ops):
    d = Py27Dict()
    for i, op in enumerate(ops.split(" ")):
        if op[0] == "+":
            d[op[1:]] = i
        elif op[0] == "^":
            d[Py27UniStr(op[1:])] = i
        elif op[0] == "-":
            d.pop(op[1:], None)
        elif op.startswith("s:"):
            d.setdefault(op[2:], i)
        elif op.startswith("u:"):
            d.update({k: i for k in op[2:].split(",")})
        elif op.startswith("U:"):
            src = Py27Dict()
            for k in op[2:].split(","):
                src[k] = i
            d.update(src)
        elif op.startswith("L:"):
            d = Py27Dict({k: i for k in op[2:].split(",")})
        elif op == "c":
            d = d.copy()
        elif op == "D":
            d = copy.deepcopy(d)
        else:
            raise ValueError(op)
    return str(d)


def keys(prefix, n, start=0):
    return [f"{prefix}{i}" for i in range(start, start + n)]


def adds(names, mark="+"):
    return " ".join(mark + k for k in names)


def random_case(seed, pool, nops):
    rnd = random.Random(seed)
    names = keys("k", pool)
    out = []
    for _ in range(nops):
        r = rnd.random()
        k = rnd.choice(names)
        if r < 0.55:
            out.append("+" + k)
        elif r < 0.9:
            out.append("-" + k)
        elif r < 0.95:
            out.append("u:" + ",".join(rnd.sample(names, rnd.randint(1, 6))))
        else:
            out.append("D" if rnd.random() < 0.5 else "c")
    return " ".join(out)


CASES = [
    "+swagger +info +paths",
    "+/a +/b",
    "+version +title",
    "+type +httpMethod +uri",
    "+type +httpMethod +uri +responseTransferMode +credentials",
    # k3, k13, k22, k35 share slot 0 of the first table (collisions, probing, dummies)
    "+k3 +k13 +k22",
    "+k3 +k13 -k3 +k22",
    "+k3 +k13 -k3 +k3",
    "+k3 +k13 +k22 -k13 -k3 +k35 +k13",
    "+k3 +k13 -k3 -k13 +k22 +k35 +k44",
    "+k3 -k3 +k3 -k3 +k3",
    "-nothing +a -nothing",
    # resizes: 5 keys stay in 8 slots, the 6th resizes to 32; 22 keys resize to 128
    adds(keys("k", 5)),
    adds(keys("k", 6)),
    adds(keys("k", 21)),
    adds(keys("k", 22)),
    adds(keys("k", 100)),
    # dummies count in fill: deletes then inserts trigger an earlier resize
    adds(keys("k", 5)) + " " + adds(keys("k", 4), "-") + " " + adds(keys("j", 3)),
    adds(keys("k", 20)) + " " + adds(keys("k", 15), "-") + " " + adds(keys("k", 10)),
    # update(): pre-sizing as PyDict_Merge, plain and Py27Dict sources
    "u:a",
    "u:" + ",".join(keys("k", 5)),
    "u:" + ",".join(keys("k", 6)),
    "u:" + ",".join(keys("k", 20)),
    "U:" + ",".join(keys("k", 20)),
    "+x +y u:a",
    "+x +y u:" + ",".join(keys("k", 5)),
    "+x +y u:" + ",".join(keys("k", 20)),
    adds(keys("k", 4)) + " u:k1,k2,k3,k4,k5",
    adds(keys("k", 5)) + " -k0 -k1 -k2 u:j0,j1",
    adds(keys("k", 30)) + " U:" + ",".join(keys("k", 10, 25)),
    "u:",
    # Py27Dict(plain dict) is an update, not a series of sets
    "L:" + ",".join(keys("k", 6)),
    "L:" + ",".join(keys("k", 22)),
    # copy() merges the keys (pre-sized); deepcopy re-adds them one by one; both drop dummies
    "+k3 +k13 +k22 -k3 c",
    "+k3 +k13 +k22 -k3 D",
    adds(keys("k", 30)) + " " + adds(keys("k", 25), "-") + " c",
    adds(keys("k", 30)) + " " + adds(keys("k", 25), "-") + " D",
    adds(keys("k", 7)) + " c",
    adds(keys("k", 7)) + " D",
    # ... and these reorder (compare with the same ops without the copy)
    "+k34 +k6 +k36 +k15 +k0",
    "+k34 +k6 +k36 +k15 +k0 D",
    "+k34 +k6 +k36 +k15 +k0 c",
    "+k8 +k0 +k13 +k10 +k18 -k0",
    "+k8 +k0 +k13 +k10 +k18 -k0 D",
    "+k16 +k22 +k33 +k1 +k29 +k15",
    "+k16 +k22 +k33 +k1 +k29 +k15 c",
    # setdefault
    "+a s:a s:b +c s:k3",
    # unicode keys: hash over code points; Py27UniStr keys repr as u'...'
    "+\u00e9 +\u65e5\u672c +\U0001f600 ^caf\u00e9 +x'y +x\"y +a\\b ^q'\"",
    "^k3 +k13 +k3",
    "+k3 ^k3",
    random_case(1, 12, 60),
    random_case(2, 40, 300),
    random_case(3, 8, 200),
    random_case(4, 120, 600),
]

REPR_STRINGS = [
    "plain",
    "it's",
    'say "hi"',
    "both ' and \"",
    "back\\slash",
    "\\'\"",
    "tab\tnl\ncr\r",
    "ctl\x01\x1f\x7f",
    "latin \x80\x9f\xa0\xad\xe9\xff",
    "\u0100\u200b\u2028\u3000\ufeff\ufffd",
    "\u65e5\u672c\u8a9e",
    "\U0001f600 \U000e0001 \U0010ffff",
    "e\u0301",
    "",
]


def c_literal(s):
    out = '"'
    for b in s.encode("utf-8"):
        c = chr(b)
        if c in '"\\':
            out += "\\" + c
        elif 0x20 <= b < 0x7F and c != "?":
            out += c
        else:
            out += "\\%03o" % b
    return out + '"'


def chunks(s, width=88):
    lit = c_literal(s)
    if len(lit) <= width:
        return [lit]
    parts, cur = [], ""
    body = lit[1:-1]
    i = 0
    while i < len(body):
        step = 4 if body[i] == "\\" and body[i + 1].isdigit() else 2 if body[i] == "\\" else 1
        if len(cur) + step > width - 2:
            parts.append('"' + cur + '"')
            cur = ""
        cur += body[i : i + step]
        i += step
    parts.append('"' + cur + '"')
    return parts


def emit_cases():
    print("static const struct dict_case dict_cases[] = {")
    for ops in CASES:
        lines = chunks(ops)
        lines[-1] += ","
        lines += chunks(run(ops))
        lines[-1] += "},"
        print("\t{" + "\n\t ".join(lines))
    print("};")


def emit_reprs():
    print("static const struct repr_case repr_cases[] = {")
    for s in REPR_STRINGS:
        lines = chunks(s)
        lines[-1] += ","
        lines += chunks(repr(s))
        lines[-1] += ","
        lines += chunks(repr(Py27UniStr(s)))
        lines[-1] += "},"
        print("\t{" + "\n\t ".join(lines))
    print("};")


def big_adds():
    """sha1(str(d)) for 90000 keys k0.. added in order (a resize above 50000 keys doubles)."""
    d = Py27Dict()
    for i in range(90000):
        d[f"k{i}"] = i
    return hashlib.sha1(str(d).encode()).hexdigest()


def churn():
    """sha1(str(d)) for 2000 adds, every third key deleted, 700 adds, update of 300 keys."""
    d = Py27Dict()
    for i in range(2000):
        d[f"k{i}"] = i
    for i in range(0, 2000, 3):
        d.pop(f"k{i}", None)
    for i in range(700):
        d[f"j{i}"] = i
    d.update({f"m{i}": i for i in range(300)})
    return hashlib.sha1(str(d).encode()).hexdigest()


def values():
    d = Py27Dict()
    d["int"] = 42
    d["neg"] = -7
    d["float"] = 1.5
    d["exp"] = 1e16
    d["small"] = 1e-05
    d["inf"] = float("inf")
    d["nan"] = float("nan")
    d["long"] = Py27LongInt(2**64)
    d["maxint"] = Py27LongInt(2**63 - 1)
    d["t"] = True
    d["f"] = False
    d["none"] = None
    d["list"] = [1, "a", Py27UniStr("b"), [], {}, {"k": Py27UniStr("v")}]
    d[Py27UniStr("ukey")] = {"Ref": "X"}
    return str(d)


TEMPLATE = """\
Globals:
  Api:
    Cors: "'*'"
  Function:
    Runtime: python3.12
Parameters:
  P1:
    Type: String
    Default: caf\u00e9
  P2:
    Type: Number
    Default: 18446744073709551616
  P3:
    Type: String
Resources:
  A:
    Type: AWS::Serverless::Api
    Properties:
      StageName: v1-beta
      Variables: {true: x, 2: y, null: z, big: 18446744073709551616, small: 5}
  Fn:
    Type: AWS::Serverless::Function
    Condition: C
    Properties:
      Handler: h
      FunctionName: f
      Events:
        E: {Type: Api, Properties: {Path: /a, Method: get, RestApiId: {Ref: A}}}
  NoProps:
    Type: AWS::Serverless::Function
    Condition: C
  T:
    Type: AWS::SNS::Topic
    Properties: {TopicName: t}
  H:
    Type: AWS::Serverless::HttpApi
"""


def template():
    tpl = yaml_parse(TEMPLATE)
    params = {"param1": "value1", "n": 5}
    to_py27_compatible_template(tpl, params)
    for part in (tpl["Globals"], tpl["Parameters"], tpl["Resources"], params):
        print("\t" + "\n\t".join(chunks(str(part))) + ",")


def colliding_keys():
    return str(_convert_to_py27_type({True: "a", "x": "c", "True": "b", None: "n"}))


if __name__ == "__main__":
    emit_cases()
    emit_reprs()
    print(f'#define BIG_ADDS_SHA1 "{big_adds()}"')
    print(f'#define CHURN_SHA1 "{churn()}"')
    print("#define VALUES_STR \\\n\t" + " \\\n\t".join(chunks(values())))
    print(f"#define COLLIDING_STR {c_literal(colliding_keys())}")
    print("static const char *const template_parts[] = {")
    template()
    print("};")
