/* Differential test of the cVM's SSE2/AVX2 string routines (libos/musl/string/)
 * against musl's generic C versions, compiled into the same image with a
 * ref_ prefix (tests/groups/62-strings.sh).  Every size 0..300 and some
 * larger ones, every source and destination alignment 0..31, memmove at
 * every overlap distance -70..70 (-140..140 above 256 bytes, which AVX2
 * copies), and strings that end right before an
 * unmapped page (the routines may read past a terminator, never past a page).
 * strcasecmp/strncasecmp, strspn and strstr are checked the same way.
 * Prints PASS/FAIL lines; exits non-zero on any failure. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <locale.h>
#include <sys/mman.h>

void *ref_memcpy(void *restrict, const void *restrict, size_t);
void *ref_memmove(void *, const void *, size_t);
void *ref_memset(void *, int, size_t);
int ref_memcmp(const void *, const void *, size_t);
size_t ref_strlen(const char *);
void *ref_memchr(const void *, int, size_t);
char *ref_strchr(const char *, int);
char *ref___strchrnul(const char *, int);
int ref_strcmp(const char *, const char *);
size_t ref_strcspn(const char *, const char *);
int ref_strcasecmp(const char *, const char *);
size_t ref_strspn(const char *, const char *);
char *ref_strstr(const char *, const char *);
int ref_strncasecmp(const char *, const char *, size_t);
char *__strchrnul(const char *, int);
int __iv_have_avx2(void); /* libos/musl/string/iv_cpu.c */

static int failures;
static unsigned long checks;
#define EXPECT(name, cond, ...)                                                 \
	do {                                                                    \
		checks++;                                                       \
		if (!(cond) && failures++ < 10) {                               \
			printf("FAIL %s: ", name);                              \
			printf(__VA_ARGS__);                                    \
			printf("\n");                                           \
		}                                                               \
	} while (0)

static int sign(int x) { return (x > 0) - (x < 0); }

static const size_t sizes[] = {0,   1,   2,   3,   4,   5,   7,   8,   9,   15,  16,  17,  31,
                               32,  33,  47,  48,  63,  64,  65,  79,  80,  81,  95,  96,  97,
                               127, 128, 129, 191, 192, 255, 256, 257, 300, 511, 1000, 4095, 4096, 4097, 10007};
#define NSIZES (sizeof sizes / sizeof *sizes)
#define BUF 16384
static unsigned char A[BUF + 256], B[BUF + 256], C[BUF + 256], D[BUF + 256];

static void fill(unsigned char *p, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; i++) {
		seed = seed * 1103515245u + 12345u;
		p[i] = (unsigned char)(seed >> 16);
	}
}

static void test_copy_set(void)
{
	for (size_t si = 0; si < NSIZES; si++) {
		size_t n = sizes[si];
		/* 32 alignments each: the long copies work in 32-byte vectors */
		for (int da = 0; da < 32; da++)
			for (int sa = 0; sa < 32; sa++) {
				fill(A, BUF + 64, (unsigned)(n * 31 + da * 7 + sa));
				memcpy(C, A, BUF + 64);
				memcpy(D, A, BUF + 64);
				fill(B, BUF + 64, 99);
				void *r = memcpy(C + da + 32, B + sa, n);
				ref_memcpy(D + da + 32, B + sa, n);
				EXPECT("memcpy", r == C + da + 32 && !ref_memcmp(C, D, BUF + 64), "n=%zu da=%d sa=%d", n, da, sa);
				r = memset(C + da, 0x80 + sa, n);
				ref_memset(D + da, 0x80 + sa, n);
				EXPECT("memset", r == C + da && !ref_memcmp(C, D, BUF + 64), "n=%zu da=%d c=%d", n, da, 0x80 + sa);
			}
	}
}

static void test_memmove(void)
{
	for (size_t si = 0; si < NSIZES; si++) {
		size_t n = sizes[si];
		if (n > 4097)
			continue;
		/* Long moves go 128 bytes per step: overlaps up to beyond that. */
		int far = n > 256 ? 140 : 70;
		for (int a = 0; a < (n > 256 ? 32 : 16); a++)
			for (int dist = -far; dist <= far; dist++) {
				fill(C, 8192, (unsigned)(n + a * 3 + dist));
				memcpy(D, C, 8192);
				unsigned char *s = C + 200 + a, *d = s + dist;
				void *r = memmove(d, s, n);
				ref_memmove(D + (d - C), D + (s - C), n);
				EXPECT("memmove", r == d && !ref_memcmp(C, D, 8192), "n=%zu align=%d dist=%d", n, a, dist);
			}
	}
}

