/* The FaaS-style start-up payload: write "hello\n" and exit 0.  Built as a
 * cVM (libc-free, <intravisor.h>) and, with -DNATIVE, as a static native
 * program, so both sides do the same work. */
#ifdef NATIVE
#include <unistd.h>
int main(void)
{
    return write(1, "hello\n", 6) == 6 ? 0 : 1;
}
#else
#include <intravisor.h>
int main(void)
{
    return iv_write(1, "hello\n", 6) == 6 ? 0 : 1;
}
#endif
