/* Thread-local storage: every access goes through the thread pointer the
 * monitor keeps (%fs:0 becomes %fs:0x70, docs/sfi.md section 7). */
#include "rt.h"

static __thread long counter;
__thread int table[16];
static __thread long *self_ref;

__attribute__((noinline)) static long *addr_of_counter(void) { return &counter; }

int main(int argc, char **argv)
{
    (void)argv;
    for (int i = 0; i < 16; i++)
        table[i] = i * i + argc;
    for (int i = 0; i < 100; i++)
        counter += table[i & 15];
    self_ref = addr_of_counter();
    *self_ref += 1;
    out_str("tls ");
    out_num(counter);
    out_str(" ");
    out_num(self_ref == &counter);
    out_str("\n");
    return 0;
}
