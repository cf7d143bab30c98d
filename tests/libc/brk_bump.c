/* The program break (libos/src/brk.c) and musl's bump allocator, which
 * programs that never call free get instead of mimalloc: this file must
 * not reference free.  Run with --mem 64M.
 *   brk_bump brk     the brk system call against Linux's answers
 *   brk_bump bump N  N MiB of 100-byte blocks (no free): "bump N ok" */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static int fails;
static void check(const char *what, int ok)
{
	printf("%s %s\n", ok ? "PASS" : "FAIL", what);
	fails += !ok;
}

static uintptr_t brk_to(uintptr_t want) { return (uintptr_t)syscall(SYS_brk, want); }

static int test_brk(void)
{
	uintptr_t b0 = brk_to(0);
	check("brk-initial", b0 != 0 && b0 % 4096 == 0 && brk_to(0) == b0);
	check("brk-grow", brk_to(b0 + 3 * 4096 + 100) == b0 + 3 * 4096 + 100);
	memset((void *)b0, 0x5a, 3 * 4096 + 100);
	check("brk-writable", ((volatile char *)b0)[3 * 4096 + 99] == 0x5a);
	check("brk-shrink", brk_to(b0 + 4096) == b0 + 4096 && ((volatile char *)b0)[4095] == 0x5a);
	/* Grown again, the released pages come back zero, as on Linux. */
	check("brk-regrow-zero", brk_to(b0 + 2 * 4096) == b0 + 2 * 4096 && ((volatile char *)b0)[4096] == 0);
	/* Below the start and far past the budget: refused, break unchanged. */
	check("brk-below-start", brk_to(b0 - 4096) == b0 + 2 * 4096);
	check("brk-beyond-budget", brk_to(b0 + (512ul << 20)) == b0 + 2 * 4096);
	/* Many small steps stay one mapping: 32 MiB in 4 KiB steps would pass
	 * the cVM's 4096-mapping limit otherwise. */
	int steps = 0;
	for (uintptr_t at = b0 + 3 * 4096; at <= b0 + (32ul << 20); at += 4096, steps++)
		if (brk_to(at) != at)
			break;
	check("brk-4k-steps", steps == 8192 - 2);
	check("brk-back-to-start", brk_to(b0) == b0);
	return fails;
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "brk"))
		return test_brk();
	if (argc > 2 && !strcmp(argv[1], "bump")) {
		long mib = atol(argv[2]);
		for (long i = 0; i < mib * (1l << 20) / 100; i++) {
			char *p = malloc(100);
			if (!p) {
				printf("bump failed after %ld MiB: %s\n", i * 100 >> 20, strerror(errno));
				return 1;
			}
			p[0] = p[99] = 1;
		}
		printf("bump %ld ok\n", mib);
		return 0;
	}
	return 2;
}
