/* py27_keys.c — the reference's Py27Keys slot simulation and the Py27Dict operations: each
 * Py27Dict records its key history, replayed here into CPython 2.7 iteration order. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc/doc.h"
#include "json/members.h"
#include "transform/py27.h"
#include "util/buf.h"

/* utils/py27hash_fix.py constants (from CPython 2.7's dictobject.c) */
#define PY27_MINSIZE 8
#define PY27_PERTURB_SHIFT 5
#define PY27_LARGE_DICT 50000

/* What a member's key is, beyond its text. */
#define KEY_FLAGS (SAMC_PY27_KEY_UNICODE | SAMC_KEY_NOT_STRING)

enum { SLOT_EMPTY = -1, SLOT_DUMMY = -2 };

typedef struct key_ref {
	const char *s; /* not NUL-terminated */
	size_t n;
	uint64_t hash;
} key_ref;

/* Py27Keys: slots[i] is SLOT_EMPTY, SLOT_DUMMY or an index into keys[] (one entry per add). */
typedef struct keytable {
	ptrdiff_t *slots;
	size_t mask, size, fill;
	key_ref *keys;
	size_t nkeys, capkeys;
} keytable;

/* ---- the Python 2.7 string hash (third_party/py27hash/hash.py Hash.shash) ---- */

/* Over code points, modulo 2**64 (the reference truncates at the end; the low 64 bits of
 * products and xors do not depend on the high ones). */
static uint64_t string_hash(const char *s, size_t n)
{
	if (n == 0)
		return 0;
	uint32_t cp;
	py27_utf8_next(s, n, &cp);
	uint64_t x = (uint64_t)cp << 7;
	size_t length = 0;
	for (size_t i = 0; i < n; length++) {
		if ((unsigned char)s[i] < 0x80) /* ASCII fast path */
			cp = (unsigned char)s[i++];
		else
			i += py27_utf8_next(s + i, n - i, &cp);
		x = (UINT64_C(1000003) * x) ^ cp;
	}
	return x ^ length;
}

static key_ref key_of(const char *s, size_t n)
{
	key_ref k = {s, n, string_hash(s, n)};
	return k;
}

/* ---- the slot table ---- */

static bool table_alloc(keytable *t, size_t size)
{
	ptrdiff_t *slots = malloc(size * sizeof(*slots));
	if (!slots)
		return false;
	for (size_t i = 0; i < size; i++)
		slots[i] = SLOT_EMPTY;
	t->slots = slots;
	t->mask = size - 1;
	t->size = t->fill = 0;
	return true;
}

static void table_free(keytable *t)
{
	free(t->slots);
	free(t->keys);
}

static ptrdiff_t table_register(keytable *t, key_ref k)
{
	if (t->nkeys == t->capkeys) {
		size_t cap = t->capkeys ? t->capkeys * 2 : 16;
		key_ref *keys = realloc(t->keys, cap * sizeof(*keys));
		if (!keys)
			return -1;
		t->keys = keys;
		t->capkeys = cap;
	}
	t->keys[t->nkeys] = k;
	return (ptrdiff_t)t->nkeys++;
}

static bool same_key(const key_ref *a, const key_ref *b)
{
	return a->hash == b->hash && a->n == b->n && memcmp(a->s, b->s, a->n) == 0;
}

static bool slot_holds(const keytable *t, size_t i, const key_ref *k)
{
	return t->slots[i] >= 0 && same_key(&t->keys[t->slots[i]], k);
}

/* Py27Keys._get_key_idx: the slot holding k, else the first dummy on k's probe path, else the
 * empty slot that ends it. (The walker is unbounded in Python; only its low bits matter.) */
static size_t find_slot(const keytable *t, const key_ref *k)
{
	size_t i = (size_t)(k->hash & t->mask);
	if (t->slots[i] == SLOT_EMPTY || slot_holds(t, i, k))
		return i;
	bool have_free = t->slots[i] == SLOT_DUMMY;
	size_t freeslot = i;
	uint64_t walker = i, perturb = k->hash;
	for (;;) {
		walker = (walker << 2) + walker + perturb + 1;
		i = (size_t)(walker & t->mask);
		if (t->slots[i] == SLOT_EMPTY)
			return have_free ? freeslot : i;
		if (slot_holds(t, i, k))
			return i;
		if (!have_free && t->slots[i] == SLOT_DUMMY) {
			have_free = true;
			freeslot = i;
		}
		perturb >>= PY27_PERTURB_SHIFT;
	}
}

