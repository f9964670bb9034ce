/* test_py27.c — the py27 layer (py27.h) against the reference's own classes: Py27Dict order
 * after insert/delete/update/copy sequences, str() of values, Py27UniStr reprs, the template
 * conversion, and the REST deployment ids of reference-map §3.3. Expectations were generated
 * with python3 + samtranslator.utils.py27hash_fix by tests/unit/py27_expect.py. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>

#include "transform/py27.h"
#include "xf_fixture.h"

/* ---- expectations (py27_expect.py) ---- */

struct dict_case {
	const char *ops;
	const char *expected;
};

struct repr_case {
	const char *text;
	const char *repr;  /* repr(str) */
	const char *urepr; /* repr(Py27UniStr) */
};

static const struct dict_case dict_cases[] = {
	{"+swagger +info +paths",
	 "{'info': 1, 'paths': 2, 'swagger': 0}"},
	{"+/a +/b",
	 "{'/b': 1, '/a': 0}"},
	{"+version +title",
	 "{'version': 0, 'title': 1}"},
	{"+type +httpMethod +uri",
	 "{'httpMethod': 1, 'type': 0, 'uri': 2}"},
	{"+type +httpMethod +uri +responseTransferMode +credentials",
	 "{'httpMethod': 1, 'type': 0, 'uri': 2, 'credentials': 4, 'responseTransferMode': 3}"},
	{"+k3 +k13 +k22",
	 "{'k3': 0, 'k13': 1, 'k22': 2}"},
	{"+k3 +k13 -k3 +k22",
	 "{'k22': 3, 'k13': 1}"},
	{"+k3 +k13 -k3 +k3",
	 "{'k3': 3, 'k13': 1}"},
	{"+k3 +k13 +k22 -k13 -k3 +k35 +k13",
	 "{'k35': 5, 'k13': 6, 'k22': 2}"},
	{"+k3 +k13 -k3 -k13 +k22 +k35 +k44",
	 "{'k22': 4, 'k35': 5, 'k44': 6}"},
	{"+k3 -k3 +k3 -k3 +k3",
	 "{'k3': 4}"},
	{"-nothing +a -nothing",
	 "{'a': 1}"},
	{"+k0 +k1 +k2 +k3 +k4",
	 "{'k3': 3, 'k2': 2, 'k1': 1, 'k0': 0, 'k4': 4}"},
	{"+k0 +k1 +k2 +k3 +k4 +k5",
	 "{'k3': 3, 'k2': 2, 'k1': 1, 'k0': 0, 'k5': 5, 'k4': 4}"},
	{"+k0 +k1 +k2 +k3 +k4 +k5 +k6 +k7 +k8 +k9 +k10 +k11 +k12 +k13 +k14 +k15 +k16 +k17 +k18 +"
	 "k19 +k20",
	 "{'k13': 13, 'k12': 12, 'k11': 11, 'k10': 10, 'k17': 17, 'k16': 16, 'k15': 15, 'k14': 1"
	 "4, 'k19': 19, 'k18': 18, 'k3': 3, 'k2': 2, 'k1': 1, 'k0': 0, 'k7': 7, 'k6': 6, 'k5': 5"
	 ", 'k4': 4, 'k9': 9, 'k8': 8, 'k20': 20}"},
	{"+k0 +k1 +k2 +k3 +k4 +k5 +k6 +k7 +k8 +k9 +k10 +k11 +k12 +k13 +k14 +k15 +k16 +k17 +k18 +"
	 "k19 +k20 +k21",
	 "{'k13': 13, 'k12': 12, 'k11': 11, 'k10': 10, 'k17': 17, 'k16': 16, 'k15': 15, 'k14': 1"
	 "4, 'k19': 19, 'k18': 18, 'k3': 3, 'k2': 2, 'k1': 1, 'k0': 0, 'k7': 7, 'k6': 6, 'k5': 5"
	 ", 'k4': 4, 'k9': 9, 'k8': 8, 'k20': 20, 'k21': 21}"},
	{"+k0 +k1 +k2 +k3 +k4 +k5 +k6 +k7 +k8 +k9 +k10 +k11 +k12 +k13 +k14 +k15 +k16 +k17 +k18 +"
	 "k19 +k20 +k21 +k22 +k23 +k24 +k25 +k26 +k27 +k28 +k29 +k30 +k31 +k32 +k33 +k34 +k35 +k"
	 "36 +k37 +k38 +k39 +k40 +k41 +k42 +k43 +k44 +k45 +k46 +k47 +k48 +k49 +k50 +k51 +k52 +k5"
	 "3 +k54 +k55 +k56 +k57 +k58 +k59 +k60 +k61 +k62 +k63 +k64 +k65 +k66 +k67 +k68 +k69 +k70"
	 " +k71 +k72 +k73 +k74 +k75 +k76 +k77 +k78 +k79 +k80 +k81 +k82 +k83 +k84 +k85 +k86 +k87 "
	 "+k88 +k89 +k90 +k91 +k92 +k93 +k94 +k95 +k96 +k97 +k98 +k99",
	 "{'k59': 59, 'k58': 58, 'k57': 57, 'k56': 56, 'k55': 55, 'k54': 54, 'k53': 53, 'k52': 5"
	 "2, 'k51': 51, 'k50': 50, 'k48': 48, 'k49': 49, 'k44': 44, 'k45': 45, 'k46': 46, 'k47':"
	 " 47, 'k40': 40, 'k41': 41, 'k42': 42, 'k43': 43, 'k71': 71, 'k70': 70, 'k73': 73, 'k72"
	 "': 72, 'k75': 75, 'k74': 74, 'k77': 77, 'k76': 76, 'k79': 79, 'k78': 78, 'k66': 66, 'k"
	 "67': 67, 'k64': 64, 'k65': 65, 'k62': 62, 'k63': 63, 'k60': 60, 'k61': 61, 'k68': 68, "
	 "'k69': 69, 'k99': 99, 'k98': 98, 'k93': 93, 'k92': 92, 'k91': 91, 'k90': 90, 'k97': 97"
	 ", 'k96': 96, 'k95': 95, 'k94': 94, 'k13': 13, 'k12': 12, 'k11': 11, 'k10': 10, 'k17': "
	 "17, 'k16': 16, 'k15': 15, 'k14': 14, 'k19': 19, 'k18': 18, 'k88': 88, 'k89': 89, 'k80'"
	 ": 80, 'k81': 81, 'k82': 82, 'k83': 83, 'k84': 84, 'k85': 85, 'k86': 86, 'k87': 87, 'k3"
	 "5': 35, 'k34': 34, 'k37': 37, 'k36': 36, 'k31': 31, 'k30': 30, 'k33': 33, 'k32': 32, '"
	 "k39': 39, 'k38': 38, 'k3': 3, 'k2': 2, 'k1': 1, 'k0': 0, 'k7': 7, 'k6': 6, 'k5': 5, 'k"
	 "4': 4, 'k9': 9, 'k8': 8, 'k28': 28, 'k29': 29, 'k22': 22, 'k23': 23, 'k20': 20, 'k21':"
	 " 21, 'k26': 26, 'k27': 27, 'k24': 24, 'k25': 25}"},
	{"+k0 +k1 +k2 +k3 +k4 -k0 -k1 -k2 -k3 +j0 +j1 +j2",
	 "{'k4': 4, 'j0': 9, 'j1': 10, 'j2': 11}"},
	{"+k0 +k1 +k2 +k3 +k4 +k5 +k6 +k7 +k8 +k9 +k10 +k11 +k12 +k13 +k14 +k15 +k16 +k17 +k18 +"
	 "k19 -k0 -k1 -k2 -k3 -k4 -k5 -k6 -k7 -k8 -k9 -k10 -k11 -k12 -k13 -k14 +k0 +k1 +k2 +k3 +"
	 "k4 +k5 +k6 +k7 +k8 +k9",
	 "{'k17': 17, 'k16': 16, 'k15': 15, 'k19': 19, 'k18': 18, 'k3': 38, 'k2': 37, 'k1': 36, "
	 "'k0': 35, 'k7': 42, 'k6': 41, 'k5': 40, 'k4': 39, 'k9': 44, 'k8': 43}"},
	{"u:a",
	 "{'a': 0}"},
	{"u:k0,k1,k2,k3,k4",
	 "{'k3': 0, 'k2': 0, 'k1': 0, 'k0': 0, 'k4': 0}"},
	{"u:k0,k1,k2,k3,k4,k5",
	 "{'k3': 0, 'k2': 0, 'k1': 0, 'k0': 0, 'k5': 0, 'k4': 0}"},
	{"u:k0,k1,k2,k3,k4,k5,k6,k7,k8,k9,k10,k11,k12,k13,k14,k15,k16,k17,k18,k19",
	 "{'k13': 0, 'k12': 0, 'k11': 0, 'k10': 0, 'k17': 0, 'k16': 0, 'k15': 0, 'k14': 0, 'k19'"
	 ": 0, 'k18': 0, 'k3': 0, 'k2': 0, 'k1': 0, 'k0': 0, 'k7': 0, 'k6': 0, 'k5': 0, 'k4': 0,"
	 " 'k9': 0, 'k8': 0}"},
	{"U:k0,k1,k2,k3,k4,k5,k6,k7,k8,k9,k10,k11,k12,k13,k14,k15,k16,k17,k18,k19",
	 "{'k13': 0, 'k12': 0, 'k11': 0, 'k10': 0, 'k17': 0, 'k16': 0, 'k15': 0, 'k14': 0, 'k19'"
	 ": 0, 'k18': 0, 'k3': 0, 'k2': 0, 'k1': 0, 'k0': 0, 'k7': 0, 'k6': 0, 'k5': 0, 'k4': 0,"
	 " 'k9': 0, 'k8': 0}"},
	{"+x +y u:a",
	 "{'y': 1, 'x': 0, 'a': 2}"},
	{"+x +y u:k0,k1,k2,k3,k4",
	 "{'k3': 2, 'k2': 2, 'k1': 2, 'k0': 2, 'k4': 2, 'y': 1, 'x': 0}"},
	{"+x +y u:k0,k1,k2,k3,k4,k5,k6,k7,k8,k9,k10,k11,k12,k13,k14,k15,k16,k17,k18,k19",
	 "{'k13': 2, 'k12': 2, 'k11': 2, 'k10': 2, 'k17': 2, 'k16': 2, 'k15': 2, 'k14': 2, 'k19'"
	 ": 2, 'k18': 2, 'k3': 2, 'k2': 2, 'k1': 2, 'k0': 2, 'k7': 2, 'k6': 2, 'k5': 2, 'k4': 2,"
	 " 'y': 1, 'x': 0, 'k9': 2, 'k8': 2}"},
	{"+k0 +k1 +k2 +k3 u:k1,k2,k3,k4,k5",
	 "{'k3': 4, 'k2': 4, 'k1': 4, 'k0': 0, 'k5': 4, 'k4': 4}"},
	{"+k0 +k1 +k2 +k3 +k4 -k0 -k1 -k2 u:j0,j1",
	 "{'k3': 3, 'k4': 4, 'j0': 8, 'j1': 8}"},
	{"+k0 +k1 +k2 +k3 +k4 +k5 +k6 +k7 +k8 +k9 +k10 +k11 +k12 +k13 +k14 +k15 +k16 +k17 +k18 +"
	 "k19 +k20 +k21 +k22 +k23 +k24 +k25 +k26 +k27 +k28 +k29 U:k25,k26,k27,k28,k29,k30,k31,k3"
	 "2,k33,k34",
	 "{'k13': 13, 'k12': 12, 'k11': 11, 'k10': 10, 'k17': 17, 'k16': 16, 'k15': 15, 'k14': 1"
	 "4, 'k19': 19, 'k18': 18, 'k3': 3, 'k2': 2, 'k1': 1, 'k0': 0, 'k7': 7, 'k6': 6, 'k5': 5"
	 ", 'k4': 4, 'k9': 9, 'k8': 8, 'k34': 30, 'k31': 30, 'k30': 30, 'k28': 30, 'k29': 30, 'k"
	 "33': 30, 'k22': 22, 'k23': 23, 'k20': 20, 'k21': 21, 'k26': 30, 'k27': 30, 'k24': 24, "
	 "'k25': 30, 'k32': 30}"},
	{"u:",
	 "{'': 0}"},
	{"L:k0,k1,k2,k3,k4,k5",
	 "{'k3': 0, 'k2': 0, 'k1': 0, 'k0': 0, 'k5': 0, 'k4': 0}"},
	{"L:k0,k1,k2,k3,k4,k5,k6,k7,k8,k9,k10,k11,k12,k13,k14,k15,k16,k17,k18,k19,k20,k21",
	 "{'k21': 0, 'k13': 0, 'k12': 0, 'k11': 0, 'k10': 0, 'k17': 0, 'k16': 0, 'k15': 0, 'k14'"
	 ": 0, 'k19': 0, 'k18': 0, 'k3': 0, 'k2': 0, 'k1': 0, 'k0': 0, 'k7': 0, 'k6': 0, 'k5': 0"
	 ", 'k4': 0, 'k9': 0, 'k8': 0, 'k20': 0}"},
	{"+k3 +k13 +k22 -k3 c",
	 "{'k13': 1, 'k22': 2}"},
	{"+k3 +k13 +k22 -k3 D",
	 "{'k13': 1, 'k22': 2}"},
	{"+k0 +k1 +k2 +k3 +k4 +k5 +k6 +k7 +k8 +k9 +k10 +k11 +k12 +k13 +k14 +k15 +k16 +k17 +k18 +"
	 "k19 +k20 +k21 +k22 +k23 +k24 +k25 +k26 +k27 +k28 +k29 -k0 -k1 -k2 -k3 -k4 -k5 -k6 -k7 "
	 "-k8 -k9 -k10 -k11 -k12 -k13 -k14 -k15 -k16 -k17 -k18 -k19 -k20 -k21 -k22 -k23 -k24 c",
	 "{'k28': 28, 'k29': 29, 'k26': 26, 'k27': 27, 'k25': 25}"},
	{"+k0 +k1 +k2 +k3 +k4 +k5 +k6 +k7 +k8 +k9 +k10 +k11 +k12 +k13 +k14 +k15 +k16 +k17 +k18 +"
	 "k19 +k20 +k21 +k22 +k23 +k24 +k25 +k26 +k27 +k28 +k29 -k0 -k1 -k2 -k3 -k4 -k5 -k6 -k7 "
	 "-k8 -k9 -k10 -k11 -k12 -k13 -k14 -k15 -k16 -k17 -k18 -k19 -k20 -k21 -k22 -k23 -k24 D",
	 "{'k28': 28, 'k29': 29, 'k26': 26, 'k27': 27, 'k25': 25}"},
	{"+k0 +k1 +k2 +k3 +k4 +k5 +k6 c",
	 "{'k3': 3, 'k2': 2, 'k1': 1, 'k0': 0, 'k6': 6, 'k5': 5, 'k4': 4}"},
	{"+k0 +k1 +k2 +k3 +k4 +k5 +k6 D",
	 "{'k3': 3, 'k2': 2, 'k1': 1, 'k0': 0, 'k6': 6, 'k5': 5, 'k4': 4}"},
	{"+k34 +k6 +k36 +k15 +k0",
	 "{'k0': 4, 'k34': 0, 'k36': 2, 'k6': 1, 'k15': 3}"},
	{"+k34 +k6 +k36 +k15 +k0 D",
	 "{'k34': 0, 'k0': 4, 'k36': 2, 'k15': 3, 'k6': 1}"},
	{"+k34 +k6 +k36 +k15 +k0 c",
	 "{'k34': 0, 'k0': 4, 'k36': 2, 'k15': 3, 'k6': 1}"},
	{"+k8 +k0 +k13 +k10 +k18 -k0",
	 "{'k13': 2, 'k10': 3, 'k8': 0, 'k18': 4}"},
	{"+k8 +k0 +k13 +k10 +k18 -k0 D",
	 "{'k13': 2, 'k18': 4, 'k10': 3, 'k8': 0}"},
	{"+k16 +k22 +k33 +k1 +k29 +k15",
	 "{'k29': 4, 'k16': 0, 'k15': 5, 'k22': 1, 'k1': 3, 'k33': 2}"},
	{"+k16 +k22 +k33 +k1 +k29 +k15 c",
	 "{'k1': 3, 'k29': 4, 'k16': 0, 'k15': 5, 'k33': 2, 'k22': 1}"},
	{"+a s:a s:b +c s:k3",
	 "{'a': 0, 'k3': 4, 'c': 3, 'b': 2}"},
	{"+\303\251 +\346\227\245\346\234\254 +\360\237\230\200 ^caf\303\251 +x'y +x\"y +a\\b ^q"
	 "'\"",
	 "{'\346\227\245\346\234\254': 1, 'x\"y': 5, '\360\237\230\200': 2, '\303\251': 0, \"x'y"
	 "\": 4, u'caf\\xe9': 3, 'a\\\\b': 6, u'q\\'\"': 7}"},
	{"^k3 +k13 +k3",
	 "{u'k3': 2, 'k13': 1}"},
	{"+k3 ^k3",
	 "{'k3': 1}"},
	{"+k1 +k7 -k7 -k3 +k0 -k6 +k0 -k4 -k3 -k1 u:k0 -k0 u:k3,k6,k0,k8,k11,k10 +k7 -k5 +k3 -k4"
	 " u:k10,k1,k2,k4,k11 -k11 c +k10 +k4 -k7 -k8 +k0 +k11 -k6 -k5 +k11 -k11 +k7 -k1 -k8 -k5"
	 " +k0 +k4 -k9 -k6 -k2 +k0 -k8 u:k6,k8 +k9 +k4 -k9 D -k11 +k2 +k8 +k0 +k5 -k3 u:k5,k6,k1"
	 "1,k0 +k9 -k5 +k0 -k10 +k9 +k1 -k4",
	 "{'k11': 52, 'k2': 47, 'k1': 58, 'k0': 55, 'k7': 30, 'k6': 52, 'k9': 57, 'k8': 48}"},
	{"D +k10 -k19 +k13 -k37 -k27 -k32 u:k32,k17,k2,k1 +k20 u:k10,k35,k11,k15,k14 +k20 +k32 +"
	 "k32 -k11 c -k23 -k22 +k28 +k25 -k29 -k15 +k31 +k22 -k29 -k29 +k35 -k31 -k20 -k10 -k39 "
	 "+k30 +k32 -k32 -k37 +k13 +k23 u:k21 -k12 D -k17 -k6 -k8 -k15 -k3 +k2 +k23 +k1 +k4 +k1 "
	 "+k8 -k10 -k33 -k24 -k15 +k2 +k39 -k7 +k31 +k28 -k38 -k16 -k39 -k30 c +k6 +k8 +k25 +k20"
	 " +k21 +k38 c D +k10 +k14 +k2 c +k5 -k39 -k39 -k16 -k17 +k0 +k24 +k7 +k5 +k6 +k14 +k1 +"
	 "k29 +k34 -k13 -k13 -k27 +k1 -k3 -k33 -k6 -k30 +k33 c +k23 +k26 +k19 +k1 -k3 +k31 +k37 "
	 "-k0 +k23 +k4 +k31 +k36 +k29 +k22 +k7 +k7 +k21 -k13 -k1 -k30 -k31 +k29 +k23 +k33 -k26 u"
	 ":k14,k10,k31,k38 +k27 -k5 -k36 +k22 +k34 +k26 -k5 u:k18,k24 +k21 +k33 +k9 +k27 +k33 +k"
	 "32 +k10 +k15 +k22 -k36 -k29 +k1 -k24 -k11 +k3 +k25 +k26 -k30 +k35 +k5 -k14 +k12 +k24 D"
	 " +k29 -k6 +k13 -k38 +k13 -k6 +k35 -k12 +k37 -k31 -k8 +k27 +k32 -k29 -k4 +k31 +k4 -k31 "
	 "u:k17,k32,k29,k1 c +k25 +k8 +k31 +k29 -k9 +k35 +k0 +k34 -k36 +k19 +k8 +k34 -k19 +k20 +"
	 "k19 -k25 +k5 +k13 +k33 -k9 -k5 +k14 u:k33,k17 +k7 +k24 -k13 +k4 +k23 +k28 -k29 -k28 c "
	 "+k6 -k30 +k23 +k8 -k14 +k35 -k25 -k21 +k38 +k20 -k18 +k4 +k25 +k16 D +k11 +k24 +k1 +k1"
	 "0 +k27 +k20 +k38 +k18 +k9 +k12 u:k13,k21 +k26 +k5 +k15 -k39 +k23 -k39 +k9 +k4 +k17 +k3"
	 "3 -k7 +k39 c +k30 +k20 +k39 -k37 +k31 D +k28 +k6 +k37 +k32 u:k19,k29,k0,k16 +k22 +k1 +"
	 "k5 +k29 +k30 +k30 +k1 +k32 +k3 +k0 -k33 +k33 -k8 +k0 +k7 +k29 +k3 -k24 +k25 u:k10,k32,"
	 "k6,k9,k13 +k12 +k27 +k8 +k19 -k35 +k17 +k31 D +k35 -k1 -k12 +k25 -k8 -k16 -k30 +k14 -k"
	 "38 +k12 c +k11",
	 "{'k21': 235, 'k13': 279, 'k34': 189, 'k11': 299, 'k10': 279, 'k17': 285, 'k33': 271, '"
	 "k32': 279, 'k19': 283, 'k18': 232, 'k39': 251, 'k3': 276, 'k2': 74, 'k0': 273, 'k7': 2"
	 "74, 'k6': 279, 'k5': 262, 'k4': 243, 'k9': 279, 'k35': 288, 'k12': 297, 'k37': 257, 'k"
	 "31': 286, 'k28': 255, 'k29': 275, 'k15': 238, 'k22': 260, 'k23': 240, 'k20': 250, 'k14"
	 "': 295, 'k26': 236, 'k27': 281, 'k25': 291}"},
	{"+k2 +k7 -k1 -k7 +k3 +k7 +k7 +k2 +k2 -k6 -k1 +k0 +k0 -k4 +k6 -k6 +k7 c +k2 +k4 c -k6 +k"
	 "6 -k6 -k5 -k0 -k2 -k5 c +k4 +k1 +k7 +k1 +k2 +k6 -k1 +k0 +k5 -k4 +k0 +k1 +k0 u:k4,k1,k5"
	 " +k5 +k2 -k6 +k6 -k1 -k4 +k3 u:k4,k7,k2 +k6 D -k2 +k5 +k5 -k4 -k0 -k0 c +k5 +k2 +k5 -k"
	 "4 +k6 +k0 D +k4 +k2 -k1 +k5 u:k2,k0,k7,k1 -k7 +k1 +k3 +k2 -k5 -k1 -k5 -k6 +k4 +k6 +k6 "
	 "+k6 +k0 +k6 -k3 +k7 -k4 +k3 -k4 +k3 +k3 -k6 -k0 +k1 +k4 +k0 +k6 +k1 +k4 c +k3 +k1 +k4 "
	 "u:k7 -k6 +k4 +k6 +k5 -k0 -k2 +k0 +k0 -k1 +k7 +k5 +k6 -k4 +k3 D -k6 -k2 +k7 -k6 -k0 -k6"
	 " +k7 -k5 +k6 +k3 +k4 -k1 -k3 +k0 u:k4,k0,k3,k6,k5 -k5 -k1 -k0 +k3 -k0 +k1 -k6 +k0 +k1 "
	 "+k1 -k4 -k1 +k3 +k1 u:k5,k6,k4,k1,k0 +k2 -k7 -k6 +k6 u:k6 +k6 -k2 +k7 +k6 -k2 +k7 -k7 "
	 "-k2 +k3 +k5 u:k6,k4,k7,k5,k2,k0 +k4 +k6 +k5 +k7 -k2 +k7 -k3 +k0 +k1 -k6 -k0 +k3 -k1 D "
	 "+k4 +k0 -k4 +k0 +k6 +k1 +k4 -k4 +k7 -k5 +k5 +k6 +k3 -k7 +k5 +k4 +k6 +k4 +k5",
	 "{'k3': 193, 'k1': 186, 'k0': 184, 'k6': 197, 'k5': 199, 'k4': 198}"},
	{"+k13 -k61 +k8 +k70 u:k28 +k46 +k22 -k33 +k118 +k82 -k102 +k21 +k80 -k109 -k47 +k77 +k4"
	 "9 +k22 +k35 +k119 -k70 -k0 u:k112,k39,k108,k97,k65,k24 +k76 +k57 +k39 +k102 +k5 +k35 +"
	 "k82 +k43 +k86 +k52 u:k56,k35,k23,k45,k55,k95 -k81 -k115 +k107 +k29 +k74 -k30 +k119 +k5"
	 "8 +k45 -k114 c D +k19 -k52 -k111 -k104 +k79 +k56 +k32 +k20 +k1 +k58 +k100 -k37 -k56 c "
	 "+k7 +k21 -k19 -k69 +k31 +k4 +k67 +k52 -k25 +k30 +k62 +k53 +k82 -k106 +k24 +k32 +k67 +k"
	 "29 +k33 +k6 -k40 -k72 +k115 -k111 -k95 +k49 +k26 u:k43,k37 -k102 u:k67,k27,k83,k102 -k"
	 "34 +k50 c +k80 -k5 +k79 +k34 -k7 -k88 -k72 +k51 u:k27 u:k112,k32,k14,k50,k103 -k48 -k7"
	 "0 +k25 +k77 +k114 -k100 +k67 +k10 +k76 +k71 -k77 -k5 +k98 -k115 +k107 +k9 +k69 +k26 -k"
	 "39 +k97 +k51 +k14 u:k65,k55,k53 -k99 +k80 -k25 -k119 -k54 +k71 +k111 +k90 +k63 -k33 +k"
	 "115 +k21 +k39 +k14 +k91 -k67 +k31 +k37 +k98 +k110 -k86 +k116 +k116 u:k39,k119,k111,k64"
	 ",k100 +k79 +k18 +k76 +k84 +k55 +k18 -k79 +k115 u:k101,k44,k86,k79,k113 +k51 -k115 +k83"
	 " +k22 +k2 -k67 u:k102 +k104 D c u:k22 -k86 -k28 -k106 -k109 u:k30,k114,k62,k90,k28 +k2"
	 "9 -k68 -k57 -k51 +k104 +k56 +k1 +k114 +k88 -k105 +k49 -k19 +k58 c -k39 u:k61,k28,k81 u"
	 ":k99,k8,k19,k118,k30 +k16 u:k101,k74,k87,k79 +k68 +k67 +k96 +k4 u:k34 +k82 +k113 -k22 "
	 "-k83 +k16 -k92 +k46 -k92 -k19 +k19 +k38 +k8 +k20 -k32 +k68 -k110 +k21 +k54 c +k101 +k2"
	 "0 +k77 -k29 +k1 +k91 +k113 -k93 -k117 -k89 +k108 +k67 -k13 +k115 u:k106,k114,k52,k76,k"
	 "94,k4 -k27 +k109 -k75 +k114 +k106 +k106 +k30 -k113 +k89 +k41 +k45 u:k5,k63,k66,k69,k10"
	 "5,k76 -k4 +k9 +k77 u:k14,k64,k113 -k65 -k9 -k79 +k2 -k4 +k89 +k46 +k94 -k104 D -k4 +k6"
	 "3 c +k71 -k100 +k90 +k22 +k61 -k119 c +k80 u:k96,k79,k26 +k65 +k51 +k36 -k82 +k97 +k11"
	 "9 c -k119 u:k113,k82 +k14 -k1 +k26 +k31 +k12 +k40 +k72 -k19 u:k108,k22,k115,k91,k95,k3"
	 " -k102 +k26 +k75 +k42 -k98 -k46 D +k6 c u:k90,k117,k85 -k63 +k25 -k50 +k69 +k41 +k95 +"
	 "k4 -k4 +k45 +k30 +k110 +k79 -k49 +k90 +k28 +k44 +k68 +k3 +k37 -k93 +k69 +k5 c +k17 D +"
	 "k57 -k57 +k100 u:k27,k14,k42,k37 -k6 -k61 +k86 +k23 -k30 -k76 +k84 +k55 +k74 +k5 +k77 "
	 "+k55 -k69 -k21 -k118 -k69 -k73 u:k42,k68,k4,k69,k19 +k110 -k63 +k15 +k80 -k20 +k91 +k1"
	 "07 +k104 +k10 -k6 -k77 +k22 +k7 +k112 -k26 -k97 +k88 -k7 -k36 u:k44 +k109 u:k25 +k10 -"
	 "k100 u:k108,k86 D -k95 u:k113 +k37 +k67 +k11 +k43 -k80 +k88 +k88 +k17 +k17 -k97 +k65 +"
	 "k35 +k74 +k82 -k77 D +k82 +k38 -k97 +k46 +k31 D +k83 -k3 -k72 c -k92 -k89 +k42 +k20 +k"
	 "38 -k90 +k61 -k34 +k84 +k12 -k102 -k81 -k22 +k39 +k0 +k0 -k87 -k28 u:k50,k49,k30,k80,k"
	 "56,k93 +k64 +k101 +k23 +k0 +k20 +k94 +k28 c -k16 +k46 +k48 -k62 +k73 +k93 +k20 +k49 +k"
	 "96 +k36 +k16 +k94 +k115 -k40 +k39 -k50 -k93 +k117 +k48 D +k91 +k29 -k79 +k54 +k42 +k66"
	 " -k80 -k87 +k23 -k29 -k45 u:k68,k108,k85,k15 +k1 -k55 -k60 -k95 +k18 +k19 +k91 u:k61,k"
	 "98,k76,k101,k17,k62 u:k44,k79,k65,k104 -k100 c -k32 -k88 +k82 +k108 +k87 -k39 +k0 -k98"
	 " +k40 -k107 +k29 +k7 -k4 +k92 -k31 +k102 +k69 -k22 +k109 +k101 +k1 +k41 +k73 +k16 -k11"
	 "7 u:k89,k15,k78,k32,k33,k12 +k43 u:k8,k26,k91,k31 +k93 +k8 u:k91,k111,k10,k108,k18,k92"
	 " u:k93,k54,k65,k104,k48,k117 -k21 +k21 -k68 -k67 +k56 +k72 +k109 -k34 -k34 +k72 +k89 +"
	 "k118 -k15 +k99 +k119 c -k16 -k78 -k71 -k69 -k103 +k10 +k86 +k67 +k33 -k98 -k14 -k74 +k"
	 "67 u:k51 +k103 +k62 -k92 +k90 -k108 D -k42 -k119 +k93 +k67 +k78 +k46 -k55 -k57 +k116 c"
	 " -k62 +k19 +k84 +k56 u:k64,k83,k62,k89,k58 +k47 -k12 -k78 +k49 +k22 -k61 +k40 +k31 +k2"
	 "1 +k91 -k38 +k42 +k89 -k94 -k7 -k70 +k105 -k67 +k32 -k98 +k47 +k93 +k102 +k44 +k50 -k4"
	 "9 -k17 +k32 -k91 -k56 +k47 -k13 -k23 +k79 u:k8,k63 -k105 -k115 -k35 -k25 D +k21 c +k11"
	 "8 +k102 -k35 -k117 u:k81",
	 "{'k18': 500, 'k99': 515, 'k93': 574, 'k90': 535, 'k96': 435, 'k11': 376, 'k10': 523, '"
	 "k58': 552, 'k19': 549, 'k54': 501, 'k53': 125, 'k52': 232, 'k51': 531, 'k50': 577, 'k1"
	 "04': 501, 'k89': 565, 'k106': 238, 'k101': 489, 'k102': 596, 'k103': 532, 'k81': 599, "
	 "'k82': 472, 'k83': 552, 'k84': 550, 'k109': 508, 'k86': 524, 'k87': 474, 'k48': 501, '"
	 "k44': 576, 'k46': 543, 'k47': 583, 'k40': 559, 'k41': 491, 'k42': 564, 'k43': 496, 'k1"
	 "14': 236, 'k113': 373, 'k76': 466, 'k116': 546, 'k73': 492, 'k72': 511, 'k75': 291, 'k"
	 "112': 359, 'k111': 500, 'k110': 346, 'k79': 586, 'k118': 595, 'k37': 374, 'k36': 436, "
	 "'k31': 560, 'k30': 418, 'k33': 526, 'k32': 580, 'k2': 252, 'k1': 490, 'k0': 476, 'k5':"
	 " 337, 'k8': 587, 'k85': 458, 'k66': 452, 'k64': 552, 'k65': 501, 'k62': 552, 'k63': 58"
	 "7, 'k28': 425, 'k29': 480, 'k22': 557, 'k20': 433, 'k21': 593, 'k26': 497, 'k27': 327,"
	 " 'k24': 74}"},
};
static const struct repr_case repr_cases[] = {
	{"plain",
	 "'plain'",
	 "u'plain'"},
	{"it's",
	 "\"it's\"",
	 "u\"it's\""},
	{"say \"hi\"",
	 "'say \"hi\"'",
	 "u'say \"hi\"'"},
	{"both ' and \"",
	 "'both \\' and \"'",
	 "u'both \\' and \"'"},
	{"back\\slash",
	 "'back\\\\slash'",
	 "u'back\\\\slash'"},
	{"\\'\"",
	 "'\\\\\\'\"'",
	 "u'\\\\\\'\"'"},
	{"tab\011nl\012cr\015",
	 "'tab\\tnl\\ncr\\r'",
	 "u'tab\\tnl\\ncr\\r'"},
	{"ctl\001\037\177",
	 "'ctl\\x01\\x1f\\x7f'",
	 "u'ctl\\x01\\x1f\\x7f'"},
	{"latin \302\200\302\237\302\240\302\255\303\251\303\277",
	 "'latin \\x80\\x9f\\xa0\\xad\303\251\303\277'",
	 "u'latin \\x80\\x9f\\xa0\\xad\\xe9\\xff'"},
	{"\304\200\342\200\213\342\200\250\343\200\200\357\273\277\357\277\275",
	 "'\304\200\\u200b\\u2028\\u3000\\ufeff\357\277\275'",
	 "u'\\u0100\\u200b\\u2028\\u3000\\ufeff\\ufffd'"},
	{"\346\227\245\346\234\254\350\252\236",
	 "'\346\227\245\346\234\254\350\252\236'",
	 "u'\\u65e5\\u672c\\u8a9e'"},
	{"\360\237\230\200 \363\240\200\201 \364\217\277\277",
	 "'\360\237\230\200 \\U000e0001 \\U0010ffff'",
	 "u'\\U0001f600 \\U000e0001 \\U0010ffff'"},
	{"e\314\201",
	 "'e\314\201'",
	 "u'e\\u0301'"},
	{"",
	 "''",
	 "u''"},
};
#define BIG_ADDS_SHA1 "16acce841f8d0c0b0326c5b767766b9c3489839f"
#define CHURN_SHA1 "f27125d5627e7435dd2984919d1f42f52e3d6407"
#define VALUES_STR \
	"{'none': None, u'ukey': {'Ref': 'X'}, 'f': False, 'int': 42, 'neg': -7, 'float': 1.5, " \
	"'nan': nan, 'long': 18446744073709551616L, 'list': [1, 'a', u'b', [], {}, {'k': u'v'}]" \
	", 'maxint': 9223372036854775807, 't': True, 'exp': 1e+16, 'small': 1e-05, 'inf': inf}"
