/* The sysroot's malloc under a memory budget (tests/groups/62-libc.sh runs
 * it with `intravisor run --mem 64M`):
 *   small    1000-byte blocks until malloc fails: NULL with ENOMEM, no crash,
 *            and most of the budget was usable;
 *   reuse    after freeing them all, as many fit again (nothing leaked);
 *   large    4 MiB blocks (mapped one by one) until malloc fails, freed,
 *            and as many again: freed mappings go back to the budget;
 *   mixed    calloc/realloc at the budget fail cleanly too.
 * With "churn N [MIB]": N times malloc, touch and free a block of MIB
 * (default 1) MiB (the test script counts the hostcalls that took: a block
 * of a segment of its own was a 32 MiB remap and a recommit each time).
 * With an argument "pause": allocates and touches ARGV[2] MiB of small
 * blocks, prints "allocated", waits for a line on stdin, frees them all,
 * prints "freed" and waits again, so the test script can read the
 * monitor's resident memory at both points. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

struct blk {
	struct blk *next;
};

/* Allocates blocks of n bytes, touching them, until malloc fails or max
 * bytes are held; returns the list and the count in *count. */
static struct blk *fill(size_t n, size_t max, size_t *count, int *err)
{
	struct blk *head = 0;
	*count = 0;
	*err = 0;
	while ((*count + 1) * n <= max) {
		errno = 0;
		struct blk *b = malloc(n);
		if (!b) {
			*err = errno;
			break;
		}
		memset(b, 0x5a, n);
		b->next = head;
		head = b;
		++*count;
	}
	return head;
}

static void release(struct blk *b)
{
	while (b) {
		struct blk *n = b->next;
		free(b);
		b = n;
	}
}

static int failures;
static void expect(const char *name, int ok, const char *fmt, size_t a, size_t b)
{
	if (ok) {
		printf("PASS %s\n", name);
	} else {
		failures++;
		printf("FAIL %s: ", name);
		printf(fmt, a, b);
		printf("\n");
	}
}

static void wait_line(void)
{
	char line[16];
	fflush(stdout);
	if (!fgets(line, sizeof line, stdin))
		exit(3);
}

int main(int argc, char **argv)
{
	size_t budget = 64u << 20, c1, c2, l1, l2;
	int err;
	if (argc > 2 && !strcmp(argv[1], "churn")) {
		long n = strtol(argv[2], 0, 10);
		size_t size = (argc > 3 ? strtoul(argv[3], 0, 10) : 1) << 20;
		for (long i = 0; i < n; i++) {
			char *p = malloc(size);
			if (!p)
				return 1;
			memset(p, (int)i, size);
			free(p);
		}
		printf("churned %ld\n", n);
		return 0;
	}
	if (argc > 2 && !strcmp(argv[1], "pause")) {
		size_t mib = strtoul(argv[2], 0, 10);
		struct blk *b = fill(1000, mib << 20, &c1, &err);
		printf("allocated %zu\n", c1);
		wait_line();
		release(b);
		printf("freed\n");
		wait_line();
		return 0;
	}
	struct blk *b = fill(1000, (size_t)-1, &c1, &err);
	expect("malloc-budget-small-enomem", err == ENOMEM, "errno %zu after %zu blocks", (size_t)err, c1);
	expect("malloc-budget-small-most", c1 * 1000 > budget / 2, "only %zu blocks of 1000 bytes in a %zu-byte budget", c1,
	       budget);
	release(b);
	b = fill(1000, (size_t)-1, &c2, &err);
	expect("malloc-budget-reuse", err == ENOMEM && c2 >= c1 - c1 / 10, "%zu blocks again after freeing %zu", c2, c1);
	release(b);
	/* 1 MiB blocks: their decommits are kept back (not remapped at once)
	 * up to a few MiB; at the budget's edge those must be given up. */
	size_t m1, m2;
	b = fill(1u << 20, (size_t)-1, &m1, &err);
	release(b);
	b = fill(1u << 20, (size_t)-1, &m2, &err);
	expect("malloc-budget-1m-returned", err == ENOMEM && m1 > 16 && m2 + 2 >= m1, "%zu 1 MiB blocks, then %zu", m1,
	       m2);
	release(b);
	/* What the allocator keeps back of them is given up to mappings it
	 * did not make (the program's own mmap). */
	static void *maps[1024];
	size_t nmaps = 0;
	while (nmaps < 1024) {
		void *m = mmap(0, 1u << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (m == MAP_FAILED)
			break;
		memset(m, 1, 1u << 20);
		maps[nmaps++] = m;
	}
	expect("malloc-budget-kept-back-to-mmap", nmaps + 2 >= m2, "%zu 1 MiB mappings after freeing %zu blocks", nmaps,
	       m2);
	while (nmaps)
		munmap(maps[--nmaps], 1u << 20);
	/* Large blocks: count what fits, free, and count twice more.  Where
	 * they land in the allocator's 32 MiB segments may cost one block
	 * between the first two rounds (a segment's own metadata); a leak
	 * would lose more, and go on losing. */
	size_t l3;
	b = fill(4u << 20, (size_t)-1, &l1, &err);
	release(b);
	b = fill(4u << 20, (size_t)-1, &l2, &err);
	release(b);
	b = fill(4u << 20, (size_t)-1, &l3, &err);
	expect("malloc-budget-large-returned", err == ENOMEM && l1 > 0 && l2 + 1 >= l1 && l3 >= l2,
	       "%zu large blocks, then %zu", l1, l2);

	/* calloc and realloc at the budget fail with NULL too */
	errno = 0;
	void *p = calloc(1, budget);
	expect("malloc-budget-calloc", !p && errno == ENOMEM, "calloc of the budget gave %zu (errno %zu)", p != 0,
	       (size_t)errno);
	void *q = malloc(16);
	errno = 0;
	void *r = realloc(q, budget);
	expect("malloc-budget-realloc", q && !r && errno == ENOMEM, "realloc to the budget gave %zu (errno %zu)", r != 0,
	       (size_t)errno);
	free(r ? r : q);
	release(b);
	return failures != 0;
}
