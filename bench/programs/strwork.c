/* A C string-heavy workload for the real-programs bench (bench/programs_bench.sh
 * row "strwork"): builds a text of N lines of words, then tokenises every line
 * (strchr/strspn/strcspn), copies words into a hash table keyed by strcmp
 * (strlen, memcpy, memcmp, strcmp), builds output lines with snprintf and
 * strcat, searches them with strstr and memchr, sorts the distinct words with
 * qsort/strcmp and prints a checksum and the most frequent words.  Output is
 * deterministic (identical natively and in a cVM).  Usage: strwork [N]. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NBUCKET 65536

struct word {
	struct word *next;
	size_t count;
	char text[];
};

static struct word *table[NBUCKET];
static size_t ndistinct;

static unsigned hash(const char *s, size_t n)
{
	unsigned h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static void add(const char *w, size_t n)
{
	char buf[64];
	if (n >= sizeof buf)
		n = sizeof buf - 1;
	memcpy(buf, w, n);
	buf[n] = 0;
	unsigned h = hash(buf, n) & (NBUCKET - 1);
	for (struct word *p = table[h]; p; p = p->next)
		if (!strcmp(p->text, buf)) {
			p->count++;
			return;
		}
	struct word *p = malloc(sizeof *p + n + 1);
	if (!p)
		exit(1);
	memcpy(p->text, buf, n + 1);
	p->count = 1;
	p->next = table[h];
	table[h] = p;
	ndistinct++;
}

static int by_text(const void *a, const void *b)
{
	return strcmp((*(struct word *const *)a)->text, (*(struct word *const *)b)->text);
}

static int by_count(const void *a, const void *b)
{
	const struct word *x = *(struct word *const *)a, *y = *(struct word *const *)b;
	if (x->count != y->count)
		return x->count < y->count ? 1 : -1;
	return strcmp(x->text, y->text);
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 200000;
	static const char *syll[] = {"ka", "lo", "mi", "tren", "sul", "vor", "ex", "qua", "ri", "on", "ta", "bel", "ion", "st", "a", "zu"};
	unsigned seed = 12345;
	unsigned long sum = 0, found = 0;
	char line[512], out[1024];
	for (long i = 0; i < n; i++) {
		/* a line of 6..17 words, each 1..4 syllables, separated by spaces and punctuation */
		line[0] = 0;
		size_t len = 0;
		int words = 6 + (int)((seed >> 8) % 12);
		for (int w = 0; w < words; w++) {
			int s = 1 + (int)((seed >> 4) % 4);
			for (int k = 0; k < s; k++) {
				seed = seed * 1103515245u + 12345u;
				const char *y = syll[(seed >> 16) % 16];
				size_t yl = strlen(y);
				memcpy(line + len, y, yl + 1);
				len += yl;
			}
			seed = seed * 1103515245u + 12345u;
			strcat(line + len, (seed >> 20) % 7 ? " " : ", ");
			len += strlen(line + len);
		}
		/* tokenise */
		for (const char *p = line; *p;) {
			p += strspn(p, " ,");
			size_t wl = strcspn(p, " ,");
			if (!wl)
				break;
			add(p, wl);
			p += wl;
		}
		/* build and search an output line */
		int ol = snprintf(out, sizeof out, "%ld: %s|%zu", i, line, strlen(line));
		if (strstr(out, "trenvor") || memchr(out, 'z', (size_t)ol))
			found++;
		const char *c = strchr(out, ':');
		sum = sum * 31 + (unsigned long)(c - out) + (unsigned long)ol;
	}
	struct word **all = malloc(ndistinct * sizeof *all);
	if (!all)
		return 1;
	size_t k = 0;
	for (size_t h = 0; h < NBUCKET; h++)
		for (struct word *p = table[h]; p; p = p->next)
			all[k++] = p;
	qsort(all, k, sizeof *all, by_text);
	for (size_t i = 0; i < k; i++)
		sum = sum * 33 + hash(all[i]->text, strlen(all[i]->text));
	qsort(all, k, sizeof *all, by_count);
	printf("lines %ld distinct %zu found %lu checksum %lx\n", n, ndistinct, found, sum);
	for (size_t i = 0; i < 5 && i < k; i++)
		printf("%s %zu\n", all[i]->text, all[i]->count);
	return 0;
}
