/* ivcc: a gcc-compatible compiler driver that produces cVM code.
 *
 *   .c/.i  --(gcc|clang -S)-->  .s  --(rewriter)-->  sandboxed .s
 *   .S     --(cpp)-->           .s  --(rewriter)-->  sandboxed .s
 *   sandboxed .s --(clang integrated assembler, bundle mode)--> .o
 *   .o/.a --(ld.lld, static PIE)--> image --(intravisor verify)--> ok
 *
 * Usage and flags: docs/ivcc.md.  The compiler is not trusted; every
 * object and image is handed to the verifier. */
#include "imgmark.h"
#include "readfile.h"
#include "rewrite.h"
#include "spawn.h"
#include "asmlex.h"
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum mode { M_LINK, M_COMPILE, M_ASM, M_PREPROCESS };
enum lang { L_NONE, L_C, L_CPP_OUTPUT, L_ASM, L_ASM_CPP, L_OBJ };

struct input {
    const char *path;
    enum lang lang;
};

static struct {
    enum mode mode;
    const char *out;
    int clang; /* back end */
    const char *backend_cc;
    char *sysroot;
    char bindir[PATH_MAX];
    int verbose, sandboxed_asm, nostdlib, nostartfiles, nodefaultlibs, nostdinc;
    int debug, pic, save_temps, deps_only, md, have_mf, have_mt, shared;
    struct argv cflags;  /* to the compiler, in order */
    struct argv asflags; /* -Wa, */
    struct argv link;    /* objects, -l, -L, -Wl, in order; inputs are placeholders */
    struct input inputs[4096];
    int ninputs;
    char tmpdir[PATH_MAX];
} g;

static void die(const char *fmt, const char *arg)
{
    fprintf(stderr, "ivcc: error: ");
    fprintf(stderr, fmt, arg);
    fputc('\n', stderr);
    exit(1);
}

static int exists(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0;
}

static const char *ext(const char *p)
{
    const char *d = strrchr(p, '.');
    const char *s = strrchr(p, '/');
    return d && (!s || d > s) ? d + 1 : "";
}

static enum lang lang_of(const char *p, enum lang forced)
{
    if (forced != L_NONE)
        return forced;
    const char *e = ext(p);
    if (!strcmp(e, "c"))
        return L_C;
    if (!strcmp(e, "i"))
        return L_CPP_OUTPUT;
    if (!strcmp(e, "s"))
        return L_ASM;
    if (!strcmp(e, "S") || !strcmp(e, "sx"))
        return L_ASM_CPP;
    return L_OBJ; /* .o, .a, and anything else goes to the linker */
}

static enum lang lang_named(const char *x)
{
    if (!strcmp(x, "c"))
        return L_C;
    if (!strcmp(x, "cpp-output"))
        return L_CPP_OUTPUT;
    if (!strcmp(x, "assembler"))
        return L_ASM;
    if (!strcmp(x, "assembler-with-cpp"))
        return L_ASM_CPP;
    if (!strcmp(x, "none"))
        return L_NONE;
    die("unsupported language '-x %s'", x);
    return L_NONE;
}

/* Flags with a separate argument that belong to the compiler. */
static int takes_arg(const char *a)
{
    static const char *const f[] = {"-I", "-D", "-U", "-include", "-imacros", "-isystem", "-iquote",
                                    "-idirafter", "-iprefix", "-iwithprefix", "-MT", "-MQ", "-MF",
                                    "-isysroot", "-std", "-aux-info", "-Xpreprocessor", "--param",
                                    "-mllvm", "-Xclang", NULL};
    for (int i = 0; f[i]; i++)
        if (!strcmp(a, f[i]))
            return 1;
    return 0;
}

/* Passes through queries such as --version or -print-file-name=. */
static int is_query(const char *a)
{
    return !strcmp(a, "--version") || !strncmp(a, "-print-", 7) || !strncmp(a, "-dump", 5) ||
           !strcmp(a, "--help") || !strcmp(a, "-###");
}

static void locate_self(void);

/* The -print-* queries whose answer is about the cVM sysroot rather than
 * the back end's host installation (libtool, CMake and configure scripts
 * ask them).  Returns 1 if every query on the line was answered here. */