static void test_memcmp(void)
{
	for (size_t si = 0; si < NSIZES; si++) {
		size_t n = sizes[si];
		for (int la = 0; la < 16; la++)
			for (int ra = 0; ra < 16; ra += 3) {
				fill(A + la, n, (unsigned)n);
				fill(B + ra, n, (unsigned)n);
				int got = memcmp(A + la, B + ra, n), want = ref_memcmp(A + la, B + ra, n);
				EXPECT("memcmp-equal", got == 0 && want == 0, "n=%zu got=%d", n, got);
				/* one differing byte at a few positions, both directions */
				size_t pos[] = {0, n / 2, n ? n - 1 : 0, 15, 16, 17};
				for (int p = 0; p < 6; p++) {
					if (pos[p] >= n)
						continue;
					unsigned char keep = B[ra + pos[p]];
					B[ra + pos[p]] = (unsigned char)(A[la + pos[p]] ^ (p & 1 ? 0x80 : 0x01));
					got = memcmp(A + la, B + ra, n);
					want = ref_memcmp(A + la, B + ra, n);
					EXPECT("memcmp-differ", sign(got) == sign(want) && want != 0, "n=%zu pos=%zu got=%d want=%d", n,
					       pos[p], got, want);
					B[ra + pos[p]] = keep;
				}
			}
	}
}

/* A string of length n at alignment a inside buf (no NUL before n); byte c
 * planted at position at (if at < n). */
static char *mkstr(unsigned char *buf, int a, size_t n, unsigned seed)
{
	unsigned char *s = buf + a;
	fill(s, n, seed);
	for (size_t i = 0; i < n; i++)
		if (!s[i] || s[i] == 'x')
			s[i] = 'a' + i % 20;
	s[n] = 0;
	return (char *)s;
}

static void test_strings(unsigned char *buf, const char *where)
{
	char name[64];
	for (size_t si = 0; si < NSIZES; si++) {
		size_t n = sizes[si];
		if (n > 10007)
			continue;
		for (int a = 0; a < 16; a++) {
			char *s = mkstr(buf, a, n, (unsigned)(n + a));
			snprintf(name, sizeof name, "strlen%s", where);
			EXPECT(name, strlen(s) == ref_strlen(s), "n=%zu a=%d got=%zu", n, a, strlen(s));
			size_t pos[] = {0, n / 3, n ? n - 1 : 0, 16};
			for (int p = 0; p < 4; p++) {
				size_t at = pos[p] < n ? pos[p] : n;
				char keep = s[at];
				if (at < n)
					s[at] = 'x';
				snprintf(name, sizeof name, "strchr%s", where);
				EXPECT(name, strchr(s, 'x') == ref_strchr(s, 'x') && __strchrnul(s, 'x') == ref___strchrnul(s, 'x') &&
				           strchr(s, 0) == ref_strchr(s, 0),
				       "n=%zu a=%d at=%zu", n, a, at);
				snprintf(name, sizeof name, "strcspn%s", where);
				static const char *sets[] = {"", "x", "xy", "yx", "x\x80y", "\xffyzx", "uvwxy", "abcdefghijklmnopqrstx"};
				for (int k = 0; k < 8; k++)
					EXPECT(name, strcspn(s, sets[k]) == ref_strcspn(s, sets[k]), "n=%zu a=%d at=%zu set=%d", n, a,
					       at, k);
				/* strspn over the string's own bytes: spans of every length */
				snprintf(name, sizeof name, "strspn%s", where);
				char own[6] = {s[0] ? s[0] : 'a', 'x', n > 1 ? s[1] : 'b', n > 2 ? s[2] : 'c', 0, 0};
				static const char *spans[] = {"", "x", "ab", "abcdefghijklmnopqrst", "bcdefghijklmnopqrstx"};
				for (int k = 0; k < 5; k++)
					EXPECT(name, strspn(s, spans[k]) == ref_strspn(s, spans[k]), "n=%zu a=%d at=%zu set=%d", n, a,
					       at, k);
				for (int k = 1; k <= 4; k++) {
					char set[6];
					memcpy(set, own, (size_t)k);
					set[k] = 0;
					EXPECT(name, strspn(s, set) == ref_strspn(s, set), "n=%zu a=%d at=%zu own=%d", n, a, at, k);
				}
				snprintf(name, sizeof name, "memchr%s", where);
				for (size_t lim = at > 2 ? at - 2 : 0; lim <= at + 2 && lim <= n + 1; lim++)
					EXPECT(name, memchr(s, 'x', lim) == ref_memchr(s, 'x', lim), "n=%zu a=%d at=%zu lim=%zu", n,
					       a, at, lim);
				s[at] = keep;
			}
		}
	}
}