#define COLLIDING_STR "{u'x': u'c', u'None': u'n', u'True': u'b'}"
static const char *const template_parts[] = {
	"{'Api': {u'Cors': u\"'*'\"}, 'Function': {'Runtime': 'python3.12'}}",
	"{u'P2': {'Type': 'Number', 'Default': 18446744073709551616L}, u'P3': {'Type': 'String'"
	"}, u'P1': {'Type': 'String', 'Default': u'caf\\xe9'}}",
	"{u'A': {'Type': 'AWS::Serverless::Api', 'Properties': {u'Variables': {u'small': 5, u'b"
	"ig': 18446744073709551616L, u'None': u'z', u'2': u'y', u'True': u'x'}, u'StageName': u"
	"'v1-beta'}}, u'H': {'Type': 'AWS::Serverless::HttpApi'}, u'NoProps': {'Type': 'AWS::Se"
	"rverless::Function', 'Condition': 'C'}, u'Fn': {'Type': 'AWS::Serverless::Function', '"
	"Condition': u'C', 'Properties': {'Handler': 'h', 'FunctionName': u'f', 'Events': {u'E'"
	": {u'Type': u'Api', u'Properties': {u'Path': u'/a', u'RestApiId': {u'Ref': u'A'}, u'Me"
	"thod': u'get'}}}}}, u'T': {'Type': 'AWS::SNS::Topic', 'Properties': {'TopicName': 't'}"
	"}}",
	"{'param1': u'value1', 'n': 5}",
};

