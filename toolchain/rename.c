/* Moving r14 out of clang's output.
 *
 * LLVM 14 cannot reserve r14 on x86-64 (no -ffixed-r14), so the register
 * allocator may use it like any callee-saved register.  r14 is
 * callee-saved, so if a function uses it and some other callee-saved
 * register (r13, r12, rbx, rbp) is not mentioned anywhere in that
 * function, renaming every mention of r14 to the latter gives an
 * equivalent function: the prologue saves and the epilogue restores the
 * new register instead, and no implicit use of r14 exists in the ISA.
 * (r15 was reserved too until the thread pointer moved out of it:
 * docs/sfi.md section 7.)
 * rbx is not used as a substitute where cpuid/cmpxchg8b/cmpxchg16b use it
 * implicitly, nor rbp where leave/enter do.
 *
 * Uses inside inline asm (#APP..#NO_APP) alone are the programmer's own
 * (e.g. reading the region base from r14) and are left alone; the compiler
 * allocating the register shows up outside inline asm (at least in the
 * prologue's save).  When no substitute is free, ivcc recompiles the
 * translation unit with the allocator limited so that r12/r13 are never
 * allocated (see ivcc.c), and renaming then always succeeds. */
#include "rename.h"
#include <stdlib.h>
#include <string.h>

/* Substitute candidates, in order of preference. */
static const enum reg_family candidates[] = {R_13, R_12, R_BX, R_BP};
#define NCAND (sizeof candidates / sizeof candidates[0])

struct scan {
    int used[R_NFAMILIES];     /* mentioned anywhere */
    int outside[R_NFAMILIES];  /* mentioned outside inline asm */
    int implicit_bx, implicit_bp;
};

static void scan_text(const char *t, int in_app, struct scan *sc)
{
    for (const char *p = strchr(t, '%'); p; p = strchr(p + 1, '%')) {
        size_t n = 0;
        while (p[1 + n] >= 'a' && p[1 + n] <= 'z') n++;
        while ((p[1 + n] >= 'a' && p[1 + n] <= 'z') || (p[1 + n] >= '0' && p[1 + n] <= '9')) n++;
        struct reg r;
        if (n && reg_parse(p + 1, n, &r) == 0) {
            sc->used[r.fam] = 1;
            if (!in_app)
                sc->outside[r.fam] = 1;
        }
    }
    if (strstr(t, "cpuid") || strstr(t, "cmpxchg8b") || strstr(t, "cmpxchg16b"))
        sc->implicit_bx = 1;
    if (strstr(t, "leave") || strstr(t, "enter"))
        sc->implicit_bp = 1;
}

/* Rewrites every mention of family FROM in T to family TO (same width). */
static char *subst(const char *t, enum reg_family from, enum reg_family to)
{
    size_t cap = strlen(t) + 16, n = 0;
    char *o = xrealloc(NULL, cap);
    for (const char *p = t; *p;) {
        if (*p == '%') {
            size_t k = 0;
            while ((p[1 + k] >= 'a' && p[1 + k] <= 'z') || (p[1 + k] >= '0' && p[1 + k] <= '9')) k++;
            struct reg r;
            if (k && reg_parse(p + 1, k, &r) == 0 && r.fam == from) {
                const char *nn = reg_name(to, r.width);
                size_t l = strlen(nn);
                if (n + l + 2 >= cap)
                    o = xrealloc(o, cap = 2 * cap + l);
                o[n++] = '%';
                memcpy(o + n, nn, l);
                n += l;
                p += 1 + k;
                continue;
            }
        }
        if (n + 2 >= cap)
            o = xrealloc(o, cap *= 2);
        o[n++] = *p++;
    }
    o[n] = 0;
    return o;
}

/* The names given to ".type NAME,@function", sorted for bsearch. */
struct names {
    char **v;
    size_t n;
};

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void collect_functions(struct stmts *s, struct names *fn)
{
    size_t cap = 0;
    for (size_t i = 0; i < s->n; i++) {
        const char *t = s->v[i].text;
        if (s->v[i].kind != ST_TEXT || strncmp(t, ".type", 5) != 0 || !strstr(t, "function"))
            continue;
        const char *a = t + 5;
        while (*a == ' ' || *a == '\t') a++;
        size_t len = strcspn(a, ", \t");
        if (fn->n == cap)
            fn->v = xrealloc(fn->v, (cap = cap ? 2 * cap : 64) * sizeof *fn->v);
        fn->v[fn->n++] = xstrndup(a, len);
    }
    if (fn->n)
        qsort(fn->v, fn->n, sizeof *fn->v, cmp_str);
}

static int is_function(const struct names *fn, const char *name, size_t len)
{
    char *key = xstrndup(name, len);
    int found = fn->n && bsearch(&key, fn->v, fn->n, sizeof *fn->v, cmp_str) != NULL;
    free(key);
    return found;
}

static int ends_function(const char *t, const char *name, size_t len)
{
    if (strncmp(t, ".size", 5) != 0)
        return 0;
    const char *a = t + 5;
    while (*a == ' ' || *a == '\t') a++;
    return strncmp(a, name, len) == 0 && (a[len] == ',' || a[len] == ' ');
}

static int rename_function(struct stmts *s, size_t from, size_t to)
{
    struct scan sc;
    memset(&sc, 0, sizeof sc);
    int in_app = 0;
    for (size_t i = from; i < to; i++) {
        if (s->v[i].kind == ST_APP) in_app = 1;
        else if (s->v[i].kind == ST_NOAPP) in_app = 0;
        else if (s->v[i].kind == ST_TEXT) scan_text(s->v[i].text, in_app, &sc);
    }
    const enum reg_family reserved[] = {R_14};
    int taken[R_NFAMILIES] = {0};
    for (size_t k = 0; k < sizeof reserved / sizeof reserved[0]; k++) {
        enum reg_family r = reserved[k];
        if (!sc.outside[r])
            continue;
        enum reg_family to_fam = R_NONE;
        for (size_t c = 0; c < NCAND; c++) {
            enum reg_family f = candidates[c];
            if (sc.used[f] || taken[f] || (f == R_BX && sc.implicit_bx) || (f == R_BP && sc.implicit_bp))
                continue;
            to_fam = f;
            break;
        }
        if (to_fam == R_NONE)
            return -1;
        taken[to_fam] = 1;
        for (size_t i = from; i < to; i++) {
            if (s->v[i].kind != ST_TEXT) continue;
            char *n = subst(s->v[i].text, r, to_fam);
            free(s->v[i].text);
            s->v[i].text = n;
        }
    }
    return 0;
}

int rename_reserved(struct stmts *s, char **bad)
{
    int rc = 0;
    struct names fn = {0};
    collect_functions(s, &fn);
    for (size_t i = 0; i < s->n; i++) {
        const char *rest;
        size_t len;
        if (s->v[i].kind != ST_TEXT || !(len = lex_label(s->v[i].text, &rest)))
            continue;
        char *name = xstrndup(s->v[i].text, len); /* the text may be replaced */
        if (!is_function(&fn, name, len)) {
            free(name);
            continue;
        }
        size_t end = i + 1;
        while (end < s->n && !(s->v[end].kind == ST_TEXT && ends_function(s->v[end].text, name, len)))
            end++;
        if (rename_function(s, i, end) != 0) {
            if (!*bad)
                *bad = xstrdup(name);
            rc = -1;
        }
        free(name);
        i = end < s->n ? end : i;
    }
    for (size_t i = 0; i < fn.n; i++)
        free(fn.v[i]);
    free(fn.v);
    return rc;
}
