/* Resource isolation (tests/groups/68-isolation.sh): one image, the role is
 * argv[1].
 *
 *   hostile KIND PEER   exhausts one monitor resource (KIND: maps, collapse, advise, fds,
 *                       threads, capfiles, grants, exports), reports how far
 *                       it got and the error that stopped it, then tells
 *                       PEER "ready" over the stream to it and holds what it
 *                       took until PEER says "done".
 *   canary PEER ROUNDS  waits for PEER's "ready", then does ordinary work
 *                       that needs each resource (memory, threads, pipes,
 *                       capfiles, mappings) ROUNDS times; "done" to PEER.
 *   stdio               tries to change the shared stdout (run with --rw).
 *   setuid              creates and chmods files with setuid/setgid bits.
 *   join                joins threads while others fill the thread table.
 *   charge-race         threads open and close pipes at once while the
 *                       process's descriptor pool is small (run under a
 *                       low ulimit -Hn): as many pipes fit afterwards as
 *                       before, so racing charges neither leak nor mint
 *                       descriptors in the pool.
 *   revoke-owner PEER / revoke-peer OWNER
 *                       a revoke while the peer's copy of 64 MiB runs: the
 *                       peer must never see what the owner writes after.
 * Lines: "PASS name" / "FAIL name: why"; "info ..." for numbers. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <intravisor.h>

static int failures;
static void check(const char *name, int ok, const char *fmt, long v)
{
    if (ok) {
        printf("PASS %s\n", name);
    } else {
        printf("FAIL %s: ", name);
        printf(fmt, v);
        printf("\n");
        failures++;
    }
    fflush(stdout);
}

static int open_stream(const char *peer, int flags)
{
    char p[80];
    snprintf(p, sizeof p, "/cap/%s", peer);
    return open(p, flags);
}

static int wait_word(int fd, const char *word)
{
    char buf[32] = {0};
    size_t n = 0, want = strlen(word);
    while (n < want) {
        ssize_t k = read(fd, buf + n, want - n);
        if (k <= 0)
            return -1;
        n += (size_t)k;
    }
    return strcmp(buf, word) ? -1 : 0;
}

/* ---- the hostile side ------------------------------------------------- */

static void *sleeper(void *arg)
{
    (void)arg;
    for (;;)
        pause();
    return NULL;
}

/* Finding 5: threads of the attacker keep its vm lock read-held with
 * back-to-back cheap hostcalls over a heavily split map, while another of
 * its threads maps a capfile (a writer of that lock). */
static void *hammer(void *arg)
{
    (void)arg;
    char name[64];
    for (;;)
        iv_getname(name, sizeof name);
    return NULL;
}

static void *map_loop(void *arg)
{
    (void)arg;
    for (;;) {
        long a = iv_cap_file_map("mine", NULL, IV_PROT_READ);
        if (!IV_IS_ERR(a))
            iv_cap_file_unmap((void *)a);
    }
    return NULL;
}