/* ---- helpers ---- */

static char *str_of(const cJSON *v)
{
	samc_buf b = SAMC_BUF_INIT;
	py27_repr(&b, v);
	assert_false(b.oom);
	return samc_buf_detach(&b);
}

static void assert_str(const cJSON *v, const char *expected)
{
	char *s = str_of(v);
	assert_string_equal(s, expected);
	free(s);
}

static void sha1_hex(const char *s, char out[41])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned n = 0;
	assert_true(EVP_Digest(s, strlen(s), md, &n, EVP_sha1(), NULL));
	for (unsigned i = 0; i < n; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
}

static void assert_str_sha1(const cJSON *v, const char *expected)
{
	char *s = str_of(v);
	char hex[41];
	sha1_hex(s, hex);
	assert_string_equal(hex, expected);
	free(s);
}

static cJSON *int_value(size_t i)
{
	return samc_int_new((long long)i);
}

/* Calls add(dest, key) for each key of "k1,k2,..." (an empty list is one empty key, as
 * Python's "".split(",") is). */
static void each_key(const char *list, cJSON *dest, size_t i, bool (*add)(cJSON *, const char *, cJSON *))
{
	for (const char *p = list;; p++) {
		const char *comma = strchr(p, ',');
		size_t n = comma ? (size_t)(comma - p) : strlen(p);
		char *key = samc_strfmt("%.*s", (int)n, p);
		assert_true(add(dest, key, int_value(i)));
		free(key);
		if (!comma)
			return;
		p = comma;
	}
}

