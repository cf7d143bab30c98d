/* abort() and raise() end the cVM with 128+signal and a one-line report. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int main(int argc, char **argv)
{
	puts("before");
	fflush(stdout);
	if (argc > 1 && !strcmp(argv[1], "raise"))
		raise(SIGTERM);
	else
		abort();
	puts("after");
	return 0;
}