static long attack(const char *kind, long *err)
{
    long n = 0, r = 0;
    if (!strcmp(kind, "maps")) {
        /* One-page mappings with gaps, so none merges: each is an entry of
         * its own (and a kernel mapping of its own). */
        const long pages = 32768;
        char *base = (char *)iv_mmap(NULL, (size_t)pages * 2 * 4096, 0, 0);
        if (IV_IS_ERR((long)base)) {
            *err = (long)base;
            return 0;
        }
        for (n = 0; n < pages; n++) {
            r = iv_mmap(base + n * 2 * 4096, 4096, IV_PROT_READ | IV_PROT_WRITE, IV_MAP_FIXED);
            if (IV_IS_ERR(r))
                break;
        }
    } else if (!strcmp(kind, "advise")) {
        /* Huge-page advice on every other page of one reservation: each
         * advised page is a kernel mapping of its own (its flags differ
         * from its neighbours'), so each must be charged as an entry. */
        const long pages = 32768;
        char *base = (char *)iv_mmap(NULL, (size_t)pages * 2 * 4096, 0, 0);
        if (IV_IS_ERR((long)base)) {
            *err = (long)base;
            return 0;
        }
        for (n = 0; n < pages; n++) {
            r = iv_madvise(base + n * 2 * 4096, 4096, 14);
            if (IV_IS_ERR(r))
                break;
        }
    } else if (!strcmp(kind, "collapse")) {
        /* Rounds of: one-page mappings with gaps, each touched (so each
         * gets its own anon_vma and stays a kernel mapping of its own),
         * the gaps filled by more mappings, then one mprotect over the
         * whole run.  The kernel keeps ~one mapping per touched page; the
         * monitor must keep charging them rather than count the run as
         * one entry.  n counts the touched pages. */
        const long run = 256, rounds = 64;
        for (long k = 0; k < rounds && !IV_IS_ERR(r); k++) {
            char *base = (char *)iv_mmap(NULL, (size_t)run * 2 * 4096, 0, 0);
            if (IV_IS_ERR(r = (long)base))
                break;
            for (long i = 0; i < run; i++, n++) {
                r = iv_mmap(base + i * 2 * 4096, 4096, IV_PROT_READ | IV_PROT_WRITE, IV_MAP_FIXED);
                if (IV_IS_ERR(r))
                    break;
                base[i * 2 * 4096] = 1;
            }
            for (long i = 0; i + 1 < run && !IV_IS_ERR(r); i++)
                r = iv_mmap(base + (i * 2 + 1) * 4096, 4096, IV_PROT_READ | IV_PROT_WRITE, IV_MAP_FIXED);
            if (!IV_IS_ERR(r))
                r = iv_mprotect(base, (size_t)(run * 2 - 1) * 4096, IV_PROT_READ | IV_PROT_WRITE);
        }
    } else if (!strcmp(kind, "fds")) {
        int p[2];
        while ((r = iv_pipe(p, 0)) == 0)
            n += 2;
    } else if (!strcmp(kind, "threads")) {
        pthread_attr_t at;
        pthread_attr_init(&at);
        pthread_attr_setstacksize(&at, 16384);
        pthread_t t;
        while ((r = -pthread_create(&t, &at, sleeper, NULL)) == 0 && n < 100000)
            n++;
    } else if (!strcmp(kind, "capfiles")) {
        char name[32];
        do {
            snprintf(name, sizeof name, "cf%ld", n);
            r = iv_cap_file_create(name, 1);
        } while (r == 0 && ++n < 100000);
    } else if (!strcmp(kind, "grants")) {
        char name[32];
        r = iv_cap_file_create("g", 1);
        while (r == 0 && n < 1000000) {
            snprintf(name, sizeof name, "made-up-%ld", n);
            if ((r = iv_cap_file_grant("g", name, IV_CAP_RO)) == 0)
                n++;
        }
    } else if (!strcmp(kind, "starve")) {
        char *base = (char *)iv_mmap(NULL, 4000 * 2 * 4096, 0, 0);
        for (n = 0; n < 3000 && !IV_IS_ERR((long)base); n++)
            iv_mmap(base + n * 2 * 4096, 4096, IV_PROT_READ, IV_MAP_FIXED);
        r = iv_cap_file_create("mine", 4096);
        pthread_t t;
        for (int i = 0; i < 6; i++)
            pthread_create(&t, NULL, hammer, NULL);
        pthread_create(&t, NULL, map_loop, NULL);
        iv_nanosleep(100 * 1000 * 1000);
    } else if (!strcmp(kind, "exports")) {
        char name[32];
        do {
            snprintf(name, sizeof name, "f%ld", n);
            r = iv_cap_export(name, (iv_cap_fn)sleeper);
        } while (r == 0 && ++n < 100000);
    }
    *err = r;
    return n;
}

static int hostile(const char *kind, const char *peer)
{
    int out = open_stream(peer, O_WRONLY), in = open_stream(peer, O_RDONLY);
    if (out < 0 || in < 0) {
        printf("FAIL %s-streams: %s\n", kind, strerror(errno));
        return 1;
    }
    long err = 0, n = attack(kind, &err);
    printf("info %s: %ld until %ld (%s)\n", kind, n, err, strerror((int)-err));
    printf("%s %ld %ld\n", kind, n, err);
    fflush(stdout);
    if (write(out, "ready", 5) != 5)
        return 1;
    wait_word(in, "done"); /* holds everything until the canary is through */
    return 0;
}