static cJSON *replace(cJSON *old, cJSON *new_dict)
{
	cJSON_Delete(old);
	assert_non_null(new_dict);
	return new_dict;
}

static cJSON *update_with(cJSON *d, cJSON *src)
{
	assert_true(py27_update(d, src));
	cJSON_Delete(src);
	return d;
}

/* One op of the language described in py27_expect.py. */
static cJSON *apply_op(cJSON *d, const char *op, size_t i)
{
	if (op[0] == '+')
		assert_true(py27_set(d, op + 1, int_value(i)));
	else if (op[0] == '^')
		assert_true(py27_set_ukey(d, op + 1, int_value(i)));
	else if (op[0] == '-')
		assert_true(py27_del(d, op + 1));
	else if (strncmp(op, "s:", 2) == 0)
		assert_non_null(py27_setdefault(d, op + 2, false, int_value(i)));
	else if (strncmp(op, "u:", 2) == 0 || strncmp(op, "U:", 2) == 0 || strncmp(op, "L:", 2) == 0) {
		cJSON *src = op[0] == 'U' ? py27_dict_new() : cJSON_CreateObject();
		each_key(op + 2, src, i, py27_set);
		return op[0] == 'L' ? replace(d, py27_dictify(src)) : update_with(d, src);
	} else if (strcmp(op, "c") == 0)
		return replace(d, py27_copy(d));
	else if (strcmp(op, "D") == 0)
		return replace(d, py27_deepcopy(d));
	else
		fail_msg("unknown op %s", op);
	return d;
}

