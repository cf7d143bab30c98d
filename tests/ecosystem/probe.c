/* The program tests/groups/73-ecosystem.sh runs as ./probe through the
 * binfmt handler: stdio, files, exit status, signals, stack depth. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <unistd.h>
#include <sys/mman.h>
static int deep(int n) { volatile char buf[1024]; buf[0] = (char)n; return n ? deep(n - 1) + buf[0] : 0; }
int main(int argc, char **argv)
{
    if (argc < 2) return 2;
    if (!strcmp(argv[1], "cat")) { int c; while ((c = getchar()) != EOF) putchar(c); return 0; }
    if (!strcmp(argv[1], "open")) { FILE *f = fopen(argv[2], "r"); printf("%s: %s\n", argv[2], f ? "opened" : "refused"); return f ? 0 : 1; }
    if (!strcmp(argv[1], "write")) { FILE *f = fopen(argv[2], "w"); if (!f) { perror(argv[2]); return 1; } fputs("data\n", f); return fclose(f) ? 1 : 0; }
    if (!strcmp(argv[1], "unlink")) { int r = unlink(argv[2]); if (r) perror(argv[2]); return r ? 1 : 0; }
    if (!strcmp(argv[1], "cwd")) { char b[4096]; puts(getcwd(b, sizeof b) ? b : "?"); return 0; }
    if (!strcmp(argv[1], "abort")) abort();
    if (!strcmp(argv[1], "sleep")) { puts("sleeping"); fflush(stdout); sleep(30); return 0; }
    if (!strcmp(argv[1], "exit")) return atoi(argv[2]);
    if (!strcmp(argv[1], "argv0")) { puts(argv[0]); return 0; }
    if (!strcmp(argv[1], "deep")) { printf("%d\n", deep(atoi(argv[2])) != 0); return 0; }
    if (!strcmp(argv[1], "stackmap")) { /* recursion DEPTH, then mmap MIB: is the touched stack charged? */
        deep(atoi(argv[2]));
        void *p = mmap(NULL, (size_t)atoi(argv[3]) << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        puts(p == MAP_FAILED ? "ENOMEM" : "mapped");
        return 0;
    }
    if (!strcmp(argv[1], "env")) { puts(getenv(argv[2]) ? getenv(argv[2]) : "(unset)"); return 0; }
    return 2;
}
