/* Fast returns (monitor/core/loader.c): a cVM's masked returns become
 * `push %r11; ret` only while nothing but its one thread can write its
 * memory.  Modes:
 *   look    prints "returns fast" or "returns masked": what its own code
 *           holds at the end of f() (code pages are readable);
 *   thread  the same before and after it starts a second thread;
 *   capfile the same before and after it maps a CAP File (other cVMs may
 *           write it);
 *   callee  the same before and after it sets up CAP Call contexts
 *           (visitors will run in it);
 *   busy    the same before and after 20,000 hostcalls in a row (a high
 *           rate: the monitor pauses fast returns, loader.c);
 *   resume  busy, then hostcalls each after ~0.1 ms of computing (a low
 *           rate: they come back within 3,000), then a second thread (gone
 *           for good);
 *   flap    ten rounds of busy and calm: back after each of the first 8
 *           pauses, then gone for good (the monitor bounds its remaps);
 *   race    a second thread keeps writing into the slot where f's return
 *           address lies, while the main thread calls f() many times, the
 *           return address with bits set above the region's 4 GiB: masked,
 *           that is the right return (so the race is harmless and it prints
 *           "race done"); read by a `ret` still there between its push and
 *           the ret, an address outside the region ("fault in monitor
 *           code").  That window is one instruction, so this catches a
 *           monitor that keeps fast returns for two threads in most runs,
 *           not all; `thread` catches it always. */
#include "util.h"

#define STACK (64 * 1024)
#define HIGH 0x00007f0000000000ull /* outside every region */

static volatile unsigned long slot, ret_to;
static volatile int stop, racer_done;
static int racer_tid_word;

/* A leaf without a frame: rsp at its first instruction is the slot of its
 * own return address. */
__attribute__((noinline)) static void f(void)
{
    unsigned long sp;
    __asm__ volatile("movq %%rsp, %0" : "=r"(sp));
    slot = sp;
    ret_to = (unsigned long)__builtin_return_address(0);
}

/* What f's return holds: the 12 bytes ivcc emits end in `jmp *%r11`
 * (41 ff e3) or, fast, `push %r11; ret` (41 53 c3). */
static const char *returns(void)
{
    static const unsigned char head[9] = {0x41, 0x5b, 0x41, 0x83, 0xe3, 0xe0, 0x4d, 0x01, 0xf3};
    const volatile unsigned char *p = (const volatile unsigned char *)(unsigned long)f;
    for (int i = 0; i < 256; i++) {
        int k = 0;
        while (k < 9 && p[i + k] == head[k])
            k++;
        if (k < 9)
            continue;
        if (p[i + 9] == 0x41 && p[i + 10] == 0xff && p[i + 11] == 0xe3)
            return "masked";
        if (p[i + 9] == 0x41 && p[i + 10] == 0x53 && p[i + 11] == 0xc3)
            return "fast";
        return "unknown";
    }
    return "not found";
}

static void report(const char *when)
{
    t_putstrs(when, ' ', returns());
}

static void idle(void *arg)
{
    (void)arg;
    while (!stop)
        iv_sched_yield();
    iv_thread_exit();
}

static void racer(void *arg)
{
    (void)arg;
    while (!stop) {
        unsigned long a = slot;
        if (a)
            *(volatile unsigned long long *)a = HIGH | (unsigned)ret_to;
    }
    racer_done = 1;
    iv_thread_exit();
}

static char stack[STACK] __attribute__((aligned(64)));

/* A calm phase: while paused the monitor looks every 32 to 1,024
 * hostcalls (the window grows while busy, as it can under CPU contention)
 * and resumes after 2.6 ms of CPU under 50,000 hostcalls per second;
 * 400,000 increments of a volatile are 0.1-0.3 ms on the machines we run,
 * so this is under 10,000 a second.  Until fast again, at most 3,000. */
static void calm(void)
{
    for (int i = 0; i < 3000 && !t_streq(returns(), "fast"); i++) {
        for (volatile long k = 0; k < 400000; k++)
            ;
        iv_sched_yield();
    }
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "look";
    /* f is called from one place only (the loop below): any return
     * address the racer sees is that call's. */
    if (t_streq(mode, "look")) {
        report("returns");
        return 0;
    }
    if (t_streq(mode, "flap")) {
        for (int round = 1; round <= 10; round++) {
            for (int i = 0; i < 8000; i++) /* one pause: after 4-6 windows of 1,024 */
                iv_sched_yield();
            calm();
            char name[16] = "round ";
            name[6] = (char)('0' + round / 10);
            name[7] = (char)('0' + round % 10);
            report(name);
        }
        return 0;
    }
    if (t_streq(mode, "busy") || t_streq(mode, "resume")) {
        report("before");
        for (int i = 0; i < 20000; i++)
            iv_sched_yield();
        report("after");
        if (t_streq(mode, "busy"))
            return 0;
        calm();
        report("calm");
        long tid = iv_thread_create(idle, 0, stack + STACK, 0, &racer_tid_word);
        if (tid < 0) {
            t_puts("thread_create failed\n");
            return 1;
        }
        report("thread");
        stop = 1;
        iv_thread_join((int)tid);
        return 0;
    }
    if (t_streq(mode, "capfile") || t_streq(mode, "callee")) {
        report("before");
        long r;
        if (t_streq(mode, "capfile")) {
            r = iv_cap_file_create("fastret", 4096);
            if (r >= 0)
                r = iv_cap_file_map("fastret", 0, IV_PROT_READ | IV_PROT_WRITE);
        } else {
            uint64_t ctx[2] = {(uint64_t)(unsigned long)(stack + STACK), 0};
            r = iv_hc_cap_call_setup(ctx, 1, iv_cap_entry);
        }
        if (IV_IS_ERR(r)) {
            t_puts("setup failed\n");
            return 1;
        }
        report("after");
        return 0;
    }
    int thread = t_streq(mode, "thread");
    if (!thread && !t_streq(mode, "race"))
        return 2;
    if (thread)
        report("before");
    long tid = iv_thread_create(thread ? idle : racer, 0, stack + STACK, 0, &racer_tid_word);
    if (tid < 0) {
        t_puts("thread_create failed\n");
        return 1;
    }
    if (thread) {
        report("after");
    } else {
        /* Bounded: 60 M calls (well under a second). */
        for (long i = 0; i < 60000000; i++)
            f();
        /* No call until the racer stopped writing: the slot is where the
         * next call's return address goes. */
        stop = 1;
        while (!racer_done)
            ;
        t_puts("race done\n");
    }
    stop = 1;
    iv_thread_join((int)tid);
    return 0;
}