static cJSON *run_ops(const char *ops)
{
	cJSON *d = py27_dict_new();
	char *copy = samc_strdup(ops);
	size_t i = 0;
	for (char *tok = copy, *next; tok; tok = next, i++) {
		next = strchr(tok, ' ');
		if (next)
			*next++ = '\0';
		d = apply_op(d, tok, i);
	}
	free(copy);
	return d;
}

/* ---- Py27Dict order ---- */

static void dict_cases_match_python(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(dict_cases) / sizeof(dict_cases[0]); i++) {
		cJSON *d = run_ops(dict_cases[i].ops);
		char *s = str_of(d);
		if (strcmp(s, dict_cases[i].expected) != 0)
			fail_msg("case %zu (%.60s...):\n got      %s\n expected %s", i, dict_cases[i].ops, s,
				 dict_cases[i].expected);
		free(s);
		cJSON_Delete(d);
	}
}

static void keys_come_in_slot_order(void **state)
{
	(void)state;
	cJSON *d = run_ops("+swagger +info +paths");
	const char *keys[3] = {0};
	assert_int_equal(py27_keys(d, keys, 3), 3);
	assert_string_equal(keys[0], "info");
	assert_string_equal(keys[1], "paths");
	assert_string_equal(keys[2], "swagger");
	assert_int_equal(py27_keys(d, keys, 1), 1);
	size_t n = 0;
	const cJSON **members = py27_members(d, &n);
	assert_int_equal(n, 3);
	assert_string_equal(members[2]->string, "swagger");
	free(members);
	cJSON_Delete(d);
}