static bool table_add(keytable *t, ptrdiff_t key);

/* Py27Keys._resize: the smallest power of two above request, live keys re-added in slot order. */
static bool table_resize(keytable *t, size_t request)
{
	size_t newsize = PY27_MINSIZE;
	while (newsize <= request)
		newsize <<= 1;
	ptrdiff_t *old = t->slots;
	size_t oldsize = t->mask + 1;
	if (!table_alloc(t, newsize)) {
		t->slots = old;
		return false;
	}
	bool ok = true;
	for (size_t i = 0; i < oldsize && ok; i++)
		if (old[i] >= 0)
			ok = table_add(t, old[i]);
	free(old);
	return ok;
}

/* Py27Keys.add: an existing key keeps its slot (and its first key object); a dummy on the probe
 * path is reused without counting towards fill; growing past 2/3 full resizes. */
static bool table_add(keytable *t, ptrdiff_t key)
{
	size_t start_size = t->size;
	size_t i = find_slot(t, &t->keys[key]);
	if (t->slots[i] == SLOT_EMPTY) {
		t->size++;
		t->fill++;
		t->slots[i] = key;
	} else if (t->slots[i] == SLOT_DUMMY) {
		t->size++;
		t->slots[i] = key;
	}
	if (t->size > start_size && t->fill * 3 >= (t->mask + 1) * 2)
		return table_resize(t, t->size * (t->size > PY27_LARGE_DICT ? 2 : 4));
	return true;
}

/* Py27Keys.remove: the slot becomes a dummy. */
static void table_remove(keytable *t, const key_ref *k)
{
	size_t i = find_slot(t, k);
	if (t->slots[i] >= 0) {
		t->slots[i] = SLOT_DUMMY;
		t->size--;
	}
}

/* The first step of Py27Keys.merge (PyDict_Merge): pre-size for n incoming keys. */
static bool table_presize(keytable *t, size_t n)
{
	if (n == 0 || (t->fill + n) * 3 < (t->mask + 1) * 2)
		return true;
	return table_resize(t, (t->size + n) * 2);
}

/* ---- the history ---- */

typedef struct hist_op {
	char op;         /* 'A', 'D' or 'M' */
	const char *key; /* A and D */
	size_t n;        /* key length, or M's count */
	const char *next;
} hist_op;

static bool parse_op(const char *p, const char *end, hist_op *op)
{
	if (p >= end)
		return false;
	op->op = *p++;
	size_t n = 0;
	const char *digits = p;
	for (; p < end && *p >= '0' && *p <= '9'; p++) {
		if (n > (SIZE_MAX - 9) / 10)
			return false;
		n = n * 10 + (size_t)(*p - '0');
	}
	if (p == digits || p >= end)
		return false;
	char sep = *p++;
	op->n = n;
	op->key = p;
	op->next = p;
	if (op->op == 'M')
		return sep == ';';
	op->next = p + n;
	return (op->op == 'A' || op->op == 'D') && sep == ':' && n <= (size_t)(end - p);
}

static bool apply_op(keytable *t, const hist_op *op)
{
	if (op->op == 'M')
		return table_presize(t, op->n);
	key_ref k = key_of(op->key, op->n);
	if (op->op == 'D') {
		table_remove(t, &k);
		return true;
	}
	ptrdiff_t key = table_register(t, k);
	return key >= 0 && table_add(t, key);
}

/* A table in the state the history leaves it in (a malformed tail is ignored). */
static bool replay(keytable *t, const char *history)
{
	if (!table_alloc(t, PY27_MINSIZE))
		return false;
	if (!history)
		return true;
	const char *end = history + strlen(history);
	hist_op op;
	for (const char *p = history; parse_op(p, end, &op); p = op.next)
		if (!apply_op(t, &op))
			return false;
	return true;
}

/* Appends one operation: "<op><n>:<key>" (key given) or "<op><n>;". */
/* Writes "<op><n><term>" into out (32 bytes) without printf; returns the length. */
static int op_head(char *out, char op, size_t n, char term)
{
	char digits[24];
	int d = 0;
	do {
		digits[d++] = (char)('0' + n % 10);
		n /= 10;
	} while (n);
	int len = 0;
	out[len++] = op;
	while (d)
		out[len++] = digits[--d];
	out[len++] = term;
	return len;
}

