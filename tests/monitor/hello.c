/* hello: prints its name, argv and envp; exits with argv[1] as a number if
 * it is one (default 0). */
#include "util.h"

int main(int argc, char **argv, char **envp)
{
    char name[64];
    t_puts("hello from ");
    if (iv_getname(name, sizeof name) >= 0)
        t_puts(name);
    t_puts("\n");
    for (int i = 0; i < argc; i++) {
        t_puts("argv: ");
        t_puts(argv[i]);
        t_puts("\n");
    }
    for (int i = 0; envp[i]; i++) {
        t_puts("env: ");
        t_puts(envp[i]);
        t_puts("\n");
    }
    int st = 0;
    if (argc > 1)
        for (const char *p = argv[1]; *p >= '0' && *p <= '9'; p++)
            st = st * 10 + (*p - '0');
    return st;
}