/* 90000 keys: the resize at 87382 keys doubles instead of quadrupling. The keys are added
 * behind the API's back, which the replay treats as adds at the end, in member order. */
static void large_dict_resizes_by_two(void **state)
{
	(void)state;
	cJSON *d = py27_dict_new();
	for (int i = 0; i < 90000; i++) {
		char key[16];
		snprintf(key, sizeof key, "k%d", i);
		cJSON_AddItemToObject(d, key, samc_int_new(i));
	}
	assert_str_sha1(d, BIG_ADDS_SHA1);
	cJSON_Delete(d);
}

static void churn_matches_python(void **state)
{
	(void)state;
	cJSON *d = py27_dict_new();
	char key[16];
	for (int i = 0; i < 2000; i++) {
		snprintf(key, sizeof key, "k%d", i);
		py27_set(d, key, samc_int_new(i));
	}
	for (int i = 0; i < 2000; i += 3) {
		snprintf(key, sizeof key, "k%d", i);
		py27_del(d, key);
	}
	for (int i = 0; i < 700; i++) {
		snprintf(key, sizeof key, "j%d", i);
		py27_set(d, key, samc_int_new(i));
	}
	cJSON *plain = cJSON_CreateObject();
	for (int i = 0; i < 300; i++) {
		snprintf(key, sizeof key, "m%d", i);
		cJSON_AddItemToObject(plain, key, samc_int_new(i));
	}
	update_with(d, plain);
	assert_str_sha1(d, CHURN_SHA1);
	cJSON_Delete(d);
}

static void history_is_text_and_survives_duplicate(void **state)
{
	(void)state;
	cJSON *d = run_ops("+swagger +info u:a,b -a +\303\251");
	assert_string_equal(d->valuestring, "A7:swaggerA4:infoM2;A1:aA1:bD1:aA2:\303\251");
	cJSON *dup = cJSON_Duplicate(d, true);
	assert_true(py27_is_dict(dup));
	char *a = str_of(d), *b = str_of(dup);
	assert_string_equal(a, b);
	free(a);
	free(b);
	cJSON_Delete(dup);
	cJSON_Delete(d);
}

/* Members added or removed behind the API's back: adds and removals at the end. */
static void members_outside_the_history_fall_back(void **state)
{
	(void)state;
	cJSON *d = py27_dict_new();
	cJSON_AddItemToObject(d, "swagger", samc_int_new(0));
	cJSON_AddItemToObject(d, "info", samc_int_new(1));
	cJSON_AddItemToObject(d, "paths", samc_int_new(2));
	assert_str(d, "{'info': 1, 'paths': 2, 'swagger': 0}");
	cJSON_Delete(d);
	d = run_ops("+k3 +k13 +k22");
	cJSON_DeleteItemFromObjectCaseSensitive(d, "k3");
	cJSON_AddItemToObject(d, "k35", samc_int_new(3));
	/* as "+k3 +k13 +k22 -k3 +k35": k35 takes k3's dummy */
	assert_str(d, "{'k35': 3, 'k13': 1, 'k22': 2}");
	cJSON_Delete(d);
}

