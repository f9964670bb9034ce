/* utf8.c — samc_utf8_decode: one UTF-8 sequence checked and decoded, shared by the JSON and
 * YAML emitters and the Python 2.7 layer. */
#include "util/utf8.h"

/* How many continuation bytes lead announces (-1: it is no lead byte), and the range its first
 * continuation byte must fall in so the sequence is neither overlong, a surrogate, nor above
 * U+10FFFF. */
static int continuation_count(unsigned char lead, unsigned char *lo, unsigned char *hi)
{
	*lo = lead == 0xE0 ? 0xA0 : lead == 0xF0 ? 0x90 : 0x80;
	*hi = lead == 0xED ? 0x9F : lead == 0xF4 ? 0x8F : 0xBF;
	if (lead < 0x80)
		return 0;
	if (lead >= 0xC2 && lead <= 0xDF)
		return 1;
	if (lead >= 0xE0 && lead <= 0xEF)
		return 2;
	if (lead >= 0xF0 && lead <= 0xF4)
		return 3;
	return -1;
}

size_t samc_utf8_decode(const char *s, size_t n, uint32_t *cp, bool *valid)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned char lo, hi;
	int tail = continuation_count(u[0], &lo, &hi);
	*cp = 0xFFFD;
	if (valid)
		*valid = false;
	if (tail < 0)
		return 1;
	uint32_t value = u[0] & (0x7Fu >> tail);
	for (int i = 1; i <= tail; i++) {
		if ((size_t)i >= n || u[i] < lo || u[i] > hi)
			return (size_t)i;
		value = value << 6 | (u[i] & 0x3Fu);
		lo = 0x80;
		hi = 0xBF;
	}
	*cp = value;
	if (valid)
		*valid = true;
	return (size_t)tail + 1;
}
