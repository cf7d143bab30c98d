/* CAP Calls (docs/ipc.md "CAP Calls"): a cVM exports functions by name; a
 * cVM the deployment allows imports them and calls them.  The calling host
 * thread itself runs the callee, on a call context (stack and thread
 * pointer) the callee registered, and comes back: no other thread is
 * involved. */
#ifndef MONITOR_CAPCALL_H
#define MONITOR_CAPCALL_H
#include <stdint.h>

struct cfg;
struct iv_cvm;

/* Records who may call whom (`calls:` in the YAML) and every cVM name of
 * the deployment, before any cVM starts.  0, or -1 with a message. */
int iv_capcall_setup(const struct cfg *c);
/* Under c->lock, from kick_threads: signals the threads of other cVMs that
 * are running inside c. */
void iv_capcall_kick_visitors(struct iv_cvm *c);
/* c has ended (all its own threads are gone): refuses new calls into it
 * (-EPIPE) and kicks the threads still visiting it (their callers get
 * -ECONNRESET).  Returns 1 once none is left in its region (it may then be
 * destroyed), 0 while some are: call again later.  Never blocks. */
int iv_capcall_drain(struct iv_cvm *c);
/* The deployment's cVM `name` is over for good (no restart to come): a
 * callee in cap_serve waiting for it may return. */
void iv_capcall_final(const char *name);
/* c is being destroyed: drops its import table. */
void iv_capcall_forget(struct iv_cvm *c);

long hc_cap_call_setup(uint64_t ctx, uint64_t n, uint64_t entry);
long hc_cap_export(uint64_t name, uint64_t fn);
long hc_cap_import(uint64_t cvm, uint64_t name, uint64_t timeout_ns);
long hc_cap_call(uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5, uint64_t handle);
long hc_cap_return(uint64_t result);
long hc_cap_serve(void);
#endif
