/* A cVM for the CAP File tests (tests/groups/65-capfiles.sh).  Prints
 * "PASS name" / "FAIL name: why" lines; the group checks them.
 *   cf read NAME TEXT     map ro, expect TEXT (mapping and copy); ro may not grant
 *   cf write NAME TEXT    map rw, store TEXT (with its NUL) directly
 *   cf rofault NAME       map ro, store into it: must end with SIGSEGV
 *   cf noaccess NAME      no access: map/read/write/grant -> -EACCES
 *   cf rocalls NAME       ro access: rw map, copy write, grant, revoke refused
 *   cf solo               run-time capfile alone: bounds, aliasing, -ENOENT, -EFAULT
 *   cf many NAME          map rw twice, atomically increment word 0
 *   cf count NAME N       wait (polling) until word 0 == N
 *   cf creator NAME PEER  create, grant PEER, futex handshake, revoke PEER
 *   cf peer NAME          wait for the grant, handshake, see the revocation
 *   cf lower NAME PEER    (rw) wait for PEER's rw mapping, grant it ro only
 *   cf lowered NAME       map rw, wait to be lowered: copy write refused, store faults
 *   cf revoker NAME PEER  create, grant PEER, revoke it while PEER is busy
 *   cf busy NAME          map rw, have the monitor write into the mapping
 *                         (fstatat) and the kernel read from it (write) in a
 *                         loop until the revoke makes them fail with EFAULT */
#include <errno.h>
#include <fcntl.h>
#include <intravisor.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int fails;
static void expect(const char *name, long got, long want)
{
    if (got == want)
        printf("PASS %s\n", name);
    else {
        printf("FAIL %s: got %ld, want %ld\n", name, got, want);
        fails++;
    }
    fflush(stdout);
}
static void check(const char *name, int ok, const char *why)
{
    if (ok)
        printf("PASS %s\n", name);
    else {
        printf("FAIL %s: %s\n", name, why);
        fails++;
    }
    fflush(stdout);
}

static const int64_t SEC = 1000000000;

/* A page mapped with no access, and the first address past the region. */
static char *no_access_page(void)
{
    long p = iv_mmap(NULL, 4096, IV_PROT_NONE, 0);
    return IV_IS_ERR(p) ? NULL : (char *)p;
}

