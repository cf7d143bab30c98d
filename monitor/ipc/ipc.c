/* The ipc/ subsystem's entry points (ipc.h). */
#include "ipc/ipc.h"
#include "ipc/capcall.h"
#include "ipc/capfile.h"
#include "ipc/capstream.h"
#include "ipc/spin.h"
#include <stdlib.h>

void iv_ipc_register(void)
{
    if (iv_spin_init())
        exit(2); /* a bad IV_CAPCALL_SPIN_NS, said on stderr */
    iv_capfile_register();
    iv_capstream_register();
    iv_capcall_register();
}

int iv_ipc_declare(const struct iv_ipc_cvm *v)
{
    /* A name declared again (a daemon's redeploy) starts with no capfile
     * access; its streams and call grants are renewed by their owners. */
    int again = iv_capcall_known(v->name);
    if (again)
        iv_capfile_forget_cvm(v->name);
    if (iv_capstream_declare(v->name, v->nstreams, v->streams, again))
        return -1;
    return iv_capcall_declare(v->name, v->ncalls, v->calls);
}
