# The cVM sysroot: musl built with ivcc (headers, libc.a, crt1.o).
MUSL_SRC := third_party/musl
SYSROOT  := $(BUILD)/sysroot
.PHONY: musl-source sysroot
musl-source: $(MUSL_SRC)/.fetched
$(MUSL_SRC)/.fetched:
	bash scripts/fetch-source.sh musl 1.2.3 $(MUSL_SRC)

sysroot: $(SYSROOT)/lib/libc.a
$(SYSROOT)/lib/libc.a: $(MUSL_SRC)/.fetched $(BIN)/ivcc $(BIN)/intravisor libos/musl/build-musl.sh libos/musl/arch/syscall_arch.h
	IVCC=$(abspath $(BIN)/ivcc) IVCC_CC=gcc MUSL_OPT=-O2 bash libos/musl/build-musl.sh $(MUSL_SRC) $(BUILD)/musl/gcc-O2 $(SYSROOT)
