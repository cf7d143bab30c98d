/* Helpers for config.c: libyaml nodes to typed values, each reporting its
 * own problem as FILE:LINE:COLUMN (the node's start mark); key lookup with
 * "did you mean"; shell-like splitting; sizes. */
#include "deploy/config_yaml.h"
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void err_at(struct ctx *x, yaml_mark_t m, const char *fmt, ...)
{
    if (++x->errors > MAX_ERRORS)
        return;
    va_list ap;
    va_start(ap, fmt);
    fprintf(x->errs, "%s:%zu:%zu: ", x->cfg->path, m.line + 1, m.column + 1);
    vfprintf(x->errs, fmt, ap);
    fputc('\n', x->errs);
    va_end(ap);
    if (x->errors == MAX_ERRORS)
        fprintf(x->errs, "%s: too many errors, stopping\n", x->cfg->path);
}

char *xstrdup(const char *s)
{
    char *p = strdup(s);
    if (!p) {
        fprintf(stderr, "intravisor: %s\n", strerror(errno)); /* not perror: it dups (seccomp) */
        exit(1);
    }
    return p;
}

void *xcalloc(size_t n, size_t sz)
{
    void *p = calloc(n ? n : 1, sz);
    if (!p) {
        fprintf(stderr, "intravisor: %s\n", strerror(errno)); /* not perror: it dups (seccomp) */
        exit(1);
    }
    return p;
}




const char *type_name(yaml_node_t *n)
{
    if (n->type == YAML_MAPPING_NODE)
        return "a mapping";
    if (n->type == YAML_SEQUENCE_NODE)
        return "a list";
    if (is_null(n))
        return "null";
    return "a scalar";
}

/* --- typed getters: each reports its own error and returns -1 --------- */

int get_string(struct ctx *x, const char *key, yaml_node_t *n, char **out)
{
    if (n->type != YAML_SCALAR_NODE || is_null(n)) {
        err_at(x, n->start_mark, "%s: expected a string, got %s", key, type_name(n));
        return -1;
    }
    if (strlen(scalar(n)) != n->data.scalar.length) {
        err_at(x, n->start_mark, "%s: string contains a NUL byte", key);
        return -1;
    }
    *out = xstrdup(scalar(n));
    return 0;
}

int get_bool(struct ctx *x, const char *key, yaml_node_t *n, int *out)
{
    static const char *t[] = {"true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON"};
    static const char *f[] = {"false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF"};
    if (is_plain(n))
        for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
            if (!strcmp(scalar(n), t[i]))
                return *out = 1, 0;
            if (!strcmp(scalar(n), f[i]))
                return *out = 0, 0;
        }
    err_at(x, n->start_mark, "%s: expected true or false, got %s%s%s", key,
           n->type == YAML_SCALAR_NODE ? "'" : type_name(n), n->type == YAML_SCALAR_NODE ? scalar(n) : "",
           n->type == YAML_SCALAR_NODE ? "'" : "");
    return -1;
}

int get_number(struct ctx *x, const char *key, yaml_node_t *n, double *out)
{
    if (is_plain(n) && *scalar(n)) {
        char *end;
        errno = 0;
        double v = strtod(scalar(n), &end);
        if (!*end && !errno && isfinite(v))
            return *out = v, 0;
    }
    err_at(x, n->start_mark, "%s: expected a number, got %s%s%s", key,
           n->type == YAML_SCALAR_NODE ? "'" : type_name(n), n->type == YAML_SCALAR_NODE ? scalar(n) : "",
           n->type == YAML_SCALAR_NODE ? "'" : "");
    return -1;
}

int get_int(struct ctx *x, const char *key, yaml_node_t *n, long lo, long hi, long *out)
{
    if (is_plain(n) && *scalar(n)) {
        char *end;
        errno = 0;
        long v = strtol(scalar(n), &end, 10);
        if (!*end && !errno) {
            if (v < lo || v > hi) {
                err_at(x, n->start_mark, "%s: %ld is out of range (%ld to %ld)", key, v, lo, hi);
                return -1;
            }
            return *out = v, 0;
        }
    }
    err_at(x, n->start_mark, "%s: expected an integer, got %s%s%s", key,
           n->type == YAML_SCALAR_NODE ? "'" : type_name(n), n->type == YAML_SCALAR_NODE ? scalar(n) : "",
           n->type == YAML_SCALAR_NODE ? "'" : "");
    return -1;
}

int cfg_parse_size(const char *s, uint64_t *out)
{
    char *end;
    if (*s < '0' || *s > '9')
        return -1;
    errno = 0;
    /* 0x...: the original Intravisor's files write capfile sizes in hex. */
    int hex = s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
    unsigned long long v = strtoull(s, &end, hex ? 16 : 10);
    if (errno || (hex && end == s + 2))
        return -1;
    if (hex && *end)
        return -1; /* no suffixes on hex */
    int shift = 0;
    switch (*end) {
    case 'K': case 'k': shift = 10; break;
    case 'M': case 'm': shift = 20; break;
    case 'G': case 'g': shift = 30; break;
    case 'T': case 't': shift = 40; break;
    }
    if (shift) {
        end++;
        if (*end == 'i')
            end++;
        if (*end == 'B')
            end++;
    } else if (*end == 'B') {
        end++;
    }
    if (*end || (shift && v > (~0ull >> shift)))
        return -1;
    *out = (uint64_t)v << shift;
    return 0;
}