/* ---- the canary ------------------------------------------------------- */

static void *add_one(void *arg)
{
    __atomic_add_fetch((int *)arg, 1, __ATOMIC_SEQ_CST);
    return NULL;
}

static int canary(const char *peer, int rounds)
{
    int in = open_stream(peer, O_RDONLY), out = open_stream(peer, O_WRONLY);
    if (in < 0 || out < 0 || wait_word(in, "ready")) {
        printf("FAIL canary-start: %s\n", strerror(errno));
        return 1;
    }
    int ok_mem = 1, ok_thr = 1, ok_fd = 1, ok_cf = 1;
    int64_t worst = 0;
    for (int k = 0; k < rounds; k++) {
        int64_t t0 = iv_clock(IV_CLOCK_MONOTONIC);
        char *p = malloc(4 << 20);
        ok_mem &= p != NULL;
        if (p) {
            memset(p, k, 4 << 20);
            free(p);
        }
        int count = 0;
        pthread_t t[4];
        for (int i = 0; i < 4; i++)
            ok_thr &= pthread_create(&t[i], NULL, add_one, &count) == 0;
        for (int i = 0; i < 4 && ok_thr; i++)
            pthread_join(t[i], NULL);
        ok_thr &= count == 4;
        int fds[2];
        for (int i = 0; i < 4; i++) {
            int r = pipe(fds);
            ok_fd &= r == 0;
            if (!r) {
                ok_fd &= write(fds[1], "x", 1) == 1;
                close(fds[0]);
                close(fds[1]);
            }
        }
        char name[32];
        snprintf(name, sizeof name, "canary%d", k);
        long r = iv_cap_file_create(name, 4096);
        long a = r ? r : iv_cap_file_map(name, NULL, IV_PROT_READ | IV_PROT_WRITE);
        ok_cf &= r == 0 && !IV_IS_ERR(a);
        if (!r && !IV_IS_ERR(a)) {
            ((char *)a)[0] = 1;
            iv_cap_file_unmap((void *)a);
        }
        int64_t dt = iv_clock(IV_CLOCK_MONOTONIC) - t0;
        worst = dt > worst ? dt : worst;
    }
    /* Not a performance check: a round is a few milliseconds; one that
     * takes seconds was held up by the neighbour (a lock it holds). */
    printf("info canary: slowest round %.3f ms\n", (double)worst / 1e6);
    check("canary-not-held-up", worst < 3000000000ll, "slowest round %ld ns", worst);
    check("canary-memory", ok_mem, "malloc failed%ld", 0);
    check("canary-threads", ok_thr, "pthread_create failed%ld", 0);
    check("canary-pipes", ok_fd, "pipe failed%ld", 0);
    check("canary-capfiles", ok_cf, "capfile create/map failed%ld", 0);
    if (write(out, "done", 4) != 4)
        return 1;
    return failures != 0;
}

/* ---- shared stdio, setuid bits ---------------------------------------- */

static int stdio_attack(void)
{
    struct timespec ts[2] = {{0, 0}, {0, 0}};
    check("stdout-ftruncate-refused", ftruncate(1, 0) == -1 && errno == EPERM, "errno %ld", errno);
    check("stdout-fchmod-refused", fchmod(1, 07777) == -1 && errno == EPERM, "errno %ld", errno);
    check("stdout-futimens-refused", futimens(1, ts) == -1 && errno == EPERM, "errno %ld", errno);
    check("stdout-pwrite-refused", pwrite(1, "X", 1, 0) == -1 && errno == ESPIPE, "errno %ld", errno);
    check("stdout-lseek-refused", lseek(1, 0, SEEK_SET) == -1 && errno == ESPIPE, "errno %ld", errno);
    return failures != 0;
}

