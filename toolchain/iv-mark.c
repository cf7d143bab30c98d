/* iv-mark IMAGE...: writes the cVM image mark into images linked by hand
 * (ld.lld, as the tests do); unlike ivcc it leaves any PT_INTERP alone, so
 * a test of a real interpreter path stays one.  Exit 0, or 1. */
#include <stdio.h>
#include "imgmark.h"

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: iv-mark IMAGE...\n");
        return 2;
    }
    int rc = 0;
    for (int i = 1; i < argc; i++)
        rc |= iv_mark_image(argv[i], 0) != 0;
    return rc;
}
