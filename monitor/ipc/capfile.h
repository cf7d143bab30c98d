/* CAP Files (docs/ipc.md): named shared buffers owned by the monitor,
 * mapped into the regions of the cVMs allowed to use them. */
#ifndef MONITOR_IPC_CAPFILE_H
#define MONITOR_IPC_CAPFILE_H
#include <stdint.h>
#include <intravisor/hostcall.h>

struct iv_cvm;

/* Creates a capfile (deployment start or the create hostcall).  `creator`
 * (a cVM name, or NULL for the YAML) gets rw and may grant.  Returns 0 or
 * -errno (-EEXIST, -EINVAL, -ENOMEM). */
long iv_capfile_new(const char *name, uint64_t size, const void *data, uint64_t len,
                    const char *creator);
/* 1 if a capfile of that name exists (a later deployment may not reuse it). */
int iv_capfile_exists(const char *name);
/* A cVM name is declared again (a daemon removed the cVM and deploys a
 * new one under its name): it keeps no access the old one had. */
void iv_capfile_forget_cvm(const char *cvm);
/* Sets what cVM `cvm` may do with capfile `name` (IV_CAP_*), as a grant
 * would, without the permission check (deployment). */
long iv_capfile_set_access(const char *name, const char *cvm, int mode);
/* Copies the NUL-terminated name at cVM address addr (1..IV_CAP_NAME_MAX-1
 * bytes).  0, -EFAULT, -EINVAL (empty) or -ENAMETOOLONG. */
long iv_cap_name_in(struct iv_cvm *c, uint64_t addr, char out[IV_CAP_NAME_MAX]);
/* Registers the per-cVM hook and hostcalls.  Once, at start-up. */
void iv_capfile_register(void);

long hc_cap_file_map(uint64_t name, uint64_t len_out, uint64_t prot);
long hc_cap_file_unmap(uint64_t addr);
long hc_cap_file_read(uint64_t name, uint64_t off, uint64_t buf, uint64_t len);
long hc_cap_file_write(uint64_t name, uint64_t off, uint64_t buf, uint64_t len);
long hc_cap_file_create(uint64_t name, uint64_t size);
long hc_cap_file_grant(uint64_t name, uint64_t cvm, uint64_t mode);
long hc_cap_file_revoke(uint64_t name, uint64_t cvm);
#endif
