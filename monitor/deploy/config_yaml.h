/* Internal to the YAML parser (config.c, config_yaml.c). */
#ifndef MONITOR_CONFIG_YAML_H
#define MONITOR_CONFIG_YAML_H
#include <stddef.h>
#include <search.h>
#include <stdint.h>
#include <stdio.h>
#include <yaml.h>
#include "deploy/config.h"

#define MAX_ERRORS 50

struct ctx {
    struct cfg *cfg;
    yaml_document_t *doc; /* the document being read */
    int errors;
    FILE *errs; /* where problems are printed */
    /* cVM name -> index + 1 (glibc's hsearch): duplicate and reference
     * checks stay linear in the number of cVMs. */
    struct hsearch_data names;
    int names_ok;
};

static inline yaml_node_t *node(struct ctx *x, yaml_node_item_t i) { return yaml_document_get_node(x->doc, i); }
static inline const char *scalar(yaml_node_t *n) { return (const char *)n->data.scalar.value; }
static inline int is_plain(yaml_node_t *n)
{
    return n->type == YAML_SCALAR_NODE && n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
}
/* YAML's null: a plain ~, null, Null, NULL or nothing ("null" quoted is a string). */
static inline int is_null(yaml_node_t *n)
{
    if (!is_plain(n))
        return 0;
    const char *s = scalar(n);
    return !*s || !strcmp(s, "~") || !strcmp(s, "null") || !strcmp(s, "Null") || !strcmp(s, "NULL");
}

/* Prints "FILE:LINE:COLUMN: message" for mark m and counts it. */
void err_at(struct ctx *x, yaml_mark_t m, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
char *xstrdup(const char *s);
void *xcalloc(size_t n, size_t sz);
/* "a mapping", "a list", "null", "a scalar": for messages. */
const char *type_name(yaml_node_t *n);
/* Typed values: 0, or -1 after reporting "KEY: expected ..., got ..." at n. */
int get_string(struct ctx *x, const char *key, yaml_node_t *n, char **out);
int get_bool(struct ctx *x, const char *key, yaml_node_t *n, int *out);
int get_number(struct ctx *x, const char *key, yaml_node_t *n, double *out);
int get_int(struct ctx *x, const char *key, yaml_node_t *n, long lo, long hi, long *out);
int get_size(struct ctx *x, const char *key, yaml_node_t *n, uint64_t lo, uint64_t hi, uint64_t *out);
/* Index of key node kn in the NULL-terminated keys, or -1 after reporting
 * it as unknown in `what` (with a near-miss suggestion). */
int key_index(struct ctx *x, const char *what, yaml_node_t *kn, const char *const *keys);
/* config.c: why a key unknown in `what` is refused, if it has a special
 * reason (the original Intravisor's keys), else NULL. */
const char *cfg_refused_key(const char *what, const char *key);
/* Calls fn for every known key of mapping `map`; reports non-scalar,
 * repeated and unknown keys. */
typedef void (*field_fn)(struct ctx *x, int k, yaml_node_t *kn, yaml_node_t *vn, void *arg);
void each_field(struct ctx *x, yaml_node_t *map, const char *what, const char *const *keys, field_fn fn, void *arg);
/* p resolved against the directory of the YAML file (malloc'd). */
char *resolve(const struct cfg *c, const char *p);
#endif
