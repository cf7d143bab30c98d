/* Memory: anonymous mappings inside the region, within the cVM's budget,
 * through the monitor (which owns the region's page tables).  Code can
 * never be mapped: PROT_EXEC is refused, so only verified code executes. */
#include <errno.h>
#include <sys/mman.h>
#include <intravisor.h>
#include "syscall.h"
#include "libos.h"

static int iv_prot(long prot)
{
	int p = 0;
	if (prot & PROT_READ)
		p |= IV_PROT_READ;
	if (prot & PROT_WRITE)
		p |= IV_PROT_WRITE | IV_PROT_READ;
	return p;
}

long libos_mem(long n, LIBOS_ARGS, int *handled)
{
	(void)a6;
	*handled = 1;
	switch (n) {
	case SYS_mmap:
		if (a3 & PROT_EXEC)
			return -EPERM;
		if (!(a4 & MAP_ANONYMOUS) || a5 != -1)
			return -ENODEV; /* file mappings need the file system */
		return iv_mmap((void *)a1, a2, iv_prot(a3), (a4 & MAP_FIXED) ? IV_MAP_FIXED : 0);
	case SYS_munmap:
		return iv_munmap((void *)a1, a2);
	case SYS_mprotect:
		if (a3 & PROT_EXEC)
			return -EACCES;
		return iv_mprotect((void *)a1, a2, iv_prot(a3));
	case SYS_madvise:
		return 0; /* advice only */
	case SYS_mremap:
		return -ENOMEM; /* callers fall back to map + copy */
	case SYS_brk:
		/* No brk heap: answering with the unchanged break (0) makes
		 * musl's allocator use mmap, which is budgeted the same way. */
		return 0;
	default:
		*handled = 0;
		return 0;
	}
}
