# The cVM sysroot: musl built with ivcc, the LibOS compiled into it, and the
# hostcall stubs added to libc.a, so `ivcc hello.c` links with no flags.
MUSL_SRC := third_party/musl
SYSROOT  := $(BUILD)/sysroot
MIMALLOC_SRC := third_party/mimalloc
LIBOS_SRCS := $(wildcard libos/src/*.c libos/src/*.h libos/musl/setjmp/*.s libos/musl/string/* libos/musl/malloc/* libos/musl/time/*) \
              libos/musl/build-musl.sh libos/musl/arch/syscall_arch.h
.PHONY: musl-source sysroot
all: sysroot
musl-source: $(MUSL_SRC)/.fetched $(MIMALLOC_SRC)/.fetched
$(MUSL_SRC)/.fetched:
	bash scripts/fetch-source.sh musl 1.2.3 $(MUSL_SRC)
# The sysroot's allocator (docs/libos.md "The allocator").
$(MIMALLOC_SRC)/.fetched:
	bash scripts/fetch-source.sh mimalloc 2.0 $(MIMALLOC_SRC)

sysroot: $(SYSROOT)/.built
$(SYSROOT)/.built: $(MUSL_SRC)/.fetched $(MIMALLOC_SRC)/.fetched $(BIN)/ivcc $(RT_DIR)/hostcalls.o $(LIBOS_SRCS) \
                  include/intravisor.h include/intravisor/hostcall.h include/intravisor/clock.h
	IVCC=$(abspath $(BIN)/ivcc) IVCC_CC=gcc MUSL_OPT=-O2 MIMALLOC_SRC=$(abspath $(MIMALLOC_SRC)) \
	    bash libos/musl/build-musl.sh $(MUSL_SRC) $(BUILD)/musl/gcc-O2 $(SYSROOT)
	ar rs $(SYSROOT)/lib/libc.a $(RT_DIR)/hostcalls.o
	# <intravisor.h> is part of the sysroot: cVM programs include it with no -I.
	mkdir -p $(SYSROOT)/include/intravisor
	cp include/intravisor.h $(SYSROOT)/include/
	cp include/intravisor/hostcall.h $(SYSROOT)/include/intravisor/
	touch $@
