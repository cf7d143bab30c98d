/* base: prints "region low" if this cVM runs in the low region (base 0,
 * monitor/core/arena.c), else "region arena". */
#include "util.h"

int main(void)
{
    t_puts(t_region_base() ? "region arena\n" : "region low\n");
    return 0;
}
