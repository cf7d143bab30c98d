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
    if (iv_capstream_declare(v->name, v->nstreams, v->streams))
        return -1;
    return iv_capcall_declare(v->name, v->ncalls, v->calls);
}
