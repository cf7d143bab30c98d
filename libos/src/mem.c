/* Memory: anonymous mappings inside the region, within the cVM's budget,
 * through the monitor (which owns the region's page tables).  Code can
 * never be mapped: PROT_EXEC is refused, so only verified code executes. */
#define _GNU_SOURCE /* MADV_DONTNEED */
#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <intravisor.h>
#include "syscall.h"
#include "libos.h"

/* What the allocator keeps back of memory it freed (libos/musl/malloc/
 * mimalloc.c) is given up when a mapping made here meets the budget, and
 * the call is tried once more.  The allocator sets this at start-up; a
 * program without it keeps nothing back.  (Not a weak symbol: an undefined
 * one would leave a relocation the verifier refuses.) */
int (*__libos_mem_pressure)(void);
static int relieved(long r) { return r == -ENOMEM && __libos_mem_pressure && __libos_mem_pressure(); }

static long map_anon(long addr, long len, int prot, int flags)
{
	long p = iv_mmap((void *)addr, len, prot, flags);
	return relieved(p) ? iv_mmap((void *)addr, len, prot, flags) : p;
}

static int iv_prot(long prot)
{
	int p = 0;
	if (prot & PROT_READ)
		p |= IV_PROT_READ;
	if (prot & PROT_WRITE)
		p |= IV_PROT_WRITE | IV_PROT_READ;
	return p;
}

/* A private file mapping is a copy: anonymous memory filled with pread
 * (bytes past the end of the file stay zero), then given its protection.
 * Writes never reach the file, as with MAP_PRIVATE; later changes to the
 * file are not seen (unlike Linux, documented in docs/libos.md). */
static long file_map(long addr, long len, long prot, long flags, long fd, long off)
{
	if (off & 4095)
		return -EINVAL;
	long fl = iv_fcntl(fd, F_GETFL, 0);
	if (fl < 0)
		return -EBADF;
	if ((fl & O_ACCMODE) == O_WRONLY)
		return -EACCES;
	long p = map_anon(addr, len, IV_PROT_READ | IV_PROT_WRITE, (flags & MAP_FIXED) ? IV_MAP_FIXED : 0);
	if (IV_IS_ERR(p))
		return p;
	for (long done = 0; done < len;) {
		long r = iv_pread(fd, (char *)p + done, len - done, off + done);
		if (r == 0)
			break;
		if (r < 0) {
			iv_munmap((void *)p, len);
			return r == -EISDIR || r == -ESPIPE ? -ENODEV : r; /* not a regular file */
		}
		done += r;
	}
	if (iv_prot(prot) != (IV_PROT_READ | IV_PROT_WRITE)) {
		long r = iv_mprotect((void *)p, len, iv_prot(prot));
		if (r) {
			iv_munmap((void *)p, len);
			return r;
		}
	}
	return p;
}

/* MAP_SHARED of a /dev/shm file (shm_open, sem_open): a cVM is one
 * process, and its /dev/shm is its own, so "shared" means shared between
 * the mappings of that process.  The first mapping of (file, offset) is a
 * copy as above, always read-write; later ones of the same file and offset
 * (no longer than it) get the same memory, so they see each other's
 * writes; munmap counts them down.  Unlike Linux, write() to the file
 * after it is mapped is not seen through the mapping nor the reverse. */
#define SHARED_MAX 64
static struct {
	unsigned long ino;
	long off, addr, len;
	int refs;
} shared[SHARED_MAX];
static volatile int shared_lock;
static void lock(void) { while (__sync_lock_test_and_set(&shared_lock, 1)) iv_nanosleep(0); }
static void unlock(void) { __sync_lock_release(&shared_lock); }

static long shared_map(long addr, long len, long flags, long fd, long off)
{
	struct stat st;
	long r = iv_fstatat(fd, 0, &st, 0);
	if (r)
		return r;
	if (!S_ISREG(st.st_mode) || st.st_dev != IV_DEV_DEVNO)
		return -ENODEV; /* shared file mappings elsewhere: no page cache to share */
	if (flags & MAP_FIXED)
		return -EINVAL; /* an alias cannot be put at a chosen address */
	lock();
	int free_slot = -1;
	for (int i = 0; i < SHARED_MAX; i++) {
		if (shared[i].refs && shared[i].ino == st.st_ino && shared[i].off == off && shared[i].len >= len) {
			shared[i].refs++;
			unlock();
			return shared[i].addr;
		}
		if (!shared[i].refs && free_slot < 0)
			free_slot = i;
	}
	r = free_slot < 0 ? -ENOMEM : file_map(addr, len, PROT_READ | PROT_WRITE, 0, fd, off);
	if (!IV_IS_ERR(r)) {
		shared[free_slot].ino = st.st_ino;
		shared[free_slot].off = off;
		shared[free_slot].addr = r;
		shared[free_slot].len = len;
		shared[free_slot].refs = 1;
	}
	unlock();
	return r;
}

/* munmap of a shared mapping: 1 (and *r) if addr is one. */
static int shared_unmap(long addr, long *r)
{
	int found = 0;
	lock();
	for (int i = 0; i < SHARED_MAX && !found; i++)
		if (shared[i].refs && shared[i].addr == addr) {
			found = 1;
			*r = --shared[i].refs ? 0 : iv_munmap((void *)addr, shared[i].len);
		}
	unlock();
	return found;
}

long libos_mem(long n, LIBOS_ARGS, int *handled)
{
	*handled = 1;
	switch (n) {
	case SYS_mmap:
		if (a3 & PROT_EXEC)
			return -EPERM;
		if (!(a4 & MAP_ANONYMOUS)) {
			if ((a4 & MAP_TYPE) != MAP_PRIVATE)
				return shared_map(a1, a2, a4, a5, a6);
			return file_map(a1, a2, a3, a4, a5, a6);
		}
		return map_anon(a1, a2, iv_prot(a3), (a4 & MAP_FIXED) ? IV_MAP_FIXED : 0);
	case SYS_munmap: {
		long r;
		if (shared_unmap(a1, &r))
			return r;
		return iv_munmap((void *)a1, a2);
	}
	case SYS_mprotect:
		if (a3 & PROT_EXEC)
			return -EACCES;
	{
		long r = iv_mprotect((void *)a1, a2, iv_prot(a3));
		return relieved(r) ? iv_mprotect((void *)a1, a2, iv_prot(a3)) : r;
	}
	case SYS_madvise:
		/* MADV_DONTNEED gives the pages back: replacing them with fresh
		 * zero pages frees the host's memory behind them (the budget
		 * charge stays, as the range stays mapped).  musl's allocator
		 * uses it on the middle of large free chunks.  Unlike Linux the
		 * range becomes read-write: only the cVM's own anonymous memory
		 * can be replaced (the monitor checks), and nothing else in a
		 * cVM advises pages it protected.  MADV_[NO]HUGEPAGE reach the
		 * kernel (the monitor's IV_HC_MADVISE); other advice is ignored. */
		if (a3 == MADV_DONTNEED && a2) {
			long r = iv_mmap((void *)a1, a2, IV_PROT_READ | IV_PROT_WRITE, IV_MAP_FIXED);
			return IV_IS_ERR(r) ? r : 0;
		}
		if ((a3 == MADV_HUGEPAGE || a3 == MADV_NOHUGEPAGE) && a2)
			return iv_madvise((void *)a1, a2, (int)a3);
		return 0;
	case SYS_mremap:
		return -ENOMEM; /* callers fall back to map + copy */
	case SYS_brk:
		return libos_brk((unsigned long)a1); /* brk.c */
	default:
		*handled = 0;
		return 0;
	}
}