static int answer_queries(int argc, char **argv)
{
    locate_self();
    int n = 0, answered = 0;
    char p[PATH_MAX + 64];
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!is_query(a))
            continue;
        n++;
        if (!strcmp(a, "-print-sysroot")) {
            printf("%s\n", g.sysroot);
        } else if (!strncmp(a, "-print-file-name=", 17) && a[17]) {
            snprintf(p, sizeof p, "%s/lib/%s", g.sysroot, a + 17);
            if (!exists(p))
                continue; /* not ours (e.g. "include"): the back end answers */
            printf("%s\n", p);
        } else if (!strcmp(a, "-print-libgcc-file-name")) {
            printf("libgcc.a\n"); /* gcc's answer when there is none: no libgcc for cVMs */
        } else if (!strcmp(a, "-print-multiarch")) {
            printf("\n"); /* the sysroot has no multiarch directories */
        } else if (!strcmp(a, "-print-search-dirs")) {
            printf("install: %s/\nprograms: =%s/\nlibraries: =%s/lib/\n", g.bindir, g.bindir, g.sysroot);
        } else {
            continue;
        }
        answered++;
    }
    return n > 0 && answered == n;
}

static void parse_args(int argc, char **argv)
{
    enum lang forced = L_NONE;
    const char *env = getenv("IVCC_CC");
    g.clang = env && !strcmp(env, "clang");
    if (env && strcmp(env, "clang") && strcmp(env, "gcc") && env[0])
        die("IVCC_CC must be gcc or clang, not '%s'", env);
    const char *sr = getenv("IVCC_SYSROOT");
    if (sr && sr[0])
        g.sysroot = xstrdup(sr);
    int queries = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *next = i + 1 < argc ? argv[i + 1] : NULL;
        if (a[0] != '-' || !strcmp(a, "-")) {
            if (g.ninputs == (int)(sizeof g.inputs / sizeof g.inputs[0]))
                die("too many inputs%s", "");
            g.inputs[g.ninputs] = (struct input){a, lang_of(a, forced)};
            av_pushf(&g.link, "\x01%d", g.ninputs); /* placeholder: the input's object */
            g.ninputs++;
            continue;
        }
        if (!strncmp(a, "--backend=", 10)) {
            if (strcmp(a + 10, "gcc") && strcmp(a + 10, "clang"))
                die("--backend must be gcc or clang, not '%s'", a + 10);
            g.clang = !strcmp(a + 10, "clang");
        } else if (!strncmp(a, "--sysroot=", 10)) {
            free(g.sysroot);
            g.sysroot = xstrdup(a + 10);
        } else if (!strcmp(a, "--sysroot") && next) {
            free(g.sysroot);
            g.sysroot = xstrdup(next);
            i++;
        } else if (!strcmp(a, "-fsfi-sandboxed-asm")) {
            g.sandboxed_asm = 1;
        } else if (!strcmp(a, "-c")) {
            g.mode = M_COMPILE;
        } else if (!strcmp(a, "-S")) {
            g.mode = M_ASM;
        } else if (!strcmp(a, "-E")) {
            g.mode = M_PREPROCESS;
        } else if (!strcmp(a, "-M") || !strcmp(a, "-MM")) {
            g.deps_only = 1;
            av_push(&g.cflags, a);
        } else if (!strcmp(a, "-MD") || !strcmp(a, "-MMD")) {
            g.md = 1;
            av_push(&g.cflags, a);
        } else if (!strcmp(a, "-o") && next) {
            g.out = next;
            i++;
        } else if (!strncmp(a, "-o", 2)) {
            g.out = a + 2;
        } else if (!strcmp(a, "-x") && next) {
            forced = lang_named(next);
            i++;
        } else if (!strncmp(a, "-x", 2)) {
            forced = lang_named(a + 2);
        } else if (!strcmp(a, "-v")) {
            g.verbose = 1;
        } else if (!strcmp(a, "-save-temps") || !strcmp(a, "--save-temps")) {
            g.save_temps = 1;
        } else if (!strcmp(a, "-nostdlib")) {
            g.nostdlib = 1;
        } else if (!strcmp(a, "-nostartfiles")) {
            g.nostartfiles = 1;
        } else if (!strcmp(a, "-nodefaultlibs") || !strcmp(a, "-nolibc")) {
            g.nodefaultlibs = 1;
        } else if (!strcmp(a, "-nostdinc")) {
            g.nostdinc = 1;
            av_push(&g.cflags, a);
        } else if (!strcmp(a, "-shared")) {
            g.shared = 1;
        } else if (!strcmp(a, "-static") || !strcmp(a, "-static-pie") || !strcmp(a, "-pie") ||
                   !strcmp(a, "-no-pie") || !strcmp(a, "-rdynamic") || !strcmp(a, "-static-libgcc") ||
                   !strcmp(a, "-fno-pic") || !strcmp(a, "-fno-PIC") || !strcmp(a, "-fno-pie") ||
                   !strcmp(a, "-fno-PIE") || !strcmp(a, "-fpie") || !strcmp(a, "-fPIE")) {
            /* cVM images are always static PIE; code is always PIE/PIC. */
        } else if (!strncmp(a, "-flto", 5) || !strcmp(a, "-fuse-linker-plugin") || !strcmp(a, "-ffat-lto-objects")) {
            /* The rewriter needs real assembly, not LTO bytecode: ignored. */
        } else if (!strcmp(a, "-fPIC") || !strcmp(a, "-fpic")) {
            g.pic = 1;
            av_push(&g.cflags, a);
        } else if (!strcmp(a, "-m32") || !strcmp(a, "-mx32") || !strcmp(a, "-m16")) {
            die("%s: cVM code is x86-64", a);
        } else if (!strncmp(a, "-l", 2) || !strncmp(a, "-L", 2)) {
            if (strlen(a) == 2 && next) {
                av_pushf(&g.link, "%s%s", a, next);
                i++;
            } else {
                av_push(&g.link, a);
            }
            if (a[1] == 'L' && strlen(a) > 2)
                av_push(&g.cflags, a); /* harmless for the compiler, gcc does too */
        } else if (!strncmp(a, "-Wl,", 4)) {
            char *c = xstrdup(a + 4);
            for (char *t = strtok(c, ","); t; t = strtok(NULL, ","))
                av_push(&g.link, t);
            free(c);
        } else if (!strcmp(a, "-z") && next) {
            /* gcc hands `-z KEYWORD` to the linker (-Wl,-z,relro alike). */
            av_push(&g.link, "-z");
            av_push(&g.link, next);
            i++;
        } else if (!strncmp(a, "-z", 2) && a[2]) {
            av_push(&g.link, "-z");
            av_push(&g.link, a + 2);
        } else if (!strcmp(a, "-Xlinker") && next) {
            av_push(&g.link, next);
            i++;
        } else if (!strncmp(a, "-Wa,", 4)) {
            av_push(&g.asflags, a);
        } else if (!strcmp(a, "-Xassembler") && next) {
            av_pushf(&g.asflags, "-Wa,%s", next);
            i++;
        } else if (!strcmp(a, "-s")) {
            av_push(&g.link, "--strip-all");
        } else if (!strcmp(a, "-pthread")) {
            av_push(&g.cflags, a); /* defines _REENTRANT; threads live in libc */
        } else if (!strncmp(a, "-g", 2)) {
            g.debug = strcmp(a, "-g0") != 0;
            av_push(&g.cflags, a);
        } else if (is_query(a)) {
            queries = 1;
            av_push(&g.cflags, a);
        } else {
            if (!strcmp(a, "-MF"))
                g.have_mf = 1;
            if (!strcmp(a, "-MT") || !strcmp(a, "-MQ"))
                g.have_mt = 1;
            av_push(&g.cflags, a);
            if (takes_arg(a) && next) {
                av_push(&g.cflags, next);
                i++;
            }
        }
    }
    g.backend_cc = g.clang ? "clang" : "gcc";
    if (queries && answer_queries(argc, argv))
        exit(0);
    if (queries || (g.ninputs == 0 && argc > 1 && !g.shared)) {
        /* ivcc --version, ivcc -print-file-name=include, ivcc -v ... */
        struct argv a = {0};
        av_push(&a, g.backend_cc);
        for (int i = 1; i < argc; i++)
            if (strncmp(argv[i], "--backend=", 10))
                av_push(&a, argv[i]);
        if (g.verbose && !queries && g.ninputs == 0)
            fprintf(stderr, "ivcc: cVM compiler driver, back end %s\n", g.backend_cc);
        exit(run(&a, 0, NULL));
    }
    if (g.ninputs == 0)
        die("no input files%s", "");
}