static int setuid_attack(void)
{
    struct stat st;
    int fd = open("/planted", O_CREAT | O_WRONLY, 06755);
    check("setuid-create", fd >= 0, "errno %ld", errno);
    close(fd);
    check("setuid-create-stripped", !stat("/planted", &st) && !(st.st_mode & (S_ISUID | S_ISGID)), "mode %lo",
          (long)st.st_mode);
    check("setuid-chmod", chmod("/planted", 06755) == 0, "errno %ld", errno);
    check("setuid-chmod-stripped", !stat("/planted", &st) && !(st.st_mode & (S_ISUID | S_ISGID)) &&
                                       (st.st_mode & 0777) == 0755,
          "mode %lo", (long)st.st_mode);
    return failures != 0;
}

/* ---- join while the thread table is reaped ---------------------------- */

#define JSTACK 16384
struct joiner {
    int target, result, ctid;
};

static void quick(void *arg)
{
    (void)arg;
    iv_thread_exit();
}

static void napper(void *arg)
{
    (void)arg;
    iv_nanosleep(200 * 1000);
    iv_thread_exit();
}

static void join_it(void *arg)
{
    struct joiner *j = arg;
    j->result = (int)iv_thread_join(j->target);
    iv_thread_exit();
}

static long spawn(void (*fn)(void *), void *arg, int *ctid)
{
    char *stack = malloc(JSTACK);
    return stack ? iv_thread_create(fn, arg, stack + JSTACK, NULL, ctid) : -ENOMEM;
}

static int join_test(int rounds)
{
    /* Each round: a napper, a thread joining it, and enough quick threads
     * that the monitor's table of 1024 thread records fills and is reaped
     * while the join waits (the napper's record is freed and reused). */
    int bad = 0, hung = 0;
    for (int k = 0; k < rounds; k++) {
        struct joiner j = {0, 99, 1};
        long nap = spawn(napper, NULL, NULL);
        j.target = (int)nap;
        long jt = nap < 0 ? nap : spawn(join_it, &j, &j.ctid);
        static char qstack[JSTACK] __attribute__((aligned(16)));
        for (int i = 0; i < 300 && jt >= 0; i++) {
            int c = 1; /* one quick thread at a time, on one stack */
            if (iv_thread_create(quick, NULL, qstack + JSTACK, NULL, &c) >= 0)
                while (__atomic_load_n(&c, __ATOMIC_ACQUIRE))
                    iv_futex_wait(&c, 1, 1000000, 0);
        }
        /* The joiner must come back, with 0, within a second. */
        int64_t until = iv_clock(IV_CLOCK_MONOTONIC) + 1000000000;
        while (jt >= 0 && __atomic_load_n(&j.ctid, __ATOMIC_ACQUIRE) && iv_clock(IV_CLOCK_MONOTONIC) < until)
            iv_futex_wait(&j.ctid, 1, 10000000, 0);
        hung += jt < 0 || j.ctid != 0;
        bad += j.ctid == 0 && j.result != 0;
    }
    check("join-returns", hung == 0, "%ld joiners never came back", hung);
    check("join-result-0", bad == 0, "%ld joins returned an error", bad);
    return failures != 0;
}

/* ---- revocation is a barrier for copies ------------------------------- */

#define BIG (64ull << 20)
static const char marker[] = "written-after-revoke";

static int revoke_owner(const char *peer, int rounds)
{
    int out = open_stream(peer, O_WRONLY), in = open_stream(peer, O_RDONLY);
    long r = iv_cap_file_create("big", BIG);
    char *m = r ? NULL : (char *)iv_cap_file_map("big", NULL, IV_PROT_READ | IV_PROT_WRITE);
    if (out < 0 || in < 0 || !m || IV_IS_ERR((long)m)) {
        printf("FAIL revoke-owner-setup: %ld\n", r);
        return 1;
    }
    for (int k = 0; k < rounds; k++) {
        memset(m + BIG - 4096, 0, 4096);
        iv_cap_file_grant("big", peer, IV_CAP_RO);
        if (write(out, "g", 1) != 1 || wait_word(in, "c")) /* the peer is about to copy */
            return 1;
        iv_nanosleep(200 * 1000); /* into the copy */
        iv_cap_file_revoke("big", peer);
        memcpy(m + BIG - sizeof marker, marker, sizeof marker); /* after the revoke */
        if (wait_word(in, "d")) /* the peer's copy ended */
            return 1;
    }
    return 0;
}