static void assignment_keeps_the_first_key(void **state)
{
	(void)state;
	cJSON *d = run_ops("^k3 +k13 +k3");
	assert_str(d, "{u'k3': 2, 'k13': 1}");
	py27_set_ukey(d, "k13", cJSON_CreateString("x"));
	assert_str(d, "{u'k3': 2, 'k13': 'x'}");
	cJSON_Delete(d);
	cJSON *plain = cJSON_CreateObject();
	py27_set(plain, "b", int_value(1));
	py27_set_ukey(plain, "a", int_value(2));
	py27_set(plain, "b", int_value(3));
	py27_set(plain, "a", int_value(4));
	assert_str(plain, "{'b': 3, u'a': 4}");
	cJSON_Delete(plain);
}

static void setdefault_and_pop(void **state)
{
	(void)state;
	cJSON *d = py27_dict_new();
	cJSON *first = py27_setdefault(d, "p", true, py27_dict_new());
	assert_non_null(first);
	assert_ptr_equal(py27_setdefault(d, "p", false, py27_dict_new()), first);
	assert_true(cJSON_GetObjectItemCaseSensitive(d, "p")->type & SAMC_PY27_KEY_UNICODE);
	cJSON *v = py27_pop(d, "p");
	assert_ptr_equal(v, first);
	assert_null(v->string);
	assert_false(v->type & SAMC_PY27_KEY_UNICODE);
	assert_null(py27_pop(d, "p"));
	assert_string_equal(d->valuestring, "A1:pD1:p");
	cJSON_Delete(v);
	cJSON_Delete(d);
}

/* copy.deepcopy rebuilds nested Py27Dicts too; plain dicts stay plain and ordered. */
static void deepcopy_rebuilds_nested_dicts(void **state)
{
	(void)state;
	cJSON *outer = cJSON_CreateObject();
	cJSON *list = cJSON_AddArrayToObject(outer, "l");
	cJSON_AddItemToArray(list, run_ops("+k3 +k13 +k22 -k3"));
	cJSON_AddItemToObject(outer, "z", py27_ustr("u"));
	cJSON *copy = py27_deepcopy(outer);
	assert_false(py27_is_dict(copy));
	assert_str(copy, "{'l': [{'k13': 1, 'k22': 2}], 'z': u'u'}");
	assert_string_equal(copy->child->child->valuestring, "A3:k13A3:k22");
	cJSON_Delete(copy);
	cJSON_Delete(outer);
}

/* ---- str() / repr() ---- */

static void string_reprs_match_python(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(repr_cases) / sizeof(repr_cases[0]); i++) {
		cJSON *plain = cJSON_CreateString(repr_cases[i].text);
		cJSON *uni = py27_ustr(repr_cases[i].text);
		samc_buf a = SAMC_BUF_INIT, b = SAMC_BUF_INIT;
		py27_repr_quoted(&a, plain);
		py27_repr_quoted(&b, uni);
		assert_string_equal(samc_buf_cstr(&a), repr_cases[i].repr);
		assert_string_equal(samc_buf_cstr(&b), repr_cases[i].urepr);
		assert_str(uni, repr_cases[i].text); /* str() of a string is its text */
		samc_buf_free(&a);
		samc_buf_free(&b);
		cJSON_Delete(plain);
		cJSON_Delete(uni);
	}
}

static void mark_unicode_toggles(void **state)
{
	(void)state;
	cJSON *s = cJSON_CreateString("x");
	assert_false(py27_is_unicode(s));
	py27_mark_unicode(s, true);
	assert_true(py27_is_unicode(s));
	py27_mark_unicode(s, false);
	assert_false(py27_is_unicode(s));
	cJSON_Delete(s);
}

static cJSON *long_int(const char *text)
{
	cJSON *n = samc_number_new(text, atof(text));
	n->type |= SAMC_PY27_LONG;
	return n;
}

static void value_reprs_match_python(void **state)
{
	(void)state;
	cJSON *d = py27_dict_new();
	py27_set(d, "int", samc_int_new(42));
	py27_set(d, "neg", samc_int_new(-7));
	py27_set(d, "float", samc_number_new("1.5", 1.5));
	py27_set(d, "exp", samc_number_new("1e+16", 1e16));
	py27_set(d, "small", samc_number_new("1e-05", 1e-05));
	py27_set(d, "inf", samc_number_new("Infinity", INFINITY));
	py27_set(d, "nan", samc_number_new("NaN", NAN));
	py27_set(d, "long", long_int("18446744073709551616"));
	py27_set(d, "maxint", long_int("9223372036854775807"));
	py27_set(d, "t", cJSON_CreateTrue());
	py27_set(d, "f", cJSON_CreateFalse());
	py27_set(d, "none", cJSON_CreateNull());
	cJSON *list = fx_yaml("[1, a, b, [], {}, {k: v}]");
	py27_mark_unicode(cJSON_GetArrayItem(list, 2), true);
	py27_mark_unicode(cJSON_GetArrayItem(list, 5)->child, true);
	py27_set(d, "list", list);
	py27_set_ukey(d, "ukey", fx_yaml("{Ref: X}"));
	assert_str(d, VALUES_STR);
	cJSON_Delete(d);
}

/* ---- the conversion ---- */

static void converted_keys_that_collide_merge(void **state)
{
	(void)state;
	cJSON *d = fx_yaml("{true: a, x: c, 'True': b, null: n}");
	assert_true(py27_convert(d));
	assert_str(d, COLLIDING_STR);
	cJSON_Delete(d);
}

static const char TEMPLATE[] =
	"Globals:\n"
	"  Api:\n"
	"    Cors: \"'*'\"\n"
	"  Function:\n"
	"    Runtime: python3.12\n"
	"Parameters:\n"
	"  P1:\n"
	"    Type: String\n"
	"    Default: caf\303\251\n"
	"  P2:\n"
	"    Type: Number\n"
	"    Default: 18446744073709551616\n"
	"  P3:\n"
	"    Type: String\n"
	"Resources:\n"
	"  A:\n"
	"    Type: AWS::Serverless::Api\n"
	"    Properties:\n"
	"      StageName: v1-beta\n"
	"      Variables: {true: x, 2: y, null: z, big: 18446744073709551616, small: 5}\n"
	"  Fn:\n"
	"    Type: AWS::Serverless::Function\n"
	"    Condition: C\n"
	"    Properties:\n"
	"      Handler: h\n"
	"      FunctionName: f\n"
	"      Events:\n"
	"        E: {Type: Api, Properties: {Path: /a, Method: get, RestApiId: {Ref: A}}}\n"
	"  NoProps:\n"
	"    Type: AWS::Serverless::Function\n"
	"    Condition: C\n"
	"  T:\n"
	"    Type: AWS::SNS::Topic\n"
	"    Properties: {TopicName: t}\n"
	"  H:\n"
	"    Type: AWS::Serverless::HttpApi\n";

static void template_conversion_matches_python(void **state)
{
	(void)state;
	cJSON *tpl = fx_yaml(TEMPLATE);
	cJSON *params = fx_yaml("{param1: value1, n: 5}");
	assert_true(py27_template_needs_conversion(tpl));
	assert_true(py27_convert_template(tpl, params));
	assert_str(cJSON_GetObjectItemCaseSensitive(tpl, "Globals"), template_parts[0]);
	assert_str(cJSON_GetObjectItemCaseSensitive(tpl, "Parameters"), template_parts[1]);
	assert_str(cJSON_GetObjectItemCaseSensitive(tpl, "Resources"), template_parts[2]);
	assert_str(params, template_parts[3]);
	cJSON_Delete(params);
	cJSON_Delete(tpl);
}

