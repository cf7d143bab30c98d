/* CAP Files example (docs/ipc.md): one program, three roles.
 *   cap_file read NAME     map the capfile read-only and print its text
 *   cap_file write NAME    write a new text through the copy interface
 *   cap_file readback NAME read it back through the copy interface
 * cap_file.yaml runs them in order against a capfile that starts as
 * "Hello world", as the original Intravisor's cap_file example does. */
#include <intravisor.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc < 3)
        return 2;
    const char *role = argv[1], *name = argv[2];
    if (!strcmp(role, "read")) {
        uint64_t size;
        long a = iv_cap_file_map(name, &size, IV_PROT_READ); /* direct loads */
        if (IV_IS_ERR(a)) {
            printf("map %s: error %ld\n", name, a);
            return 1;
        }
        printf("read: %.*s (capfile of %llu bytes)\n", (int)strnlen((char *)a, size), (char *)a,
               (unsigned long long)size);
        iv_cap_file_unmap((void *)a);
        return 0;
    }
    if (!strcmp(role, "write")) {
        const char msg[] = "Hello from the writer";
        long r = iv_cap_file_write(name, 0, msg, sizeof msg); /* bounds-checked copy */
        printf("wrote %ld bytes\n", r);
        return r == sizeof msg ? 0 : 1;
    }
    if (!strcmp(role, "readback")) {
        char buf[64] = {0};
        long r = iv_cap_file_read(name, 0, buf, sizeof buf - 1);
        printf("read back: %s\n", r < 0 ? "(error)" : buf);
        return r < 0;
    }
    return 2;
}