static void locate_self(void)
{
    char self[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0)
        die("cannot find my own binary%s", "");
    self[n] = 0;
    snprintf(g.bindir, sizeof g.bindir, "%s", dirname(self));
    if (!g.sysroot) {
        char p[PATH_MAX + 16];
        snprintf(p, sizeof p, "%s/../sysroot", g.bindir);
        g.sysroot = xstrdup(p);
    }
}

static const char *tmpfile_for(const char *in, const char *suffix)
{
    static int counter;
    if (!g.tmpdir[0]) {
        const char *t = getenv("TMPDIR");
        snprintf(g.tmpdir, sizeof g.tmpdir, "%s/ivcc.XXXXXX", t && t[0] ? t : "/tmp");
        if (!mkdtemp(g.tmpdir))
            die("cannot create a temporary directory: %s", strerror(errno));
    }
    char base[256];
    snprintf(base, sizeof base, "%s", in);
    char *b = basename(base);
    char *dot = strrchr(b, '.');
    if (dot)
        *dot = 0;
    char *p = NULL;
    if (asprintf(&p, "%s/%d-%s%s", g.tmpdir, counter++, b, suffix) < 0)
        die("out of memory%s", "");
    return p;
}

static void cleanup(void)
{
    if (!g.tmpdir[0])
        return;
    if (g.save_temps) {
        fprintf(stderr, "ivcc: temporaries kept in %s\n", g.tmpdir);
        return;
    }
    struct argv a = {0};
    av_push(&a, "rm");
    av_push(&a, "-rf");
    av_push(&a, g.tmpdir);
    run(&a, 0, NULL);
    av_free(&a);
}