int get_size(struct ctx *x, const char *key, yaml_node_t *n, uint64_t lo, uint64_t hi, uint64_t *out)
{
    if (n->type != YAML_SCALAR_NODE || is_null(n) || cfg_parse_size(scalar(n), out)) {
        err_at(x, n->start_mark, "%s: expected a size like 4096, 64K, 256M or 1G, got %s%s%s", key,
               n->type == YAML_SCALAR_NODE ? "'" : type_name(n), n->type == YAML_SCALAR_NODE ? scalar(n) : "",
               n->type == YAML_SCALAR_NODE ? "'" : "");
        return -1;
    }
    if (*out < lo || *out > hi) {
        err_at(x, n->start_mark, "%s: %s is impossible: must be between %llu and %llu bytes", key, scalar(n),
               (unsigned long long)lo, (unsigned long long)hi);
        return -1;
    }
    return 0;
}

/* --- keys ------------------------------------------------------------ */

static int lev(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 30 || lb > 30)
        return 99;
    int d[32][32];
    for (size_t i = 0; i <= la; i++)
        d[i][0] = (int)i;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = (int)j;
    for (size_t i = 1; i <= la; i++)
        for (size_t j = 1; j <= lb; j++) {
            int c = d[i - 1][j - 1] + ((a[i - 1] | 32) != (b[j - 1] | 32));
            if (d[i - 1][j] + 1 < c)
                c = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < c)
                c = d[i][j - 1] + 1;
            d[i][j] = c;
        }
    return d[la][lb];
}

/* Looks `k` up in the NULL-terminated `keys`.  Unknown: error, with a
 * suggestion when a known key is within two edits. */
int key_index(struct ctx *x, const char *what, yaml_node_t *kn, const char *const *keys)
{
    const char *k = scalar(kn);
    for (int i = 0; keys[i]; i++)
        if (!strcmp(k, keys[i]))
            return i;
    const char *why = cfg_refused_key(what, k);
    if (why) {
        err_at(x, kn->start_mark, "key '%s' %s", k, why);
        return -1;
    }
    const char *best = NULL;
    int bd = 3;
    for (int i = 0; keys[i]; i++) {
        int d = lev(k, keys[i]);
        if (d < bd)
            bd = d, best = keys[i];
    }
    if (best)
        err_at(x, kn->start_mark, "unknown key '%s' in %s (did you mean '%s'?)", k, what, best);
    else
        err_at(x, kn->start_mark, "unknown key '%s' in %s", k, what);
    return -1;
}

/* Iterates a mapping, checking that keys are scalars and not repeated.
 * Calls fn(x, index-into-keys, key node, value node, arg) per known key. */
void each_field(struct ctx *x, yaml_node_t *map, const char *what, const char *const *keys, field_fn fn,
                       void *arg)
{
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
        yaml_node_t *kn = node(x, p->key), *vn = node(x, p->value);
        if (kn->type != YAML_SCALAR_NODE) {
            err_at(x, kn->start_mark, "keys in %s must be plain words", what);
            continue;
        }
        int dup = 0;
        for (yaml_node_pair_t *q = map->data.mapping.pairs.start; q < p; q++) {
            yaml_node_t *qk = node(x, q->key);
            if (qk->type == YAML_SCALAR_NODE && !strcmp(scalar(qk), scalar(kn)))
                dup = 1;
        }
        if (dup) {
            err_at(x, kn->start_mark, "duplicate key '%s' in %s", scalar(kn), what);
            continue;
        }
        int k = key_index(x, what, kn, keys);
        if (k >= 0)
            fn(x, k, kn, vn, arg);
    }
}

char *resolve(const struct cfg *c, const char *p)
{
    if (p[0] == '/')
        return xstrdup(p);
    size_t n = strlen(c->dir) + strlen(p) + 2;
    char *r = xcalloc(n, 1);
    snprintf(r, n, "%s/%s", c->dir, p);
    return r;
}

/* --- shell-like splitting ------------------------------------------- */

int cfg_shell_split(const char *s, char ***words, const char **err)
{
    size_t cap = 8, n = 0, len = strlen(s);
    char **w = xcalloc(cap + 1, sizeof *w);
    char *buf = xcalloc(len + 1, 1);
    const char *p = s;
    for (;;) {
        while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
            p++;
        if (!*p)
            break;
        size_t k = 0;
        while (*p && !(*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) {
            if (*p == '\'') {
                const char *q = strchr(p + 1, '\'');
                if (!q) {
                    *err = "unterminated single quote";
                    goto fail;
                }
                memcpy(buf + k, p + 1, (size_t)(q - p - 1));
                k += (size_t)(q - p - 1);
                p = q + 1;
            } else if (*p == '"') {
                p++;
                while (*p && *p != '"') {
                    /* In double quotes a backslash only escapes these (POSIX). */
                    if (*p == '\\' && p[1] && strchr("\"\\$`\n", p[1]))
                        p++;
                    buf[k++] = *p++;
                }
                if (!*p) {
                    *err = "unterminated double quote";
                    goto fail;
                }
                p++;
            } else if (*p == '\\') {
                if (!p[1]) {
                    *err = "trailing backslash";
                    goto fail;
                }
                buf[k++] = p[1];
                p += 2;
            } else {
                buf[k++] = *p++;
            }
        }
        if (n == cap) {
            cap *= 2;
            char **nw = realloc(w, (cap + 1) * sizeof *w);
            if (!nw)
                goto fail;
            w = nw;
        }
        w[n] = xcalloc(k + 1, 1);
        memcpy(w[n], buf, k);
        n++;
    }
    free(buf);
    w[n] = NULL;
    *words = w;
    return (int)n;
fail:
    for (size_t i = 0; i < n; i++)
        free(w[i]);
    free(w);
    free(buf);
    return -1;
}

/* --- capfiles -------------------------------------------------------- */
