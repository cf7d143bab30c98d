/* libFuzzer harness: the YAML deployment validator (monitor/deploy/config.c,
 * config_yaml.c).  Each input is written to deploy.yaml in a private
 * temporary directory and loaded with cfg_load(), then freed.  Images it
 * names are resolved against that directory: they are usually missing (an
 * error, which is fine); if IV_FUZZ_IMAGE names a cVM image, it is linked
 * there as "job" and "img" (tests/fuzz/run.sh points it at the canary when
 * built) so the image path (read, verify, memory check)
 * runs too.  The validator's messages go to /dev/null (IV_FUZZ_VERBOSE=1
 * keeps them); sanitizer reports still reach fd 2. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "deploy/config.h"

static char dir[64], path[96];

static void cleanup(void)
{
    char p[128];
    unlink(path);
    snprintf(p, sizeof p, "%s/job", dir);
    unlink(p);
    snprintf(p, sizeof p, "%s/img", dir);
    unlink(p);
    rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    snprintf(dir, sizeof dir, "/tmp/iv-fuzz-config.XXXXXX");
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        exit(1);
    }
    snprintf(path, sizeof path, "%s/deploy.yaml", dir);
    atexit(cleanup);
    const char *img = getenv("IV_FUZZ_IMAGE");
    if (img && *img) {
        char p[128], *real = realpath(img, NULL);
        if (!real) {
            perror(img);
            exit(1);
        }
        snprintf(p, sizeof p, "%s/job", dir);
        if (symlink(real, p))
            perror(p);
        snprintf(p, sizeof p, "%s/img", dir);
        if (symlink(real, p))
            perror(p);
        free(real);
    }
    if (!getenv("IV_FUZZ_VERBOSE")) {
        FILE *null = fopen("/dev/null", "w");
        if (null)
            stderr = null;
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, size, f) != size || fclose(f)) {
        fputs("fuzz_config: cannot write the input file\n", stdout);
        abort();
    }
    struct cfg c;
    cfg_load(path, &c);
    cfg_free(&c);
    return 0;
}
