/* YAML deployment files (docs/config.md): parsing and validation.  Nothing
 * here starts anything; the deployer (deploy.c) consumes a struct cfg that
 * has passed every check. */
#ifndef MONITOR_CONFIG_H
#define MONITOR_CONFIG_H
#include <stdint.h>
#include <stdio.h>
#include "net/net.h"

struct iv_image;

struct cfg_capfile {
    char *name;
    uint64_t size;
    char *data;     /* initial contents or NULL */
    uint64_t data_len;
};

/* One entry of a cVM's `capfiles` access list. */
struct cfg_access {
    char *name;
    int writable;
};

enum cfg_out { CFG_OUT_INHERIT, CFG_OUT_NULL, CFG_OUT_FILE };
enum cfg_restart { CFG_RESTART_NEVER, CFG_RESTART_ON_FAILURE };

struct cfg_cvm {
    char *name;
    char *runtime;  /* resolved path of the image */
    const struct iv_image *img; /* verified (imgcache) */
    int argc;
    char **argv;    /* argv[0] = runtime as written in the file */
    int nenv;
    char **env;     /* "K=V" */
    char *root;     /* resolved directory or NULL */
    char *cwd;      /* working directory inside root, or NULL (OCI process.cwd; not a YAML key) */
    int rw;
    int small_pages; /* huge_pages: false */
    uint64_t memory; /* bytes */
    uint64_t stack;  /* main-thread stack bytes, 0: default */
    int threads;     /* 0: monitor maximum */
    /* Process-wide shares (core/quota.h); 0: the default. */
    int fds, mappings, reserve_fds, reserve_mappings, reserve_threads;
    double cpu;      /* CPU-seconds limit, 0: none */
    int cpus;        /* CPU allowance shown to the cVM, 0: the host's online CPUs */
    char *hostname;  /* its host name, NULL: its name */
    double timeout;  /* wall seconds, 0: none */
    double wait;     /* -1: wait for exit; N > 0: seconds; 0: none */
    enum cfg_out out_mode, err_mode;
    char *out_path, *err_path; /* resolved, for CFG_OUT_FILE */
    enum cfg_restart restart;
    int restart_limit;
    int ncapfiles;
    struct cfg_access *capfiles;
    int ncalls, nstreams;
    char **calls, **streams; /* names of other cVMs */
    struct iv_net_policy *net; /* `net:` grants, or NULL: none (docs/net.md) */
    int line, col;           /* where the entry starts (1-based) */
};

struct cfg {
    char *path;      /* as given */
    char *dir;       /* directory relative paths resolve against */
    int ncapfiles, ncvms;
    struct cfg_capfile *capfiles;
    struct cfg_cvm *cvms;
};

#define CFG_DEFAULT_MEMORY (256ull << 20)
#define CFG_MAX_MEMORY (3ull << 30)
#define CFG_DEFAULT_RESTART_LIMIT 3
#define CFG_MAX_CVMS 16384 /* 4 GiB regions: 64 TiB of the 128 TiB user address space */
#define CFG_MAX_CPUS 1024

/* 1 if s can be a cVM's host name: 1..IV_HOSTNAME_MAX of [A-Za-z0-9.-]. */
int cfg_hostname_ok(const char *s);

/* Parses and validates FILE (every document in it), including reading and
 * verifying every image.  Prints each problem as "FILE:LINE:COLUMN: message"
 * on stderr.  Returns the number of problems (0: *out is complete). */
int cfg_load(const char *path, struct cfg *out);
/* The same, printing the problems to errs. */
int cfg_load_errs(const char *path, struct cfg *out, FILE *errs);
void cfg_free(struct cfg *c);
/* For front ends that build a cfg_cvm themselves (the OCI runtime): reads
 * and verifies the image at path (named `shown` in messages) into v->img
 * and checks v->memory against it.  0, or -1 with a message on errs. */
int cfg_set_image(struct cfg_cvm *v, const char *path, const char *shown, FILE *errs);
/* Splits a string like a POSIX shell would into words (quotes and
 * backslashes; no expansions).  Returns the word count, or -1 with *err
 * set for an unterminated quote or a trailing backslash. */
int cfg_shell_split(const char *s, char ***words, const char **err);
/* "64M" etc.: K/M/G (optionally followed by "iB" or "B"), powers of 1024. */
int cfg_parse_size(const char *s, uint64_t *out);
#endif