static int revoke_peer(const char *owner, int rounds)
{
    int out = open_stream(owner, O_WRONLY), in = open_stream(owner, O_RDONLY);
    char *buf = malloc(BIG);
    if (out < 0 || in < 0 || !buf) {
        printf("FAIL revoke-peer-setup\n");
        return 1;
    }
    int saw = 0, partial = 0;
    for (int k = 0; k < rounds; k++) {
        if (wait_word(in, "g") || write(out, "c", 1) != 1)
            return 1;
        memset(buf + BIG - 4096, 0, 4096);
        long n = iv_cap_file_read("big", 0, buf, BIG);
        if (n > (long)(BIG - sizeof marker) && !memcmp(buf + BIG - sizeof marker, marker, sizeof marker))
            saw++;
        partial += n != (long)BIG;
        if (write(out, "d", 1) != 1)
            return 1;
    }
    printf("info revoke: %d of %d copies overtaken by the revoke\n", partial, rounds);
    check("revoke-is-a-barrier", saw == 0, "%ld copies saw data written after the revoke", saw);
    return failures != 0;
}

/* charge-race: pipes made until EMFILE (or 8,000 descriptors), then closed:
 * how many descriptors the cVM can hold now. */
static long fill_pipes(void)
{
    static int held[8000];
    long n = 0;
    int p[2];
    while (n + 2 <= 8000 && iv_pipe(p, 0) == 0) {
        held[n++] = p[0];
        held[n++] = p[1];
    }
    for (long i = 0; i < n; i++)
        close(held[i]);
    return n;
}

static double mono(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Holds up to 60 pipes, making and closing them in a pseudo-random order,
 * for 100,000 steps or 1.5 s: charges and uncharges from several threads
 * meet on the share's and the pool's counters, often near the pool's end. */
static void *churn(void *arg)
{
    int fds[120], k = 0;
    unsigned x = (unsigned)(unsigned long)arg * 2654435761u + 1;
    double end = mono() + 1.5;
    for (long i = 0; i < 100000 && (i % 256 || mono() < end); i++) {
        x = x * 1103515245u + 12345u;
        int p[2];
        if (k < 120 && (x >> 16) % 3 && iv_pipe(p, 0) == 0) {
            fds[k++] = p[0];
            fds[k++] = p[1];
        } else if (k) {
            close(fds[--k]);
            close(fds[--k]);
        }
    }
    while (k)
        close(fds[--k]);
    return NULL;
}

static int charge_race(void)
{
    long before = fill_pipes();
    pthread_t t[4];
    for (long i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, churn, (void *)i);
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    long after = fill_pipes();
    printf("info charge-race: %ld descriptors before, %ld after\n", before, after);
    check("charge-race-pool-intact", before > 0 && before < 8000 && before == after,
          "descriptors that fit changed by %ld across the race", after - before);
    return failures != 0;
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    const char *role = argc > 1 ? argv[1] : "";
    if (!strcmp(role, "hostile") && argc > 3)
        return hostile(argv[2], argv[3]);
    if (!strcmp(role, "canary") && argc > 3)
        return canary(argv[2], atoi(argv[3]));
    if (!strcmp(role, "stdio"))
        return stdio_attack();
    if (!strcmp(role, "setuid"))
        return setuid_attack();
    if (!strcmp(role, "join"))
        return join_test(argc > 2 ? atoi(argv[2]) : 20);
    if (!strcmp(role, "charge-race"))
        return charge_race();
    if (!strcmp(role, "revoke-owner") && argc > 3)
        return revoke_owner(argv[2], atoi(argv[3]));
    if (!strcmp(role, "revoke-peer") && argc > 3)
        return revoke_peer(argv[2], atoi(argv[3]));
    fprintf(stderr, "usage: see the top of tests/isolation/hostile.c\n");
    return 2;
}
