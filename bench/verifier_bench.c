/* Verifier throughput: MiB/s of code verified on a large image, median of
 * several runs, with the Zydis-only decode speed measured in the same run as
 * the baseline.  Usage: verifier_bench IMAGE [RUNS]
 * IMAGE is an ELF image (iv_verify_elf) or, if it is not ELF, raw code
 * verified with iv_verify_code at address 0. */
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <Zydis/Zydis.h>
#include "../verifier/internal.h"

static double clk(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}
static double now(void) { return clk(CLOCK_MONOTONIC); }
/* CPU time of the whole process: on a loaded machine, MiB per CPU-second is
 * a steadier measure than wall-clock MiB/s. */
static double cpu(void) { return clk(CLOCK_PROCESS_CPUTIME_ID); }
static double last_cpu_mibps;

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static const uint8_t *code;
static size_t code_size;
static const uint8_t *img;
static size_t img_size;
static int raw;

static double median(double *t, int n)
{
    qsort(t, (size_t)n, sizeof *t, cmp_d);
    return t[n / 2];
}

/* Time one configuration; returns MiB/s (median over runs). */
static double run_verify(int opts, int runs)
{
    double t[64], tc[64];
    for (int i = 0; i < runs; i++) {
        struct iv_verify_error e;
        double c0 = cpu();
        double t0 = now();
        if (raw ? iv_verify_code_opts(code, code_size, 0, 0, code_size, opts, &e)
                : iv_verify_elf_opts(img, img_size, opts, &e)) {
            fprintf(stderr, "verification failed: 0x%llx: %s: %s\n",
                    (unsigned long long)e.offset, e.insn, e.reason);
            exit(1);
        }
        t[i] = now() - t0;
        tc[i] = cpu() - c0;
    }
    last_cpu_mibps = code_size / 1048576.0 / median(tc, runs);
    return code_size / 1048576.0 / median(t, runs);
}

static double run_zydis(int full, int runs)
{
    ZydisDecoder d;
    ZydisDecoderInit(&d, ZYDIS_MACHINE_MODE_LONG_64, ZYDIS_STACK_WIDTH_64);
    double t[64], tc[64];
    volatile unsigned sink = 0;
    for (int i = 0; i < runs; i++) {
        double c0 = cpu();
        double t0 = now();
        ZydisDecodedInstruction insn;
        ZydisDecodedOperand ops[ZYDIS_MAX_OPERAND_COUNT];
        for (size_t off = 0; off < code_size;) {
            ZyanStatus st = full ? ZydisDecoderDecodeFull(&d, code + off, code_size - off, &insn, ops)
                                 : ZydisDecoderDecodeInstruction(&d, NULL, code + off,
                                                                 code_size - off, &insn);
            off += ZYAN_SUCCESS(st) ? insn.length : 1;
            sink += insn.mnemonic;
        }
        t[i] = now() - t0;
        tc[i] = cpu() - c0;
    }
    (void)sink;
    last_cpu_mibps = code_size / 1048576.0 / median(tc, runs);
    return code_size / 1048576.0 / median(t, runs);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: verifier_bench IMAGE [RUNS]\n");
        return 2;
    }
    int runs = argc > 2 ? atoi(argv[2]) : 7;
    if (runs < 1 || runs > 64)
        runs = 7;
    FILE *f = fopen(argv[1], "rb");
    if (!f) { perror(argv[1]); return 1; }
    fseek(f, 0, SEEK_END);
    img_size = (size_t)ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *buf = malloc(img_size);
    if (!buf || fread(buf, 1, img_size, f) != img_size) { perror("read"); return 1; }
    fclose(f);
    img = buf;
    /* The (first) executable segment, for the Zydis baseline. */
    Elf64_Ehdr eh;
    memset(&eh, 0, sizeof eh);
    if (img_size >= sizeof eh)
        memcpy(&eh, img, sizeof eh);
    if (memcmp(eh.e_ident, ELFMAG, SELFMAG)) {
        raw = 1;
        code = img;
        code_size = img_size;
    }
    for (int i = 0; !raw && i < eh.e_phnum; i++) {
        Elf64_Phdr ph;
        memcpy(&ph, img + eh.e_phoff + (size_t)i * sizeof ph, sizeof ph);
        if (ph.p_type == PT_LOAD && (ph.p_flags & PF_X)) {
            code = img + ph.p_offset;
            code_size = ph.p_filesz;
            break;
        }
    }
    if (!code_size) { fprintf(stderr, "no code\n"); return 1; }
    printf("verifier bench: %s (%s), %.1f MiB of code, median of %d runs\n", argv[1],
           raw ? "raw code" : "ELF image", code_size / 1048576.0, runs);
    double zi = run_zydis(0, runs), zic = last_cpu_mibps;
    double zf = run_zydis(1, runs), zfc = last_cpu_mibps;
    double prod = run_verify(0, runs), prodc = last_cpu_mibps;
    double one = run_verify(IV_OPT_ONE_THREAD, runs), onec = last_cpu_mibps;
    double zy = run_verify(IV_OPT_NO_FASTPATH, runs), zyc = last_cpu_mibps;
    double zy1 = run_verify(IV_OPT_NO_FASTPATH | IV_OPT_ONE_THREAD, runs), zy1c = last_cpu_mibps;
    printf("  %-40s %9s %14s\n", "", "MiB/s", "MiB/CPU-second");
    printf("  %-40s %9.1f %14.1f\n", "zydis decode only (1 thread)", zi, zic);
    printf("  %-40s %9.1f %14.1f\n", "zydis decode + operands (1 thread)", zf, zfc);
    printf("  %-40s %9.1f %14.1f\n", "verifier, production (all CPUs)", prod, prodc);
    printf("  %-40s %9.1f %14.1f\n", "verifier, 1 thread", one, onec);
    printf("  %-40s %9.1f %14.1f\n", "verifier, no fast path, all CPUs", zy, zyc);
    printf("  %-40s %9.1f %14.1f\n", "verifier, no fast path, 1 thread", zy1, zy1c);
    printf("RESULT verifier_mibps=%.1f zydis_decode_mibps=%.1f ratio=%.2f "
           "verifier_1thread_mib_per_cpu_s=%.1f zydis_decode_mib_per_cpu_s=%.1f "
           "target=100 wall:%s per-core:%s\n",
           prod, zi, prod / zi, onec, zic, prod >= 100 ? "MET" : "NOT-MET",
           onec >= 100 ? "MET" : "NOT-MET");
    free(buf);
    return 0;
}