static bool history_push(cJSON *dict, char op, size_t n, const char *key)
{
	char head[32];
	int hl = op_head(head, op, n, key ? ':' : ';');
	size_t old = dict->valuestring ? strlen(dict->valuestring) : 0;
	size_t klen = key ? n : 0;
	char *h = cJSON_malloc(old + (size_t)hl + klen + 1);
	if (!h)
		return false;
	if (old)
		memcpy(h, dict->valuestring, old);
	memcpy(h + old, head, (size_t)hl);
	if (klen)
		memcpy(h + old + (size_t)hl, key, klen);
	h[old + (size_t)hl + klen] = '\0';
	cJSON_free(dict->valuestring);
	dict->valuestring = h;
	return true;
}

static const char *member_key(const cJSON *m)
{
	return m->string ? m->string : "";
}

bool py27_reset_history(cJSON *dict, const cJSON **members, size_t n, bool merge)
{
	samc_buf b = SAMC_BUF_INIT;
	char head[32];
	if (merge && n)
		samc_buf_put(&b, head, (size_t)op_head(head, 'M', n, ';'));
	for (size_t i = 0; i < n; i++) {
		const char *k = member_key(members[i]);
		size_t klen = strlen(k);
		samc_buf_put(&b, head, (size_t)op_head(head, 'A', klen, ':'));
		samc_buf_put(&b, k, klen);
	}
	char *h = NULL;
	if (!b.oom && b.len && (h = cJSON_malloc(b.len + 1)))
		memcpy(h, b.ptr, b.len + 1);
	bool ok = !b.oom && (h || !b.len);
	samc_buf_free(&b);
	if (!ok)
		return false;
	cJSON_free(dict->valuestring);
	dict->valuestring = h;
	dict->type |= SAMC_PY27_DICT;
	return true;
}

/* ---- from the table back to the object's members ---- */

typedef struct indexed_member {
	const cJSON *m;
	size_t pos;
} indexed_member;

static int cmp_indexed(const void *a, const void *b)
{
	const indexed_member *x = a, *y = b;
	int c = strcmp(member_key(x->m), member_key(y->m));
	if (c)
		return c;
	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

/* Members sorted by key (first in object order among equal keys). */
static indexed_member *index_members(const cJSON *dict, size_t n)
{
	indexed_member *idx = malloc((n ? n : 1) * sizeof(*idx));
	if (!idx)
		return NULL;
	size_t i = 0;
	for (const cJSON *c = dict->child; c && i < n; c = c->next, i++) {
		idx[i].m = c;
		idx[i].pos = i;
	}
	qsort(idx, n, sizeof(*idx), cmp_indexed);
	return idx;
}

static int cmp_key_ref(const cJSON *m, const key_ref *k)
{
	const char *s = member_key(m);
	int c = strncmp(s, k->s, k->n);
	return c ? c : s[k->n] != '\0';
}

static const cJSON *find_member(const indexed_member *idx, size_t n, const key_ref *k)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cmp_key_ref(idx[mid].m, k) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && cmp_key_ref(idx[lo].m, k) == 0 ? idx[lo].m : NULL;
}

/* Keys of the history that are no longer members: removed at the end. */
static void drop_stale_keys(keytable *t, const indexed_member *idx, size_t n)
{
	for (size_t i = 0; i <= t->mask; i++)
		if (t->slots[i] >= 0 && !find_member(idx, n, &t->keys[t->slots[i]])) {
			t->slots[i] = SLOT_DUMMY;
			t->size--;
		}
}

/* Members the history does not hold: added at the end, in object order. */
static bool add_missing_members(keytable *t, const cJSON *dict)
{
	for (const cJSON *c = dict->child; c; c = c->next) {
		const char *s = member_key(c);
		key_ref k = key_of(s, strlen(s));
		if (t->slots[find_slot(t, &k)] >= 0)
			continue;
		ptrdiff_t key = table_register(t, k);
		if (key < 0 || !table_add(t, key))
			return false;
	}
	return true;
}

static size_t collect_in_slot_order(const keytable *t, const indexed_member *idx, size_t n,
				    const cJSON **out)
{
	size_t count = 0;
	for (size_t i = 0; i <= t->mask; i++) {
		if (t->slots[i] < 0)
			continue;
		const cJSON *m = find_member(idx, n, &t->keys[t->slots[i]]);
		if (m && count < n)
			out[count++] = m;
	}
	return count;
}

