/* Deploying a validated YAML file (config.h) into this monitor. */
#ifndef MONITOR_DEPLOY_H
#define MONITOR_DEPLOY_H
#include "deploy/config.h"

struct deploy_opts {
    const char *stats_path; /* --stats: JSON per cVM, or NULL */
};

/* Creates every cVM (nothing runs unless all of them load), starts them in
 * file order honouring `wait`, restarts failures as configured, stops
 * everything on SIGINT/SIGTERM, prints a summary.  Returns the monitor's
 * exit status: 0 if every cVM exited 0, 128+sig if stopped by a signal,
 * 1 otherwise. */
int deploy_run(struct cfg *cfg, const struct deploy_opts *o);
#endif
