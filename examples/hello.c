/* An ordinary C program: built with ivcc, it runs as a cVM on musl + LibOS. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static unsigned long fib(unsigned n)
{
	return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

int main(int argc, char **argv)
{
	printf("hello from cVM '%s' with %d argument(s):", argv[0], argc - 1);
	for (int i = 1; i < argc; i++)
		printf(" %s", argv[i]);
	printf("\n");

	size_t n = 1 << 20;
	char *buf = malloc(n);
	memset(buf, 'x', n);
	printf("malloc'd and filled %zu bytes; fib(30) = %lu\n", n, fib(30));
	free(buf);

	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	printf("monotonic clock says %lld.%09ld s\n", (long long)ts.tv_sec, ts.tv_nsec);
	return 0;
}
