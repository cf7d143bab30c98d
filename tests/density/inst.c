/* Density tests (tests/groups/69-density.sh): one image, the role is argv[1].
 *   job          exits 0 at once
 *   idle         prints "up", then waits for stdin to close
 *   own NAME     writes NAME into a global, prints "up", waits for stdin to
 *                close, then prints the global: another instance of the
 *                same image writing its own must not change it. */
#include <stdio.h>
#include <string.h>

static char mine[64] = "initial";

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "job"))
        return 0;
    if (argc > 2 && !strcmp(argv[1], "own"))
        snprintf(mine, sizeof mine, "%s", argv[2]);
    puts("up");
    fflush(stdout);
    while (getchar() != EOF)
        ;
    if (argc > 2)
        printf("own %s %s\n", argv[2], mine);
    return 0;
}