static bool py27_order(const cJSON *dict, size_t n, const cJSON **out, size_t *count)
{
	keytable t = {0};
	indexed_member *idx = index_members(dict, n);
	bool ok = idx && replay(&t, dict->valuestring);
	if (ok) {
		drop_stale_keys(&t, idx, n);
		ok = add_missing_members(&t, dict);
	}
	if (ok)
		*count = collect_in_slot_order(&t, idx, n, out);
	table_free(&t);
	free(idx);
	return ok;
}

const cJSON **py27_members(const cJSON *dict, size_t *count)
{
	*count = 0;
	size_t n = 0;
	if (cJSON_IsObject(dict))
		for (const cJSON *c = dict->child; c; c = c->next)
			n++;
	const cJSON **out = malloc((n ? n : 1) * sizeof(*out));
	if (!out)
		return NULL;
	if (py27_is_dict(dict)) {
		if (!py27_order(dict, n, out, count)) {
			free(out);
			return NULL;
		}
		return out;
	}
	for (const cJSON *c = n ? dict->child : NULL; c; c = c->next)
		out[(*count)++] = c;
	return out;
}

size_t py27_keys(const cJSON *dict, const char **keys, size_t max)
{
	size_t n = 0;
	const cJSON **members = py27_members(dict, &n);
	if (!members)
		return 0;
	size_t filled = n < max ? n : max;
	for (size_t i = 0; i < filled; i++)
		keys[i] = member_key(members[i]);
	free(members);
	return filled;
}

/* ---- Py27Dict operations ---- */

cJSON *py27_dict_new(void)
{
	cJSON *d = cJSON_CreateObject();
	if (d)
		d->type |= SAMC_PY27_DICT;
	return d;
}

bool py27_is_dict(const cJSON *v)
{
	return cJSON_IsObject(v) && (v->type & SAMC_PY27_DICT);
}

/* A node about to become a member forgets the key it had elsewhere. */
static void forget_key(cJSON *item)
{
	if (item->string && !(item->type & cJSON_StringIsConst))
		cJSON_free(item->string);
	item->string = NULL;
	item->type &= ~(KEY_FLAGS | cJSON_StringIsConst);
}

/* d[k] = value for an existing k: the key (text and kind) stays, the value changes. */
static void replace_value(cJSON *dict, cJSON *old, cJSON *value)
{
	forget_key(value);
	value->string = old->string;
	value->type |= old->type & (KEY_FLAGS | cJSON_StringIsConst);
	old->string = NULL;
	old->type &= ~cJSON_StringIsConst;
	cJSON_ReplaceItemViaPointer(dict, old, value);
}

static bool add_value(cJSON *dict, const char *key, int key_flags, cJSON *value)
{
	forget_key(value);
	if ((py27_is_dict(dict) && !history_push(dict, 'A', strlen(key), key)) ||
	    !samc_json_add_key(dict, key, value)) {
		cJSON_Delete(value);
		return false;
	}
	value->type |= key_flags & KEY_FLAGS;
	return true;
}

static bool set_key(cJSON *dict, const char *key, int key_flags, cJSON *value)
{
	if (!value)
		return false;
	if (!cJSON_IsObject(dict) || !key) {
		cJSON_Delete(value);
		return false;
	}
	cJSON *old = cJSON_GetObjectItemCaseSensitive(dict, key);
	if (!old)
		return add_value(dict, key, key_flags, value);
	if (old != value)
		replace_value(dict, old, value);
	return true;
}

bool py27_set(cJSON *dict, const char *key, cJSON *value)
{
	return set_key(dict, key, 0, value);
}

bool py27_set_ukey(cJSON *dict, const char *key, cJSON *value)
{
	return set_key(dict, key, SAMC_PY27_KEY_UNICODE, value);
}

/* Detaches key's value; *recorded is false when the history could not take the removal (the
 * replay then treats the key as removed at the end, which is where it went). */
static cJSON *detach(cJSON *dict, const char *key, bool *recorded)
{
	*recorded = true;
	cJSON *m = cJSON_IsObject(dict) && key ? cJSON_GetObjectItemCaseSensitive(dict, key) : NULL;
	if (!m)
		return NULL;
	if (py27_is_dict(dict))
		*recorded = history_push(dict, 'D', strlen(key), key);
	cJSON_DetachItemViaPointer(dict, m);
	forget_key(m);
	return m;
}