static void solo(void)
{
    const char *n = "solo";
    static char buf[8192];
    expect("create", iv_cap_file_create(n, 5000), 0);
    expect("create-exists", iv_cap_file_create(n, 10), -EEXIST);
    expect("create-size-0", iv_cap_file_create("z0", 0), -EINVAL);
    expect("create-size-huge", iv_cap_file_create("z1", IV_CAP_FILE_MAX + 1), -EINVAL);
    expect("create-empty-name", iv_cap_file_create("", 10), -EINVAL);
    expect("create-over-budget", iv_cap_file_create("z2", IV_CAP_FILE_MAX), -ENOMEM);
    char longname[100];
    memset(longname, 'a', sizeof longname - 1);
    longname[sizeof longname - 1] = 0;
    expect("create-long-name", iv_cap_file_create(longname, 10), -ENAMETOOLONG);
    /* copy bounds */
    expect("write-all", iv_cap_file_write(n, 0, buf, 5000), 5000);
    expect("write-past-size", iv_cap_file_write(n, 1, buf, 5000), -EINVAL);
    expect("read-past-size", iv_cap_file_read(n, 4999, buf, 2), -EINVAL);
    expect("read-off-past-size", iv_cap_file_read(n, 5001, buf, 0), -EINVAL);
    expect("read-empty-at-end", iv_cap_file_read(n, 5000, buf, 0), 0);
    expect("read-overflow", iv_cap_file_read(n, 16, buf, (size_t)-8), -EINVAL);
    expect("write-overflow", iv_cap_file_write(n, (uint64_t)-1, buf, 2), -EINVAL);
    expect("write-hello", iv_cap_file_write(n, 100, "hello", 6), 6);
    /* mapping: aliasing with the copy interface, size out */
    uint64_t size = 0;
    long a = iv_cap_file_map(n, &size, IV_PROT_READ | IV_PROT_WRITE);
    check("map-rw", !IV_IS_ERR(a), "map failed");
    if (IV_IS_ERR(a))
        return;
    char *p = (char *)a;
    expect("map-size-out", (long)size, 5000);
    check("map-sees-copy", !strcmp(p + 100, "hello"), "mapping does not show written data");
    strcpy(p + 200, "direct");
    char got[8] = {0};
    expect("copy-sees-map", iv_cap_file_read(n, 200, got, 7), 7);
    check("copy-sees-map-data", !strcmp(got, "direct"), got);
    long b = iv_cap_file_map(n, NULL, IV_PROT_READ);
    check("map-twice-other-address", !IV_IS_ERR(b) && b != a, "second map failed");
    check("two-mappings-alias", !IV_IS_ERR(b) && !strcmp((char *)b + 200, "direct"), "no aliasing");
    /* copy with a buffer inside a mapping of the same capfile */
    expect("copy-within", iv_cap_file_write(n, 300, p + 100, 6), 6);
    check("copy-within-data", !strcmp(p + 300, "hello"), "wrong data");
    /* read copy into a read-only mapping: the buffer must be writable */
    expect("read-into-ro-map", iv_cap_file_read(n, 0, (char *)b, 4), -EFAULT);
    /* generic calls cannot change capfile mappings */
    expect("munmap-refused", iv_munmap((void *)b, 4096), -EINVAL);
    expect("mprotect-refused", iv_mprotect((void *)b, 4096, IV_PROT_READ | IV_PROT_WRITE), -ENOMEM);
    expect("mmap-fixed-over-refused", iv_mmap((void *)b, 4096, IV_PROT_READ, IV_MAP_FIXED), -EINVAL);
    expect("unmap-not-start", iv_cap_file_unmap((char *)b + 4096), -EINVAL);
    expect("unmap", iv_cap_file_unmap((void *)b), 0);
    expect("unmap-again", iv_cap_file_unmap((void *)b), -EINVAL);
    expect("map-bad-prot-exec", iv_cap_file_map(n, NULL, IV_PROT_READ | 4), -EINVAL);
    expect("map-bad-prot-wo", iv_cap_file_map(n, NULL, IV_PROT_WRITE), -EINVAL);
    expect("map-bad-prot-none", iv_cap_file_map(n, NULL, IV_PROT_NONE), -EINVAL);
    /* unknown names */
    expect("map-enoent", iv_cap_file_map("nope", NULL, IV_PROT_READ), -ENOENT);
    expect("read-enoent", iv_cap_file_read("nope", 0, buf, 1), -ENOENT);
    expect("write-enoent", iv_cap_file_write("nope", 0, buf, 1), -ENOENT);
    expect("grant-enoent", iv_cap_file_grant("nope", "x", IV_CAP_RO), -ENOENT);
    expect("revoke-enoent", iv_cap_file_revoke("nope", "x"), -ENOENT);
    expect("grant-bad-mode", iv_cap_file_grant(n, "x", 7), -EINVAL);
    /* the creator keeps its access */
    char self[64];
    iv_getname(self, sizeof self);
    expect("revoke-creator-refused", iv_cap_file_revoke(n, self), -EPERM);
    expect("grant-other", iv_cap_file_grant(n, "other", IV_CAP_RO), 0);
    expect("revoke-other", iv_cap_file_revoke(n, "other"), 0);
    /* bad pointers: every new hostcall */
    char *na = no_access_page();
    const char *bad[] = {NULL, (const char *)8, na, (const char *)0xffff800000000000ull};
    for (int i = 0; i < 4; i++) {
        char t[32];
        snprintf(t, sizeof t, "efault-%d-", i);
#define E(what, call)                                                                              \
    do {                                                                                       \
        char tn[48];                                                                           \
        snprintf(tn, sizeof tn, "%s%s", t, what);                                              \
        expect(tn, call, -EFAULT);                                                             \
    } while (0)
        E("map-name", iv_cap_file_map(bad[i], NULL, IV_PROT_READ));
        E("map-size-out", iv_cap_file_map(n, (uint64_t *)bad[i] + (i == 0), IV_PROT_READ));
        E("read-name", iv_cap_file_read(bad[i], 0, buf, 1));
        E("read-buf", iv_cap_file_read(n, 0, (void *)bad[i], 1));
        E("write-name", iv_cap_file_write(bad[i], 0, buf, 1));
        E("write-buf", iv_cap_file_write(n, 0, bad[i], 1));
        E("create-name", iv_cap_file_create(bad[i], 10));
        E("grant-name", iv_cap_file_grant(bad[i], "x", IV_CAP_RO));
        E("grant-cvm", iv_cap_file_grant(n, bad[i], IV_CAP_RO));
        E("revoke-name", iv_cap_file_revoke(bad[i], "x"));
        E("revoke-cvm", iv_cap_file_revoke(n, bad[i]));
    }
    /* a name running into an inaccessible page, and a buffer straddling one */
    if (na) {
        iv_mprotect(na, 4096, IV_PROT_READ | IV_PROT_WRITE);
        long g = iv_mmap(na + 4096, 4096, IV_PROT_NONE, IV_MAP_FIXED);
        if (!IV_IS_ERR(g)) {
            memcpy(na + 4093, "sol", 3);
            expect("efault-name-straddles", iv_cap_file_map(na + 4093, NULL, IV_PROT_READ), -EFAULT);
            expect("efault-buf-straddles", iv_cap_file_read(n, 0, na + 4000, 200), -EFAULT);
        }
    }
    expect("map-size-out-misaligned", iv_cap_file_map(n, (uint64_t *)(buf + 1), IV_PROT_READ), -EFAULT);
    expect("unmap-bad", iv_cap_file_unmap(NULL), -EINVAL);
    expect("unmap", iv_cap_file_unmap(p), 0);
}

