/* The ipc/ subsystem's entry points (ipc.h). */
#include "ipc/ipc.h"
#include "ipc/capcall.h"
#include "ipc/capfile.h"
#include "ipc/capstream.h"

void iv_ipc_register(void)
{
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
