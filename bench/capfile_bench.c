/* CAP File costs (bench/capfile_bench.sh), inside one cVM: map+unmap of a
 * 1 MiB capfile, copy calls of 64 B and 1 MiB, and a plain memcpy of
 * 1 MiB in the cVM (what a direct store through a mapping costs).
 * Prints "name value" lines. */
#include <intravisor.h>
#include <stdio.h>
#include <string.h>

#define MB (1 << 20)
static char buf[MB], dst[MB];

static int64_t now(void) { return iv_clock(IV_CLOCK_MONOTONIC); }

int main(void)
{
    if (iv_cap_file_create("bench", MB))
        return 1;
    memset(buf, 1, MB);
    int n = 2000;
    int64_t t = now();
    for (int i = 0; i < n; i++) {
        long a = iv_cap_file_map("bench", NULL, IV_PROT_READ | IV_PROT_WRITE);
        if (IV_IS_ERR(a) || iv_cap_file_unmap((void *)a))
            return 1;
    }
    printf("capfile.map_unmap_ns %.0f\n", (double)(now() - t) / n);
    n = 200000;
    t = now();
    for (int i = 0; i < n; i++)
        iv_cap_file_read("bench", 0, buf, 64);
    printf("capfile.read64_ns %.0f\n", (double)(now() - t) / n);
    t = now();
    for (int i = 0; i < n; i++)
        iv_cap_file_write("bench", 0, buf, 64);
    printf("capfile.write64_ns %.0f\n", (double)(now() - t) / n);
    n = 500;
    t = now();
    for (int i = 0; i < n; i++)
        iv_cap_file_write("bench", 0, buf, MB);
    double w = (double)(now() - t) / n;
    t = now();
    for (int i = 0; i < n; i++)
        iv_cap_file_read("bench", 0, buf, MB);
    double r = (double)(now() - t) / n;
    char *m = (char *)iv_cap_file_map("bench", NULL, IV_PROT_READ | IV_PROT_WRITE);
    t = now();
    for (int i = 0; i < n; i++) {
        memcpy(m, buf, MB);
        __asm__ volatile("" : : "r"(m), "r"(dst), "r"(buf) : "memory");
    }
    double mm = (double)(now() - t) / n;
    t = now();
    for (int i = 0; i < n; i++) {
        memcpy(dst, buf, MB);
        __asm__ volatile("" : : "r"(m), "r"(dst), "r"(buf) : "memory");
    }
    double pm = (double)(now() - t) / n;
    printf("capfile.write_1MiB_GBps %.2f\n", MB / w);
    printf("capfile.read_1MiB_GBps %.2f\n", MB / r);
    printf("capfile.memcpy_into_mapping_1MiB_GBps %.2f\n", MB / mm);
    printf("capfile.memcpy_private_1MiB_GBps %.2f\n", MB / pm);
    return 0;
}
