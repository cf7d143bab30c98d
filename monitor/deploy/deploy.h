/* The deployer as a library: the cVMs of validated YAML files (config.h)
 * inside this monitor, for the three front ends — `up` (one file to
 * completion, up.c), the daemon (files added to a running monitor) and the
 * OCI runtime (one cVM from a bundle).  The front ends see only this
 * header; the core stays behind it.
 *
 * One set of cVMs per process (the monitor is one per process).  The
 * caller drives it from one thread: dp_tick() reaps cVMs that are over,
 * restarts them as configured, starts the next cVMs of each file as their
 * `wait` allows and enforces stop grace periods; dp_event_fd() becomes
 * readable whenever a cVM ends, so an event loop polls it. */
#ifndef MONITOR_DEPLOY_H
#define MONITOR_DEPLOY_H
#include <stdint.h>
#include <stdio.h>
#include <json-c/json.h>
#include "deploy/config.h"

struct dp_cvm; /* one deployed cVM (opaque) */

enum dp_state {
    DP_CREATED,     /* added, not started yet */
    DP_RUNNING,     /* started; includes stopping */
    DP_ENDED,       /* ran and ended (status, result) */
    DP_NOT_STARTED, /* never ran: the deployment stopped first */
};

struct dp_opts {
    unsigned max_cvms; /* regions reserved (address space only) */
    /* Output a YAML leaves to the monitor (`inherit`) goes to a pipe per
     * stream instead, read by the caller (dp_output_fd): the daemon's logs. */
    int capture;
    int quiet; /* no "cvm NAME: exited ..." lines on stderr (OCI: stderr is the container's) */
};

/* Monitor-wide set-up.  Once.  0 or -1 (message on stderr). */
int dp_init(const struct dp_opts *o);
/* Installs the seccomp filter (IV_NO_SECCOMP=1 skips it).  allow_open:
 * the caller will load files later (daemon, restarts with a root);
 * extra[0..n): further system calls the front end needs.  0 or -1. */
int dp_lockdown(int allow_open, const int *extra, int n);

/* Adds every capfile and cVM of cfg to the monitor, created but not
 * started; takes ownership of cfg on success (on failure cfg is the
 * caller's).  All or nothing: on any error nothing is added; messages go
 * to errs (FILE:LINE:COLUMN where the file has one).  Returns the number
 * of cVMs added or -1. */
int dp_add(struct cfg *cfg, FILE *errs);
/* Starts the cVMs of the file added last, in file order, honouring `wait`
 * (the later ones are started by dp_tick).  A file never begun keeps its
 * cVMs created until dp_start. */
void dp_begin(void);
/* Reaps, restarts, starts what `wait` allows, ends stopping cVMs whose
 * grace is over.  Returns ms until it wants to run again (-1: when the
 * event fd is readable). */
long dp_tick(void);
/* Readable when a cVM is over (dp_tick clears it). */
int dp_event_fd(void);
/* cVMs started or still to be started by dp_begin/dp_tick. */
int dp_active(void);
/* Set to the signal when SIGINT/SIGTERM ended every cVM; 0 otherwise. */
int dp_stop_signal(void);

/* By name (NULL if none); iteration in deployment order (NULL: first). */
struct dp_cvm *dp_find(const char *name);
struct dp_cvm *dp_next(struct dp_cvm *prev);

/* Operations on one cVM: 0, or -1 with a reason in why (128 bytes). */
int dp_start(struct dp_cvm *d, char *why);
/* Ends it with status 128+sig now (sig 0: SIGTERM -- a program that
 * handles or ignores it is passed it and ended grace_s seconds later if
 * still running; no restart either way). */
int dp_stop(struct dp_cvm *d, int sig, double grace_s, char *why);
/* `kill -s SIG`: posts sig to a running program that handles it (it goes
 * on; core/sigpost.c), else dp_stop(d, sig, 0). */
int dp_signal(struct dp_cvm *d, int sig, char *why);
/* Ends it if running, then starts a new run once it is reaped. */
int dp_restart(struct dp_cvm *d, char *why);
/* Forgets an ended (or never started) cVM. */
int dp_remove(struct dp_cvm *d, char *why);

struct dp_info {
    const char *name, *image, *file;
    enum dp_state state;
    int stopping;
    char hash[65];       /* SHA-256 of the verified image, hex */
    int status;          /* of the last run (state ENDED) */
    const char *result;  /* "exited 0", "fault SIGSEGV", ... */
    int runs, restarts;
    double uptime;       /* seconds of the current run, or of the last */
    uint64_t memory;     /* bytes mapped now (running) or 0 */
    uint64_t peak;       /* highest ever */
    double cpu;          /* CPU-seconds, all runs, live */
};
void dp_info(struct dp_cvm *d, struct dp_info *out);
/* Gives the cVM host fd as its stdin (0), which it then owns (OCI). */
void dp_set_stdin(struct dp_cvm *d, int fd);
/* Bumped each time d ends a run: a waiter compares it. */
int dp_generation(struct dp_cvm *d);
/* The --stats object of one cVM (live values while it runs). */
json_object *dp_stats_json(struct dp_cvm *d);
/* With dp_opts.capture: read end of the pipe of stream n (1: stdout,
 * 2: stderr), or -1 when that output goes elsewhere. */
int dp_output_fd(struct dp_cvm *d, int n);

/* `intravisor up`: runs cfg to completion (up.c) and prints a summary.
 * Returns the monitor's exit status: 0 if every cVM exited 0, 128+sig if
 * stopped by a signal, 1 otherwise. */
struct deploy_opts {
    const char *stats_path; /* --stats: JSON per cVM, or NULL */
};
int deploy_run(struct cfg *cfg, const struct deploy_opts *o);
#endif