/* The include path: the cVM sysroot's headers, then the compiler's own
 * (stddef.h, stdarg.h, intrinsics), and never the host's /usr/include. */
static void include_flags(struct argv *a)
{
    if (g.nostdinc)
        return;
    av_push(a, "-nostdinc");
    char p[PATH_MAX + 16];
    snprintf(p, sizeof p, "%s/include", g.sysroot);
    if (exists(p)) {
        av_push(a, "-isystem");
        av_push(a, p);
    }
    /* Ask the back end where its builtin headers live (once). */
    static char out[PATH_MAX + 64];
    if (out[0]) {
        av_push(a, "-isystem");
        av_push(a, out);
        return;
    }
    const char *q = tmpfile_for("builtin", ".txt");
    struct argv c = {0};
    av_push(&c, g.backend_cc);
    av_push(&c, g.clang ? "-print-resource-dir" : "-print-file-name=include");
    int rc = run(&c, 0, q);
    av_free(&c);
    char *txt = rc == 0 ? read_file(q) : NULL;
    if (txt) {
        txt[strcspn(txt, "\n")] = 0;
        snprintf(out, sizeof out, "%s%s", txt, g.clang ? "/include" : "");
        av_push(a, "-isystem");
        av_push(a, out);
        free(txt);
    }
}