bool py27_del(cJSON *dict, const char *key)
{
	bool recorded;
	cJSON_Delete(detach(dict, key, &recorded));
	return recorded;
}

cJSON *py27_pop(cJSON *dict, const char *key)
{
	bool recorded;
	return detach(dict, key, &recorded);
}

cJSON *py27_setdefault(cJSON *dict, const char *key, bool ukey, cJSON *deflt)
{
	cJSON *cur = cJSON_IsObject(dict) && key ? cJSON_GetObjectItemCaseSensitive(dict, key) : NULL;
	if (cur) {
		cJSON_Delete(deflt);
		return cur;
	}
	return set_key(dict, key, ukey ? SAMC_PY27_KEY_UNICODE : 0, deflt) ? deflt : NULL;
}

/* Py27Dict.update: keylist.merge(other.keys()) (pre-size, add each key), then d[k] = v. */
bool py27_update(cJSON *dict, const cJSON *other)
{
	if (!cJSON_IsObject(dict) || !cJSON_IsObject(other))
		return true;
	size_t n = 0;
	const cJSON **members = py27_members(other, &n);
	if (!members)
		return false;
	bool ok = !py27_is_dict(dict) || n == 0 || history_push(dict, 'M', n, NULL);
	for (size_t i = 0; i < n && ok && dict != other; i++) {
		cJSON *copy = cJSON_Duplicate(members[i], true);
		ok = copy && set_key(dict, member_key(members[i]), members[i]->type, copy);
	}
	free(members);
	return ok;
}

cJSON *py27_dictify(cJSON *obj)
{
	if (!cJSON_IsObject(obj))
		return obj;
	size_t n = 0;
	const cJSON **members = py27_members(obj, &n);
	bool ok = members && py27_reset_history(obj, members, n, true);
	free(members);
	if (ok)
		return obj;
	cJSON_Delete(obj);
	return NULL;
}

cJSON *py27_copy(const cJSON *dict)
{
	cJSON *copy = dict ? cJSON_Duplicate(dict, true) : NULL;
	if (!copy || !py27_is_dict(dict))
		return copy;
	size_t n = 0;
	const cJSON **members = py27_members(dict, &n);
	bool ok = members && py27_reset_history(copy, members, n, true);
	free(members);
	if (ok)
		return copy;
	cJSON_Delete(copy);
	return NULL;
}

/* The flags a copy of v carries (its own and its key's), without cJSON's reference bits. */
static int copied_flags(const cJSON *v)
{
	return v->type & ~(0xFF | cJSON_IsReference | cJSON_StringIsConst);
}

static cJSON *deepcopy_array(const cJSON *v)
{
	cJSON *out = cJSON_CreateArray();
	if (!out)
		return NULL;
	out->type |= copied_flags(v);
	for (const cJSON *c = v->child; c; c = c->next) {
		cJSON *item = py27_deepcopy(c);
		if (!item || !cJSON_AddItemToArray(out, item)) {
			cJSON_Delete(item);
			cJSON_Delete(out);
			return NULL;
		}
	}
	return out;
}

static bool deepcopy_members(cJSON *out, const cJSON **members, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		cJSON *item = py27_deepcopy(members[i]);
		if (!item || !samc_json_add_key(out, member_key(members[i]), item)) {
			cJSON_Delete(item);
			return false;
		}
	}
	return true;
}

/* Py27Dict.__deepcopy__: its keys re-added one by one in iteration order (no pre-sizing). */
static cJSON *deepcopy_object(const cJSON *v)
{
	size_t n = 0;
	const cJSON **members = py27_members(v, &n);
	cJSON *out = members ? cJSON_CreateObject() : NULL;
	bool ok = out && deepcopy_members(out, members, n);
	if (ok) {
		out->type |= copied_flags(v);
		ok = !py27_is_dict(v) || py27_reset_history(out, members, n, false);
	}
	free(members);
	if (ok)
		return out;
	cJSON_Delete(out);
	return NULL;
}

cJSON *py27_deepcopy(const cJSON *v)
{
	if (!v)
		return NULL;
	if (cJSON_IsArray(v))
		return deepcopy_array(v);
	if (cJSON_IsObject(v))
		return deepcopy_object(v);
	return cJSON_Duplicate(v, false);
}
