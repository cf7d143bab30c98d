/* libFuzzer harness: the ivcc assembly rewriter (toolchain/rewrite.c).
 *
 * Every input (AT&T assembly text, cut at its first NUL as read_file() would
 * see it) goes through rw_rewrite() in both modes ivcc uses (gcc and clang
 * back end); it must return a defined code and never crash.  When it
 * succeeds and the input is "plain code" (see plain_code()), its output is
 * assembled as ivcc does (clang -c -x assembler) and the object must then
 * pass the verifier: the rewriter's promise is that code it accepts comes
 * out sandboxed.  An object the verifier refuses aborts the run, with the
 * input and the reason on stderr.  Output that does not assemble is a clean
 * failure (ivcc stops there).  IV_FUZZ_ASSEMBLE=0 skips the assembly step
 * (rewriter crashes only; much faster). */
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "intravisor/verifier.h"
#include "toolchain/rewrite.h"

extern char **environ;
static char dir[64], s_path[96], o_path[96];
static int assemble_on = 1;

/* Inputs whose rewritten form need not verify: raw bytes in code (data
 * directives, fill patterns, .insn), directives that turn bundling off or
 * change the code size (.bundle_*, .code16/32), and assembler macros and
 * conditionals, which can make any of these. */
static int plain_code(const char *s)
{
    static const char *const raw[] = {
        ".byte", ".short", ".word", ".long", ".quad", ".int", ".octa", ".asci", ".string",
        ".fill", ".skip", ".space", ".zero", ".incbin", ".insn", ".inst", ".dc", ".value",
        "byte", ".org", ".code", ".bundle", ".rept", ".irp", ".macro", ".if", ".float",
        ".single", ".double", ".hword", ".uleb", ".sleb", ".reloc", ".nops", ".balign",
        ".align", ".p2align", ".sect", ".pushsection", ".popsection", ".previous", ".subsection",
        ".text", ".data", ".bss", ".set", ".equ", "=", ".symver", "\\",
    };
    for (size_t i = 0; i < sizeof raw / sizeof raw[0]; i++)
        if (strstr(s, raw[i]))
            return 0;
    return 1;
}

static void cleanup(void)
{
    unlink(s_path);
    unlink(o_path);
    rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const char *a = getenv("IV_FUZZ_ASSEMBLE");
    assemble_on = !(a && !strcmp(a, "0"));
    snprintf(dir, sizeof dir, "/tmp/iv-fuzz-rewriter.XXXXXX");
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        exit(1);
    }
    snprintf(s_path, sizeof s_path, "%s/in.s", dir);
    snprintf(o_path, sizeof o_path, "%s/in.o", dir);
    atexit(cleanup);
    if (!getenv("IV_FUZZ_VERBOSE")) { /* the rewriter's error messages */
        FILE *null = fopen("/dev/null", "w");
        if (null)
            stderr = null;
    }
    return 0;
}

static uint8_t *read_all(const char *p, size_t *n)
{
    FILE *f = fopen(p, "rb");
    if (!f)
        return NULL;
    uint8_t *b = NULL;
    size_t cap = 0;
    *n = 0;
    for (;;) {
        if (*n == cap) {
            cap = cap ? 2 * cap : 65536;
            b = realloc(b, cap);
        }
        size_t k = fread(b + *n, 1, cap - *n, f);
        if (!k)
            break;
        *n += k;
    }
    fclose(f);
    return b;
}

/* Assembles OUT (rewriter output) like ivcc; if it assembles, it must verify. */
static void assemble_and_verify(const char *out, size_t outlen, const char *input)
{
    FILE *f = fopen(s_path, "w");
    if (!f || fwrite(out, 1, outlen, f) != outlen || fclose(f))
        abort();
    unlink(o_path);
    char *const av[] = {"clang", "-c", "-x", "assembler", s_path, "-o", o_path, NULL};
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", 1 /* O_WRONLY */, 0);
    pid_t pid;
    int st;
    if (posix_spawnp(&pid, "clang", &fa, NULL, av, environ)) {
        fputs("fuzz_rewriter: cannot run clang\n", stdout);
        abort();
    }
    posix_spawn_file_actions_destroy(&fa);
    if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
        return; /* does not assemble: a clean failure */
    size_t n;
    uint8_t *obj = read_all(o_path, &n);
    struct iv_verify_error err;
    /* An instruction outside the verifier's ISA allow-list (or privileged
     * by Zydis's tables) is refused there with a precise message: the
     * rewriter does not mirror the whole allow-list, only the instructions
     * docs/ivcc.md names.  Anything else the verifier refuses is a finding. */
    if (obj && iv_verify_elf(obj, n, &err) && !strstr(err.reason, "not on the allow-list") &&
        !strstr(err.reason, "privileged instruction")) {
        fprintf(stdout, "REWRITER OUTPUT REFUSED by the verifier at object offset 0x%llx: %s (%s)\n"
                        "--- input ---\n%s\n--- output ---\n%.*s\n",
                (unsigned long long)err.offset, err.reason, err.insn, input, (int)outlen, out);
        fflush(stdout);
        abort();
    }
    free(obj);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *in = malloc(size + 1);
    memcpy(in, data, size);
    in[size] = 0;
    for (int rename = 0; rename < 2; rename++) {
        char *out = NULL;
        size_t outlen = 0;
        FILE *f = open_memstream(&out, &outlen);
        struct rw_opts o = {.asm_name = "fuzz.s", .strip_debug = rename, .rename_reserved = rename};
        int rc = rw_rewrite(in, f, &o);
        fclose(f);
        if (rc != RW_OK && rc != RW_ERROR && rc != RW_NO_RENAME) {
            fprintf(stdout, "rw_rewrite returned %d\n", rc);
            abort();
        }
        if (rc == RW_OK && assemble_on && plain_code(in))
            assemble_and_verify(out, outlen, in);
        free(out);
    }
    free(in);
    return 0;
}