static void common_cflags(struct argv *a, int for_cpp_only)
{
    av_push(a, g.backend_cc);
    if (!for_cpp_only) {
        /* Before the user's flags, so they can be overridden. */
        av_push(a, "-fno-stack-protector");
        /* Jump tables are left on (the compiler's default): their targets
         * are address-taken labels, which the rewriter starts on bundles.
         * Measured on an idle machine, they make SQLite's interpreter
         * (a ~190-case switch) 4 % faster and Lua no slower
         * (docs/benchmarks.md); -fno-jump-tables turns them off. */
    }
    include_flags(a);
    for (int i = 0; i < g.cflags.n; i++)
        av_push(a, g.cflags.v[i]);
    if (for_cpp_only)
        return;
    /* After the user's flags: the contract needs these. */
    if (!g.pic)
        av_push(a, "-fPIE");
    av_push(a, "-fcf-protection=none");  /* no endbr64: bundles do its job */
    av_push(a, "-ftls-model=initial-exec"); /* no __tls_get_addr; lld relaxes to local-exec */
    /* TLS only through a loaded thread pointer (`movq %fs:0, %reg`), which
     * the rewriter points at the word the monitor keeps it in (docs/sfi.md
     * section 7); no other %fs operand can be expressed in a cVM. */
    av_push(a, "-mno-tls-direct-seg-refs");
    /* The stack protector's canary from musl's __stack_chk_guard, not from
     * %fs:0x28 (the monitor's own canary slot); musl sets both alike. */
    av_push(a, "-mstack-protector-guard=global");
    if (g.clang) {
        /* r14 cannot be reserved in LLVM 14: see rename.c. */
    } else {
        av_push(a, "-ffixed-r14");
        av_push(a, "-mstringop-strategy=libcall"); /* never rep movs/stos */
        /* gcc's interprocedural register allocation lets a caller keep a
         * value in r11 across a call to a local function that does not
         * touch r11; our return sequence (pop %r11; mask; jmp) does. */
        av_push(a, "-fno-ipa-ra");
    }
    if (g.debug && !g.clang) {
        /* gcc 12's DWARF 5 ".file 0" and ".loc ... view" are not understood
         * by LLVM 14's assembler, which assembles everything here. */
        av_push(a, "-gdwarf-4");
        av_push(a, "-gno-variable-location-views");
    }
    if (!g.debug) {
        /* Line tables only so that rewriter errors can name the C line;
         * the rewriter drops them again. */
        av_push(a, g.clang ? "-gline-tables-only" : "-g1");
    }
}

static void dep_flags(struct argv *a, const char *obj)
{
    if (!g.md)
        return;
    if (!g.have_mf) {
        char *d = xstrdup(obj);
        char *dot = strrchr(d, '.');
        if (dot && dot > strrchr(d, '/') && !strcmp(dot, ".o"))
            *dot = 0;
        av_push(a, "-MF");
        av_pushf(a, "%s.d", d);
        free(d);
    }
    if (!g.have_mt) {
        av_push(a, "-MT");
        av_push(a, obj);
    }
}

static int verify(const char *path)
{
    const char *v = getenv("IVCC_VERIFIER");
    char p[PATH_MAX + 16];
    if (!v || !v[0]) {
        snprintf(p, sizeof p, "%s/intravisor", g.bindir);
        v = p;
    }
    if (!strcmp(path, "/dev/null"))
        return 0;
    const char *nv = getenv("IVCC_NO_VERIFY");
    if (nv && !strcmp(nv, "1")) {
        static int warned;
        if (!warned++)
            fprintf(stderr, "ivcc: warning: IVCC_NO_VERIFY=1: output not verified\n");
        return 0;
    }
    if (!exists(v)) {
        /* Fail closed: nothing leaves ivcc unverified by accident. */
        fprintf(stderr, "ivcc: error: verifier %s not found (build it, or set IVCC_VERIFIER); %s not kept\n",
                v, path);
        remove(path);
        return 1;
    }
    struct argv a = {0};
    av_push(&a, v);
    av_push(&a, "verify");
    av_push(&a, path);
    int rc = run(&a, g.verbose, NULL);
    av_free(&a);
    if (rc == 126 || rc == 127) {
        fprintf(stderr, "ivcc: error: cannot run the verifier %s; %s not kept\n", v, path);
        remove(path);
        return 1;
    }
    if (rc != 0) {
        fprintf(stderr, "ivcc: error: %s was rejected by the verifier\n", path);
        remove(path);
        return 1;
    }
    return 0;
}

