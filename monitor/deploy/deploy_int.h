/* Internal to the deployer library (deploy.c, stats.c, up.c). */
#ifndef MONITOR_DEPLOY_INT_H
#define MONITOR_DEPLOY_INT_H
#include <intravisor/hostcall.h>
#include "net/net.h"
#include "deploy/deploy.h"

struct iv_cvm;

/* One YAML file added (dp_add): owns its struct cfg while any of its cVMs
 * is known; starts its cVMs in order as `wait` allows. */
struct dp_file {
    struct cfg cfg;
    struct dp_cvm **cvms; /* in file order; removed ones leave the list */
    int ncvms, refs;
    int begun, pending;   /* dp_begin called for it; index of the next to start */
    struct dp_cvm *gate_cvm; /* the next waits for this one to end (wait: exit) */
    double gate_until;       /* ... or until this monotonic time */
    struct dp_file *next;
};

struct dp_cvm {
    struct cfg_cvm *v;
    struct dp_file *file;
    struct iv_cvm *c;   /* current run, or NULL */
    enum dp_state state;
    int over;           /* set by on_end (under mu) */
    struct dp_cvm *next_over;     /* in ended_list (under mu) or draining_list */
    struct dp_cvm *next_name;     /* hash chain of names */
    struct dp_cvm *next_stopping; /* in stopping_list (a grace running) */
    int stopping;
    int out_fd, err_fd, in_fd; /* host fds given to the cVM (-1: the monitor's) */
    int cap_out, cap_err;      /* read ends of captured output, or -1 */
    int status, restarts, runs, gen;
    int stop_req, restart_req;
    double kill_at;     /* stop grace: end it at this monotonic time (0: no) */
    char result[48];
    double t_start, t_end, t_run, t_run_real; /* realtime of first start / last end; this run (mono, real) */
    uint64_t cpu_ns, peak;
    uint64_t hc[IV_HC_MAX];
    struct iv_net_stats net; /* ended runs, summed; first[]: of the first runs */
    struct dp_cvm *next;
};

double dp_now_real(void);
double dp_now_mono(void);
struct dp_file *dp_files(void);
/* Hostcalls of slot k made so far by the running cVM d. */
uint64_t dp_live_hc(struct dp_cvm *d, int k);
#endif
