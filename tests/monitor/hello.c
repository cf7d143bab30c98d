/* hello: prints its name, argv and envp; exits with argv[1] as a number if
 * it is one (default 0). */
#include "util.h"

int main(int argc, char **argv, char **envp)
{
    char name[64] = "";
    iv_getname(name, sizeof name);
    t_putstrs("hello from", ' ', name); /* whole lines: see t_putstrs */
    for (int i = 0; i < argc; i++)
        t_putstrs("argv:", ' ', argv[i]);
    for (int i = 0; envp[i]; i++)
        t_putstrs("env:", ' ', envp[i]);
    int st = 0;
    if (argc > 1)
        for (const char *p = argv[1]; *p >= '0' && *p <= '9'; p++)
            st = st * 10 + (*p - '0');
    return st;
}
