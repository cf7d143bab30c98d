/* ipc/: the three sharing primitives between cVMs (docs/ipc.md) — CAP
 * Files (capfile.c), CAP Streams (capstream.c, virtual files of fs/) and
 * CAP Calls (capcall.c, nested entries of core/).  Depends on core/ and
 * fs/; the deployer and the CLI above it call only what is declared in
 * this folder's headers. */
#ifndef MONITOR_IPC_IPC_H
#define MONITOR_IPC_IPC_H

/* What a deployment says of one cVM's sharing. */
struct iv_ipc_cvm {
    const char *name;
    int ncalls, nstreams;
    char *const *calls;   /* cVMs it may call */
    char *const *streams; /* cVMs it has a stream to */
};

/* Registers the three primitives with the core and fs/.  Once, at
 * start-up, after iv_fs_register. */
void iv_ipc_register(void);
/* Declares cVM v before it starts: its stream ends and call grants.  A
 * name declared before (a daemon removed that cVM) keeps nothing of the
 * old one's streams, grants or capfile access.  0, or -1 with a message. */
int iv_ipc_declare(const struct iv_ipc_cvm *v);
#endif