/* Sandboxed assembly IN -> object OUT. */
static int assemble(const char *in, const char *out)
{
    struct argv a = {0};
    av_push(&a, "clang");
    av_push(&a, "-c");
    av_push(&a, "-x");
    av_push(&a, "assembler");
    for (int i = 0; i < g.asflags.n; i++)
        av_push(&a, g.asflags.v[i]);
    av_push(&a, in);
    av_push(&a, "-o");
    av_push(&a, out);
    int rc = run(&a, g.verbose, NULL);
    av_free(&a);
    return rc ? 1 : 0;
}

/* Rewrites IN to OUT; pass-through mode only turns on bundling. */
static int rewrite(const char *in, const char *out, int compiled, const char *src)
{
    char *buf = read_file(in);
    if (!buf) {
        perror(in);
        return -1;
    }
    int to_stdout = !strcmp(out, "-"); /* ivcc -S -o - */
    FILE *f = to_stdout ? stdout : fopen(out, "w");
    if (!f) {
        perror(out);
        free(buf);
        return -1;
    }
    int rc;
    if (g.sandboxed_asm && !compiled) {
        fprintf(f, "\t.bundle_align_mode 5\n%s\n", buf);
        rc = RW_OK;
    } else {
        struct rw_opts o = {.asm_name = src, .strip_debug = compiled && !g.debug, .rename_reserved = compiled && g.clang, .verbose = g.verbose,
                              .compiler_output = compiled};
        rc = rw_rewrite(buf, f, &o);
    }
    free(buf);
    if ((to_stdout ? fflush(f) : fclose(f)) != 0)
        rc = RW_ERROR;
    return rc;
}

/* The target named in dependency output: the object (or, with -S, the
 * assembly) being made; in a one-step compile-and-link, BASE.o as gcc does. */
static char *dep_target(const struct input *in, const char *final)
{
    if (g.mode != M_LINK)
        return xstrdup(final);
    char *p = xstrdup(in->path);
    char *b = basename(p), *r = NULL;
    char *dot = strrchr(b, '.');
    if (dot)
        *dot = 0;
    if (asprintf(&r, "%s.o", b) < 0)
        die("out of memory%s", "");
    free(p);
    return r;
}

static int compile_c(const struct input *in, const char *asm_out, const char *final, int stress)
{
    struct argv a = {0};
    common_cflags(&a, 0);
    if (stress) {
        /* Fallback: limit every register class to its first 12 registers
         * in allocation order (9 caller-saved, rbx, r14, r15), so r12 and
         * r13 are never allocated and renaming always succeeds. */
        av_push(&a, "-mllvm");
        av_push(&a, "-stress-regalloc=12");
    }
    char *dt = dep_target(in, final);
    dep_flags(&a, dt);
    free(dt);
    av_push(&a, "-S");
    /* Say the language: the input may be "-" or have any name (-x c). */
    av_push(&a, "-x");
    av_push(&a, in->lang == L_CPP_OUTPUT ? "cpp-output" : "c");
    av_push(&a, in->path);
    av_push(&a, "-o");
    av_push(&a, asm_out);
    int rc = run(&a, g.verbose, NULL);
    av_free(&a);
    return rc;
}

/* Compiles or assembles one input into an object (or, with -S, into
 * sandboxed assembly at FINAL). */