static void test_strcmp(unsigned char *buf, const char *where)
{
	char name[64];
	snprintf(name, sizeof name, "strcmp%s", where);
	for (size_t si = 0; si < NSIZES; si++) {
		size_t n = sizes[si];
		if (n > 4096)
			continue;
		for (int la = 0; la < 16; la++)
			for (int ra = 0; ra < 16; ra += 5) {
				char *l = mkstr(buf, la, n, (unsigned)n);
				char *r = mkstr(B, ra, n, (unsigned)n);
				EXPECT(name, strcmp(l, r) == 0 && ref_strcmp(l, r) == 0, "equal n=%zu", n);
				size_t pos[] = {0, n / 2, n ? n - 1 : 0, 16, n};
				for (int p = 0; p < 5; p++) {
					if (pos[p] > n)
						continue;
					char keep = r[pos[p]];
					r[pos[p]] = (char)(p & 1 ? 0xf0 : 'b');
					int got = strcmp(l, r), want = ref_strcmp(l, r);
					int got2 = strcmp(r, l), want2 = ref_strcmp(r, l);
					EXPECT(name, sign(got) == sign(want) && sign(got2) == sign(want2), "n=%zu pos=%zu got=%d want=%d",
					       n, pos[p], got, want);
					r[pos[p]] = keep;
				}
			}
	}
}

/* Case-insensitive compares over the bytes around the ASCII letters
 * ('@' 'A' 'Z' '[' '`' 'a' 'z' '{'), high bytes (Latin-1 capitals, which
 * the C locale does not fold) and the end of either string, every length
 * and mismatch position up to 40, every n around them. */
static void test_strcasecmp(void)
{
	static const unsigned char alphabet[] = "@AZ[`az{09 \xc0\xe0\xff";
	const size_t na = sizeof alphabet - 1;
	unsigned x = 1;
	char l[48], r[48];
	for (int round = 0; round < 20000; round++) {
		size_t n = round % 41;
		for (size_t i = 0; i < n; i++) {
			x = x * 1103515245u + 12345u;
			unsigned char c = alphabet[(x >> 16) % na];
			l[i] = (char)c;
			/* the same letter in the other case most of the time */
			r[i] = (char)((x >> 8) % 4 == 0 ? alphabet[(x >> 4) % na] : (c | 32) == c ? c & ~32 : c | 32);
			if (!r[i] || (unsigned char)r[i] < 32)
				r[i] = (char)c;
		}
		size_t rn = n - (n && (x >> 20) % 5 == 0); /* sometimes r ends first */
		l[n] = 0;
		r[rn] = 0;
		int got = strcasecmp(l, r), want = ref_strcasecmp(l, r);
		EXPECT("strcasecmp", sign(got) == sign(want), "n=%zu l=%s r=%s got=%d want=%d", n, l, r, got, want);
		/* the _l forms are aliases in the same file: they must exist */
		EXPECT("strcasecmp_l", sign(strcasecmp_l(l, r, (locale_t)0)) == sign(want), "n=%zu", n);
		EXPECT("strncasecmp_l", sign(strncasecmp_l(l, r, 8, (locale_t)0)) == sign(ref_strncasecmp(l, r, 8)), "n=%zu", n);
		for (size_t k = 0; k <= n + 1; k++) {
			got = strncasecmp(l, r, k);
			want = ref_strncasecmp(l, r, k);
			EXPECT("strncasecmp", sign(got) == sign(want), "n=%zu k=%zu got=%d want=%d", n, k, got, want);
		}
	}
}

/* strstr against musl's: haystacks over small alphabets (many partial
 * matches), needles cut from the haystack (found) or made up (mostly not),
 * every start alignment; and periodic needles in periodic haystacks, which
 * must reach the two-way fallback and still agree. */
