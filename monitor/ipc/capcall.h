/* CAP Calls (docs/ipc.md "CAP Calls"): a cVM exports functions by name; a
 * cVM the deployment allows imports them and calls them.  The function
 * runs on a call context (stack and thread pointer) the callee registered:
 * on the calling host thread itself (migrate), or on a worker thread of
 * that context living in the callee (hand-off; docs/ipc.md "Two paths"). */
#ifndef MONITOR_IPC_CAPCALL_H
#define MONITOR_IPC_CAPCALL_H
#include <stdint.h>

/* Registers the per-cVM hooks and hostcalls.  Once, at start-up. */
void iv_capcall_register(void);
/* cVM `name` exists and may call calls[0..ncalls) (`calls:` in YAML).
 * Before it starts.  0, or -1 with a message. */
int iv_capcall_declare(const char *name, int ncalls, char *const *calls);
/* 1 if a cVM of that name was declared before (in this monitor). */
int iv_capcall_known(const char *name);
/* The deployment's cVM `name` is over for good (no restart to come): a
 * callee in cap_serve waiting for it may return. */
void iv_capcall_final(const char *name);

long hc_cap_call_setup(uint64_t ctx, uint64_t n, uint64_t entry);
long hc_cap_export(uint64_t name, uint64_t fn);
long hc_cap_import(uint64_t cvm, uint64_t name, uint64_t timeout_ns);
long hc_cap_call(uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5, uint64_t handle);
long hc_cap_return(uint64_t result);
long hc_cap_serve(void);
#endif