static int build_one(const struct input *in, const char *final)
{
    const char *raw, *sand;
    int compiled = in->lang == L_C || in->lang == L_CPP_OUTPUT;
    sand = g.mode == M_ASM ? final : tmpfile_for(in->path, ".sfi.s");
    if (compiled) {
        raw = tmpfile_for(in->path, ".s");
        if (compile_c(in, raw, final, 0))
            return 1;
        int rc = rewrite(raw, sand, 1, in->path);
        if (rc == RW_NO_RENAME && g.clang) {
            if (g.verbose)
                fprintf(stderr, "ivcc: recompiling %s with r12/r13 unallocated\n", in->path);
            if (compile_c(in, raw, final, 1))
                return 1;
            rc = rewrite(raw, sand, 1, in->path);
            if (rc == RW_NO_RENAME)
                fprintf(stderr, "ivcc: error: %s: clang uses r14 in a function with no free register to "
                                "move them to (try --backend=gcc)\n", in->path);
        }
        if (rc != RW_OK) {
            remove(sand);
            return 1;
        }
    } else if (in->lang == L_ASM_CPP) {
        raw = tmpfile_for(in->path, ".s");
        struct argv a = {0};
        common_cflags(&a, 1);
        char *dt = dep_target(in, final);
        dep_flags(&a, dt);
        free(dt);
        av_push(&a, "-E");
        av_push(&a, "-x");
        av_push(&a, "assembler-with-cpp");
        av_push(&a, in->path);
        av_push(&a, "-o");
        av_push(&a, raw);
        int rc = run(&a, g.verbose, NULL);
        av_free(&a);
        if (rc || rewrite(raw, sand, 0, in->path) != RW_OK) {
            remove(sand);
            return 1;
        }
    } else {
        if (rewrite(in->path, sand, 0, in->path) != RW_OK) {
            remove(sand);
            return 1;
        }
    }
    if (g.mode == M_ASM)
        return 0;
    if (assemble(sand, final))
        return 1;
    return verify(final);
}

static char *object_name(const char *in)
{
    char base[PATH_MAX];
    snprintf(base, sizeof base, "%s", in);
    char *b = basename(base);
    char *dot = strrchr(b, '.');
    if (dot)
        *dot = 0;
    char *p = NULL;
    if (asprintf(&p, "%s.%s", b, g.mode == M_ASM ? "s" : "o") < 0)
        die("out of memory%s", "");
    return p;
}

static int preprocess(void)
{
    struct argv a = {0};
    common_cflags(&a, 1);
    av_push(&a, "-E");
    for (int i = 0; i < g.ninputs; i++) {
        if (g.inputs[i].lang == L_ASM_CPP) {
            av_push(&a, "-x");
            av_push(&a, "assembler-with-cpp");
        }
        av_push(&a, g.inputs[i].path);
    }
    if (g.out) {
        av_push(&a, "-o");
        av_push(&a, g.out);
    }
    int rc = run(&a, g.verbose, NULL);
    av_free(&a);
    return rc ? 1 : 0;
}

#define NATIVE_MESSAGE "intravisor cVM image: run it with intravisor run FILE, or intravisor binfmt install."

/* -shared, as static-only toolchains (Emscripten) answer it: the "shared
 * library" is one relocatable object (ld -r) of its inputs, under the name
 * asked for.  A later link takes it by path, or through -lNAME when no
 * libNAME.a is found (resolve_lib); its code is then linked statically.
 * -soname, version scripts and other -Wl options are for dynamic linking
 * and are dropped here. */
static int link_shared(char **objs)
{
    const char *out = g.out ? g.out : "a.out";
    struct argv a = {0};
    av_push(&a, "ld.lld");
    av_push(&a, "-r");
    av_push(&a, "-o");
    av_push(&a, out);
    for (int i = 0; i < g.link.n; i++)
        if (g.link.v[i][0] == '\x01')
            av_push(&a, objs[atoi(g.link.v[i] + 1)]);
    int rc = run(&a, g.verbose, NULL);
    av_free(&a);
    if (rc) {
        remove(out);
        return 1;
    }
    return verify(out);
}

/* -lNAME: lld (-static) looks for libNAME.a only; a libNAME.so that
 * `ivcc -shared` made is taken by path when no libNAME.a comes first in
 * the same search order (the -L directories, then the sysroot). */
static const char *resolve_lib(const char *l, char *buf, size_t cap)
{
    if (strncmp(l, "-l", 2) || l[2] == ':')
        return l;
    for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; i <= g.link.n; i++) {
            char dir[PATH_MAX];
            if (i < g.link.n && !strncmp(g.link.v[i], "-L", 2))
                snprintf(dir, sizeof dir, "%s", g.link.v[i] + 2);
            else if (i == g.link.n)
                snprintf(dir, sizeof dir, "%s/lib", g.sysroot);
            else
                continue;
            snprintf(buf, cap, "%s/lib%s.%s", dir, l + 2, pass ? "so" : "a");
            if (exists(buf))
                return pass ? buf : l;
        }
    }
    return l;
}