static void assert_needs(const char *yaml, bool expected)
{
	cJSON *tpl = fx_yaml(yaml);
	if (py27_template_needs_conversion(tpl) != expected)
		fail_msg("needs_conversion(%s) should be %d", yaml, expected);
	assert_true(py27_convert_template(tpl, NULL));
	char *after = str_of(tpl);
	assert_true((strstr(after, "u'") != NULL) == expected);
	free(after);
	cJSON_Delete(tpl);
}

static void assert_event_needs(const char *type, const char *event_type, bool expected)
{
	char *yaml = samc_strfmt("Resources: {R: {Type: AWS::Serverless::%s,\n"
				 "  Properties: {Events: {E: {Type: %s}}}}}",
				 type, event_type);
	assert_needs(yaml, expected);
	free(yaml);
}

#define GLOBAL_AUTHORIZER "Globals: {HttpApi: {Auth: {DefaultAuthorizer: A}}}\n"

static void conversion_is_needed_only_with_apis(void **state)
{
	(void)state;
	assert_needs("Resources: {A: {Type: AWS::Serverless::Api}}", true);
	assert_event_needs("Function", "Api", true);
	assert_event_needs("StateMachine", "Api", true);
	assert_event_needs("Function", "HttpApi", false);
	assert_needs("Resources: {H: {Type: AWS::Serverless::HttpApi}}", false);
	assert_needs("Resources: {H: {Type: AWS::Serverless::HttpApi,\n"
		     "  Properties: {Auth: {DefaultAuthorizer: A}}}}",
		     true);
	assert_needs("Resources: {H: {Type: AWS::Serverless::HttpApi,\n"
		     "  Properties: {Auth: {DefaultAuthorizer: ''}}}}",
		     false);
	assert_needs(GLOBAL_AUTHORIZER "Resources: {H: {Type: AWS::Serverless::HttpApi}}", true);
	assert_needs(GLOBAL_AUTHORIZER "Resources: {F: {Type: AWS::Serverless::Function,\n"
				       "  Properties: {Events: {E: {Type: HttpApi}}}}}",
		     true);
	assert_needs(GLOBAL_AUTHORIZER "Resources: {S: {Type: AWS::Serverless::StateMachine,\n"
				       "  Properties: {Events: {E: {Type: HttpApi}}}}}",
		     false);
	assert_needs("Resources: {T: {Type: AWS::SNS::Topic}}", false);
}

/* ---- reference-map §3.3: the REST deployment id of Api A + Fn event GET /a ---- */

static const char SWAGGER_TRANSFORM[] =
	"{'info': {'version': '1.0', 'title': {'Ref': 'AWS::StackName'}}, 'paths': {u'/a': {u'get': "
	"{'x-amazon-apigateway-integration': {'httpMethod': 'POST', 'type': 'aws_proxy', 'uri': "
	"{'Fn::Sub': u'arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Fn.Arn}/"
	"invocations'}}, 'responses': {}}}}, 'swagger': '2.0'}";
static const char SWAGGER_CLI[] =
	"{'info': {'version': '1.0', 'title': {'Ref': 'AWS::StackName'}}, 'paths': {'/a': {'get': "
	"{'x-amazon-apigateway-integration': {'httpMethod': 'POST', 'type': 'aws_proxy', 'uri': "
	"{'Fn::Sub': 'arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Fn.Arn}/"
	"invocations'}}, 'responses': {}}}}, 'swagger': '2.0'}";

static cJSON *str_node(const char *s, bool unicode)
{
	return unicode ? py27_ustr(s) : cJSON_CreateString(s);
}

/* SwaggerEditor.gen_skeleton (DefaultDefinitionBodyPlugin): a Py27Dict filled key by key;
 * ref() is a plain dict. */
static cJSON *gen_skeleton(void)
{
	cJSON *skeleton = py27_dict_new();
	py27_set(skeleton, "swagger", cJSON_CreateString("2.0"));
	cJSON *info = py27_dict_new();
	py27_set(skeleton, "info", info);
	py27_set(info, "version", cJSON_CreateString("1.0"));
	cJSON *ref = cJSON_CreateObject();
	cJSON_AddStringToObject(ref, "Ref", "AWS::StackName");
	py27_set(info, "title", ref);
	py27_set(skeleton, "paths", py27_dict_new());
	return skeleton;
}

/* push.py _build_apigw_integration_uri: Py27Dict(fnSub(arn)), arn a Py27UniStr when the
 * function's logical id is one (transform mode). */
static cJSON *integration_uri(bool unicode)
{
	cJSON *sub = cJSON_CreateObject();
	cJSON_AddItemToObject(sub, "Fn::Sub",
			      str_node("arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/"
				       "${Fn.Arn}/invocations",
				       unicode));
	return py27_dictify(sub);
}

/* SwaggerEditor.add_lambda_integration(path, method, uri, {}, {}): add_path's two
 * setdefaults (path and method keep their Py27UniStr-ness from the event), then the
 * integration Py27Dict filled type, httpMethod, uri, then setdefault("responses"). */
static void add_lambda_integration(cJSON *doc, const char *path, const char *method, bool unicode)
{
	cJSON *paths = cJSON_GetObjectItemCaseSensitive(doc, "paths");
	cJSON *path_item = py27_setdefault(paths, path, unicode, py27_dict_new());
	cJSON *method_item = py27_setdefault(path_item, method, unicode, py27_dict_new());
	cJSON *integration = py27_dict_new();
	py27_set(method_item, "x-amazon-apigateway-integration", integration);
	py27_set(integration, "type", cJSON_CreateString("aws_proxy"));
	py27_set(integration, "httpMethod", cJSON_CreateString("POST"));
	py27_set(integration, "uri", integration_uri(unicode));
	py27_setdefault(method_item, "responses", false, py27_dict_new());
}

static char *deployment_id(bool unicode, const char *expected_str)
{
	cJSON *body = gen_skeleton();
	cJSON *doc = py27_deepcopy(body); /* SwaggerEditor.__init__ */
	add_lambda_integration(doc, "/a", "get", unicode);
	cJSON *swagger = py27_deepcopy(doc); /* editor.swagger */
	char *s = str_of(swagger);
	assert_string_equal(s, expected_str);
	char *id = xf_logical_id_str("ADeployment", s);
	free(s);
	cJSON_Delete(swagger);
	cJSON_Delete(doc);
	cJSON_Delete(body);
	return id;
}

static void rest_deployment_ids_match_reference(void **state)
{
	(void)state;
	char *transform = deployment_id(true, SWAGGER_TRANSFORM);
	char *cli = deployment_id(false, SWAGGER_CLI);
	assert_string_equal(transform, "ADeployment0c6997ad9f");
	assert_string_equal(cli, "ADeployment5a72792dac");
	free(transform);
	free(cli);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(dict_cases_match_python),
		cmocka_unit_test(keys_come_in_slot_order),
		cmocka_unit_test(large_dict_resizes_by_two),
		cmocka_unit_test(churn_matches_python),
		cmocka_unit_test(history_is_text_and_survives_duplicate),
		cmocka_unit_test(members_outside_the_history_fall_back),
		cmocka_unit_test(assignment_keeps_the_first_key),
		cmocka_unit_test(setdefault_and_pop),
		cmocka_unit_test(deepcopy_rebuilds_nested_dicts),
		cmocka_unit_test(string_reprs_match_python),
		cmocka_unit_test(mark_unicode_toggles),
		cmocka_unit_test(value_reprs_match_python),
		cmocka_unit_test(converted_keys_that_collide_merge),
		cmocka_unit_test(template_conversion_matches_python),
		cmocka_unit_test(conversion_is_needed_only_with_apis),
		cmocka_unit_test(rest_deployment_ids_match_reference),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
