/* The image of `make oci-image`: built as a cVM (ivcc) and, for the
 * baseline, natively (gcc -static) from this one source.
 *   hello [WORDS...]   prints them (and $GREETING); exits 0
 *   hello exit N       exits with status N */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc == 3 && !strcmp(argv[1], "exit"))
        return atoi(argv[2]);
    const char *g = getenv("GREETING");
    printf("%s from %s", g ? g : "hello", argv[0]);
    for (int i = 1; i < argc; i++)
        printf(" %s", argv[i]);
    printf("\n");
    return 0;
}