static void test_strstr(void)
{
	static char h[700], nd[64];
	static const char *alpha[] = {"ab", "abc", "ta", "abcdefgh"};
	unsigned x = 7;
	for (int round = 0; round < 4000; round++) {
		const char *al = alpha[round % 4];
		size_t na = strlen(al), hl = (size_t)(round * 7 % 300), a = (size_t)(round % 16);
		char *hs = h + a;
		for (size_t i = 0; i < hl; i++) {
			x = x * 1103515245u + 12345u;
			hs[i] = al[(x >> 16) % na];
		}
		hs[hl] = 0;
		for (int k = 0; k < 6; k++) {
			x = x * 1103515245u + 12345u;
			size_t nl = (x >> 8) % 24;
			if (k < 3 && hl) { /* a piece of the haystack, maybe altered at its end */
				size_t at = (x >> 16) % hl;
				if (nl > hl - at)
					nl = hl - at;
				memcpy(nd, hs + at, nl);
				if (k == 2 && nl)
					nd[nl - 1] = al[0] == nd[nl - 1] ? al[na - 1] : al[0];
			} else {
				for (size_t i = 0; i < nl; i++)
					nd[i] = al[(x >> (i % 16)) % na];
			}
			nd[nl] = 0;
			EXPECT("strstr", strstr(hs, nd) == ref_strstr(hs, nd), "hl=%zu a=%zu needle=%s", hl, a, nd);
		}
	}
	/* a^m b in a^N (and with the b at the end): the budget runs out */
	for (size_t m = 1; m < 40; m += 3) {
		memset(h, 'a', 600);
		h[600] = 0;
		memset(nd, 'a', m);
		nd[m] = 'b';
		nd[m + 1] = 0;
		EXPECT("strstr-periodic", strstr(h, nd) == ref_strstr(h, nd) && !strstr(h, nd), "m=%zu", m);
		h[599] = 'b';
		EXPECT("strstr-periodic-end", strstr(h, nd) == ref_strstr(h, nd) && strstr(h, nd) == h + 599 - m, "m=%zu", m);
	}
}

int main(void)
{
	/* Which copy loops ran (the group compares with /proc/cpuinfo). */
	printf("avx2 %s\n", __iv_have_avx2() ? "yes" : "no");
	test_copy_set();
	test_memmove();
	test_memcmp();
	test_strings(C, "");
	test_strcmp(C, "");
	test_strcasecmp();
	test_strstr();
	/* Strings whose terminator is the last byte before a PROT_NONE page:
	 * a routine that reads one byte too far faults. */
	size_t pg = 4096, len = 4 * pg;
	unsigned char *m = mmap(0, len + pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED || mprotect(m + len, pg, PROT_NONE)) {
		printf("FAIL page-guard: cannot map a guarded buffer\n");
		return 1;
	}
	unsigned long before = checks;
	for (size_t n = 0; n < 100; n++)
		for (int a = 0; a < 16; a++) {
			/* place the string so its NUL is the last byte before the guard */
			char *s = mkstr(m + len - n - 1 - a, a, n, (unsigned)n);
			EXPECT("page-end-strlen", strlen(s) == n, "n=%zu", n);
			EXPECT("page-end-strchr", strchr(s, 'x') == 0 && strchr(s, 0) == s + n, "n=%zu", n);
			EXPECT("page-end-memchr", memchr(s, 'x', n + 1) == 0, "n=%zu", n);
			EXPECT("page-end-strcspn", strcspn(s, "x") == n && strcspn(s, "xyz") == ref_strcspn(s, "xyz") && strcspn(s, "xyz!?") == ref_strcspn(s, "xyz!?"), "n=%zu", n);
			EXPECT("page-end-strspn", strspn(s, "abcdefghijklmnopqrst") == ref_strspn(s, "abcdefghijklmnopqrst") &&
			       strspn(s, "ab") == ref_strspn(s, "ab") &&
			       strspn(s, "abcd") == ref_strspn(s, "abcd"), "n=%zu", n);
			/* needles made of the string's last bytes: matches that end at
			 * the terminator */
			EXPECT("page-end-strstr", strstr(s, "xy") == 0 && strstr(s, s + n - (n > 0)) == ref_strstr(s, s + n - (n > 0)) &&
			       strstr(s, s + n - (n > 2 ? 3 : n)) == ref_strstr(s, s + n - (n > 2 ? 3 : n)) &&
			       strstr(s, s + n - (n > 6 ? 7 : n)) == ref_strstr(s, s + n - (n > 6 ? 7 : n)), "n=%zu", n);
			char *t = mkstr(B, a, n, (unsigned)n);
			EXPECT("page-end-strcmp", strcmp(s, t) == 0 && strcmp(t, s) == 0, "n=%zu", n);
			EXPECT("page-end-memcmp", memcmp(s, t, n + 1) == 0, "n=%zu", n);
			memset(m + len - n, 'q', n);
			EXPECT("page-end-memset", n == 0 || (m[len - 1] == 'q' && m[len - n] == 'q'), "n=%zu", n);
			memmove(m + len - n, B, n);
			memcpy(m + len - n, B, n);
		}
	if (failures)
		printf("FAIL strings: %d of %lu checks failed\n", failures, checks);
	else
		printf("PASS strings: %lu checks (%lu at a page end)\n", checks, checks - before);
	return failures != 0;
}