static int link_image(char **objs)
{
    const char *out = g.out ? g.out : "a.out";
    struct argv a = {0};
    av_push(&a, "ld.lld");
    /* Static PIE linked at 0, code on its own pages, no text relocations;
     * lld pads code with int3, which the contract allows. */
    /* The "interpreter" is a message, not a path: iv_mark_image cuts its
     * NUL, so the kernel refuses to run the image natively (ENOEXEC, a
     * shell's exit 126) and `file` shows the message. */
    const char *fixed[] = {"-pie", "--dynamic-linker=" NATIVE_MESSAGE, "-static", "-z", "separate-code", "-z",
                           "max-page-size=4096", "-z", "noexecstack", "-z", "text",
                           "--pack-dyn-relocs=none", "--build-id=none", "-o", NULL};
    for (int i = 0; fixed[i]; i++)
        av_push(&a, fixed[i]);
    av_push(&a, out);
    char p[PATH_MAX + 32];
    int startfiles = !g.nostdlib && !g.nostartfiles;
    int libs = !g.nostdlib && !g.nodefaultlibs;
    if (startfiles) {
        snprintf(p, sizeof p, "%s/lib/crt1.o", g.sysroot);
        if (!exists(p))
            die("no C start file %s (build the cVM sysroot, or use -nostartfiles / -nostdlib)", p);
        av_push(&a, p);
        snprintf(p, sizeof p, "%s/lib/crti.o", g.sysroot);
        if (exists(p))
            av_push(&a, p);
    }
    for (int i = 0; i < g.link.n; i++) {
        const char *l = g.link.v[i];
        char lib[PATH_MAX + 32];
        if (l[0] == '\x01')
            av_push(&a, objs[atoi(l + 1)]);
        else
            av_push(&a, resolve_lib(l, lib, sizeof lib));
    }
    if (libs) {
        snprintf(p, sizeof p, "%s/lib", g.sysroot);
        av_pushf(&a, "-L%s", p);
        snprintf(p, sizeof p, "%s/lib/libc.a", g.sysroot);
        if (!exists(p))
            die("no C library %s (build the cVM sysroot, or use -nostdlib / -nodefaultlibs)", p);
        av_push(&a, p);
    }
    if (startfiles) {
        snprintf(p, sizeof p, "%s/lib/crtn.o", g.sysroot);
        if (exists(p))
            av_push(&a, p);
    }
    int rc = run(&a, g.verbose, NULL);
    av_free(&a);
    if (rc || iv_mark_image(out, 1)) {
        remove(out);
        return 1;
    }
    return verify(out);
}

/* The driver is a short-lived process that, like gcc's, leaves its few
 * small allocations (argument vectors, file names) to exit.  The rewriter
 * it calls frees everything and is leak-checked through iv-rewrite. */
const char *__asan_default_options(void);
const char *__asan_default_options(void) { return "detect_leaks=0"; }

int main(int argc, char **argv)
{
    parse_args(argc, argv);
    locate_self();
    atexit(cleanup);
    if (g.mode == M_PREPROCESS || g.deps_only)
        return preprocess();
    int nsrc = 0;
    for (int i = 0; i < g.ninputs; i++)
        nsrc += g.inputs[i].lang != L_OBJ;
    if (g.out && g.mode != M_LINK && nsrc > 1)
        die("-o with -c or -S and several inputs%s", "");
    char **objs = xrealloc(NULL, (size_t)g.ninputs * sizeof *objs);
    int failed = 0;
    for (int i = 0; i < g.ninputs; i++) {
        const struct input *in = &g.inputs[i];
        objs[i] = NULL;
        if (in->lang == L_OBJ) {
            objs[i] = xstrdup(in->path);
            continue;
        }
        if (g.mode == M_LINK)
            objs[i] = (char *)tmpfile_for(in->path, ".o");
        else
            objs[i] = g.out ? xstrdup(g.out) : object_name(in->path);
        if (build_one(in, objs[i]))
            failed = 1;
    }
    if (failed)
        return 1;
    if (g.mode != M_LINK)
        return 0;
    return g.shared ? link_shared(objs) : link_image(objs);
}