/* Maps capfile n read-write once its creator has made and granted it
 * (polling, 20 s at most): the address, or the last error. */
static long map_when_granted(const char *n)
{
    int64_t end = iv_clock(IV_CLOCK_MONOTONIC) + 20 * SEC;
    long a;
    while (IV_IS_ERR(a = iv_cap_file_map(n, NULL, IV_PROT_READ | IV_PROT_WRITE)) &&
           (a == -ENOENT || a == -EACCES) && iv_clock(IV_CLOCK_MONOTONIC) < end)
        iv_nanosleep(1000000);
    return a;
}

/* Stays until the peer ends (its stream peer -> creator closes): a
 * run-time capfile leaves the registry when its creator ends. */
static void wait_for_peer_end(void)
{
    int s = open("/cap/peer", O_RDONLY);
    char c;
    while (s >= 0 && read(s, &c, 1) > 0)
        ;
}

static int *map_words(const char *n, int prot)
{
    long a = iv_cap_file_map(n, NULL, prot);
    if (IV_IS_ERR(a)) {
        printf("FAIL map %s: %ld\n", n, a);
        exit(1);
    }
    return (int *)a;
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    const char *mode = argc > 1 ? argv[1] : "";
    const char *n = argc > 2 ? argv[2] : "";
    if (!strcmp(mode, "solo")) {
        solo();
    } else if (!strcmp(mode, "read") && argc > 3) {
        uint64_t size;
        long a = iv_cap_file_map(n, &size, IV_PROT_READ);
        check("read-map", !IV_IS_ERR(a), "map failed");
        if (!IV_IS_ERR(a)) {
            check("read-map-data", !strncmp((char *)a, argv[3], strlen(argv[3])), (char *)a);
            printf("mapped: %.*s\n", (int)strlen(argv[3]), (char *)a);
        }
        char buf[256] = {0};
        size_t len = strlen(argv[3]);
        expect("read-copy", iv_cap_file_read(n, 0, buf, len), (long)len);
        check("read-copy-data", !strcmp(buf, argv[3]), buf);
    } else if (!strcmp(mode, "write") && argc > 3) {
        char *p = (char *)map_words(n, IV_PROT_READ | IV_PROT_WRITE);
        strcpy(p, argv[3]);
        check("write-direct", 1, "");
    } else if (!strcmp(mode, "rofault")) {
        volatile char *p = (char *)map_words(n, IV_PROT_READ);
        printf("about to write to a read-only capfile\n");
        fflush(stdout);
        p[0] = 'X';
        printf("FAIL rofault: the store went through\n");
    } else if (!strcmp(mode, "noaccess")) {
        char b[4];
        expect("noaccess-map", iv_cap_file_map(n, NULL, IV_PROT_READ), -EACCES);
        expect("noaccess-read", iv_cap_file_read(n, 0, b, 1), -EACCES);
        expect("noaccess-write", iv_cap_file_write(n, 0, b, 1), -EACCES);
        expect("noaccess-grant", iv_cap_file_grant(n, "x", IV_CAP_RO), -EACCES);
    } else if (!strcmp(mode, "rocalls")) {
        char b[4] = "abc";
        expect("ro-map-rw", iv_cap_file_map(n, NULL, IV_PROT_READ | IV_PROT_WRITE), -EACCES);
        expect("ro-copy-write", iv_cap_file_write(n, 0, b, 1), -EACCES);
        expect("ro-grant", iv_cap_file_grant(n, "x", IV_CAP_RO), -EPERM);
        expect("ro-revoke", iv_cap_file_revoke(n, "x"), -EPERM);
    } else if (!strcmp(mode, "many")) {
        int *a = map_words(n, IV_PROT_READ | IV_PROT_WRITE);
        int *b = map_words(n, IV_PROT_READ | IV_PROT_WRITE);
        /* Aliasing, checked on a word of this cVM's own (m1..m8: word
         * 16 + digit), which no other cVM writes meanwhile. */
        char me[64];
        iv_getname(me, sizeof me);
        int w = 16 + (me[1] - '0');
        __atomic_store_n(&a[w], 0x1234567 + w, __ATOMIC_SEQ_CST);
        check("many-alias", a != b && __atomic_load_n(&b[w], __ATOMIC_SEQ_CST) == 0x1234567 + w,
              "two mappings differ");
        __atomic_fetch_add(&a[0], 1, __ATOMIC_SEQ_CST);
    } else if (!strcmp(mode, "count") && argc > 3) {
        int *a = map_words(n, IV_PROT_READ);
        int want = atoi(argv[3]);
        int64_t end = iv_clock(IV_CLOCK_MONOTONIC) + 20 * SEC;
        while (__atomic_load_n(&a[0], __ATOMIC_SEQ_CST) < want && iv_clock(IV_CLOCK_MONOTONIC) < end)
            iv_nanosleep(1000000);
        expect("many-count", a[0], want);
    } else if (!strcmp(mode, "creator") && argc > 3) {
        expect("rt-create", iv_cap_file_create(n, 4096), 0);
        int *w = map_words(n, IV_PROT_READ | IV_PROT_WRITE);
        expect("rt-grant", iv_cap_file_grant(n, argv[3], IV_CAP_RW), 0);
        /* Wait (shared futex on our own mapping) until the peer has mapped
         * it at its address and stored 1. */
        int64_t end = iv_clock(IV_CLOCK_MONOTONIC) + 20 * SEC;
        while (__atomic_load_n(&w[0], __ATOMIC_SEQ_CST) != 1 && iv_clock(IV_CLOCK_MONOTONIC) < end)
            iv_futex_wait(&w[0], 0, SEC, IV_FUTEX_SHARED);
        expect("rt-peer-stored", w[0], 1);
        expect("rt-peer-wrote", !strcmp((char *)&w[4], "from peer"), 1);
        /* Phase 1: wake the peer, blocked in a shared futex wait on its own
         * mapping of the capfile (a different address in another region).
         * The word keeps the value the peer waits for, so its wait can only
         * end by this wake: retry until it has actually gone to sleep. */
        long woke = 0;
        end = iv_clock(IV_CLOCK_MONOTONIC) + 20 * SEC;
        while (!woke && iv_clock(IV_CLOCK_MONOTONIC) < end) {
            woke = iv_futex_wake(&w[1], 1, IV_FUTEX_SHARED);
            if (!woke)
                iv_nanosleep(1000000);
        }
        /* Phase 2: once the peer says it is about to wait again, revoke
         * while it waits (or just before: then its wait fails instead),
         * and wake whatever is still waiting. */
        end = iv_clock(IV_CLOCK_MONOTONIC) + 20 * SEC;
        while (__atomic_load_n(&w[0], __ATOMIC_SEQ_CST) != 2 && iv_clock(IV_CLOCK_MONOTONIC) < end)
            iv_futex_wait(&w[0], 1, SEC, IV_FUTEX_SHARED);
        iv_nanosleep(20000000);
        expect("rt-revoke", iv_cap_file_revoke(n, argv[3]), 0);
        for (int i = 0; i < 50 && iv_futex_wake(&w[1], 1, IV_FUTEX_SHARED) == 0; i++)
            iv_nanosleep(1000000);
        expect("rt-futex-woke-peer", woke, 1);
        check("rt-creator-unaffected", !strcmp((char *)&w[4], "from peer"), "lost data");
        wait_for_peer_end(); /* it checks its revoked access first */
    } else if (!strcmp(mode, "peer")) {
        long a = map_when_granted(n);
        check("rt-peer-map", !IV_IS_ERR(a), "never granted");
        if (IV_IS_ERR(a))
            return 1;
        int *w = (int *)a;
        strcpy((char *)&w[4], "from peer");
        w[1] = 1; /* what we will wait on */
        __atomic_store_n(&w[0], 1, __ATOMIC_SEQ_CST);
        expect("rt-peer-wake", iv_futex_wake(&w[0], 1, IV_FUTEX_SHARED) >= 0, 1);
        long r = iv_futex_wait(&w[1], 1, 30 * SEC, IV_FUTEX_SHARED);
        check("rt-peer-woken", r == 0, "not woken through the shared futex");
        __atomic_store_n(&w[0], 2, __ATOMIC_SEQ_CST);
        iv_futex_wake(&w[0], 1, IV_FUTEX_SHARED);
        /* Woken after the revocation, or refused because it came first:
         * either way the revoked memory is never reached. */
        r = iv_futex_wait(&w[1], 1, 30 * SEC, IV_FUTEX_SHARED);
        check("rt-peer-wait-across-revoke", r == 0 || r == -EFAULT, "unexpected futex result");
        char b[4];
        expect("rt-revoked-copy", iv_cap_file_read(n, 0, b, 4), -EACCES);
        expect("rt-revoked-map", iv_cap_file_map(n, NULL, IV_PROT_READ), -EACCES);
        printf("touching the revoked mapping\n");
        fflush(stdout);
        ((volatile int *)w)[0] = 5;
        printf("FAIL rt-revoked-store: went through\n");
    } else if (!strcmp(mode, "lower") && argc > 3) {
        int *w = map_words(n, IV_PROT_READ | IV_PROT_WRITE);
        int64_t end = iv_clock(IV_CLOCK_MONOTONIC) + 20 * SEC;
        while (__atomic_load_n(&w[0], __ATOMIC_SEQ_CST) != 1 && iv_clock(IV_CLOCK_MONOTONIC) < end)
            iv_futex_wait(&w[0], 0, SEC, IV_FUTEX_SHARED);
        expect("lower-grant-ro", iv_cap_file_grant(n, argv[3], IV_CAP_RO), 0);
        __atomic_store_n(&w[1], 1, __ATOMIC_SEQ_CST);
        iv_futex_wake(&w[1], 1, IV_FUTEX_SHARED);
    } else if (!strcmp(mode, "revoker") && argc > 3) {
        expect("busy-create", iv_cap_file_create(n, 4096), 0);
        int *w = map_words(n, IV_PROT_READ | IV_PROT_WRITE);
        expect("busy-grant", iv_cap_file_grant(n, argv[3], IV_CAP_RW), 0);
        int64_t end = iv_clock(IV_CLOCK_MONOTONIC) + 20 * SEC;
        while (__atomic_load_n(&w[0], __ATOMIC_SEQ_CST) < 1000 && iv_clock(IV_CLOCK_MONOTONIC) < end)
            iv_nanosleep(1000000);
        check("busy-peer-started", w[0] >= 1000, "the peer never got going");
        /* Revoked while the peer's hostcalls are touching the mapping. */
        expect("busy-revoke", iv_cap_file_revoke(n, argv[3]), 0);
        wait_for_peer_end(); /* it sees the revoke first */
    } else if (!strcmp(mode, "busy")) {
        long a = map_when_granted(n);
        check("busy-map", !IV_IS_ERR(a), "never granted");
        if (IV_IS_ERR(a))
            return 1;
        int *w = (int *)a;
        struct stat *st = (struct stat *)(a + 64);
        int nul = open("/dev/null", O_WRONLY);
        int64_t end = iv_clock(IV_CLOCK_MONOTONIC) + 20 * SEC;
        long n_ok = 0, r = 0, e = 0;
        /* Bounded: 20 s or 10 million rounds, whichever comes first. */
        for (long i = 0; i < 10000000 && iv_clock(IV_CLOCK_MONOTONIC) < end; i++) {
            /* Raw hostcalls: only the monitor and the kernel touch *st. */
            long k = iv_fstatat(0, NULL, st, 0);
            if (!k)
                k = iv_write(nul, st, sizeof *st) == sizeof *st ? 0 : -1;
            if (k) {
                e = -k;
                r = -1;
                break;
            }
            n_ok++;
            if (n_ok <= 1000)
                __atomic_store_n(&w[0], (int)n_ok, __ATOMIC_SEQ_CST);
        }
        check("busy-calls-worked", n_ok >= 1000, "too few calls before the revoke");
        check("busy-revoke-efault", r == -1 && e == EFAULT, "no EFAULT after the revoke");
    } else if (!strcmp(mode, "lowered")) {
        int *w = map_words(n, IV_PROT_READ | IV_PROT_WRITE);
        __atomic_store_n(&w[0], 1, __ATOMIC_SEQ_CST);
        iv_futex_wake(&w[0], 1, IV_FUTEX_SHARED);
        int64_t end = iv_clock(IV_CLOCK_MONOTONIC) + 20 * SEC;
        while (__atomic_load_n(&w[1], __ATOMIC_SEQ_CST) != 1 && iv_clock(IV_CLOCK_MONOTONIC) < end)
            iv_futex_wait(&w[1], 0, SEC, IV_FUTEX_SHARED);
        expect("lowered-seen", w[1], 1);
        expect("lowered-copy-write", iv_cap_file_write(n, 0, "x", 1), -EACCES);
        expect("lowered-map-rw", iv_cap_file_map(n, NULL, IV_PROT_READ | IV_PROT_WRITE), -EACCES);
        printf("storing through the lowered mapping\n");
        fflush(stdout);
        ((volatile int *)w)[2] = 5;
        printf("FAIL lowered-store: went through\n");
    } else {
        printf("FAIL usage: %s\n", mode);
        return 2;
    }
    return fails ? 1 : 0;
}
