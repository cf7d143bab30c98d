/* A tiny freestanding runtime for the ivcc test programs (no libc yet).
 * The same program builds two ways: as a cVM image with ivcc (hostcalls
 * via hostcall.S, sandboxed assembly) and natively with the host gcc
 * (native_rt.c, Linux system calls), so a test can compare outputs. */
#ifndef IVCC_TEST_RT_H
#define IVCC_TEST_RT_H

long hc_write(int fd, const void *buf, unsigned long len);
__attribute__((noreturn)) void hc_exit(int status);
long hc_set_tp(void *tp);

void *memcpy(void *d, const void *s, unsigned long n);
void *memset(void *d, int c, unsigned long n);
int main(int argc, char **argv);

/* Output helpers (buffered in a static array, flushed at exit). */
void out_str(const char *s);
void out_num(long v);
void out_hex(unsigned long v);
void out_flush(void);

#endif
