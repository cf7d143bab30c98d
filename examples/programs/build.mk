# Real programs (issue 4): Lua 5.4, the SQLite shell and speedtest1, zlib's
# minigzip and example, bzip2 (issue 16), from Debian source packages, and
# bench/programs/strwork.c (a C string workload of ours), each built twice with
# the same -O2 flags: as a cVM image with ivcc into $(PROG)/cvm/ and natively
# with gcc (glibc, static PIE) into $(PROG)/native/.  `make programs`; not
# part of `make all` (a cold build takes about 100 s of CPU, mostly
# sqlite3.c).  Used by tests/groups/60-programs.sh and bench/programs_bench.sh;
# the bench also builds $(PROG)/native-musl/ (`make programs-musl`, below).
PROG     := $(BUILD)/programs
PROG_OBJ := $(PROG)/obj
PROGRAMS := lua sqlite3 speedtest1 minigzip example example-solo bzip2 strwork
PROG_IMAGES := $(PROGRAMS:%=$(PROG)/cvm/%) $(PROGRAMS:%=$(PROG)/native/%)
LUA_DIR  := third_party/lua5.4
SQL_DIR  := third_party/sqlite3
ZLIB_DIR := third_party/zlib
BZ2_DIR  := third_party/bzip2
SQL_GEN  := $(PROG)/sqlite-gen

# -fno-isolate-erroneous-paths-dereference: gcc otherwise turns provable
# NULL dereferences into `movl $0, 0; ud2` (Lua's lgc.c); harmless in a cVM
# (the store faults in the low guard) but pointless code.  Same flags for
# every build, so the comparison is like for like.
PROG_OPT    := -O2 -fno-isolate-erroneous-paths-dereference
PROG_NATIVE_CC := gcc
PROG_NATIVE_LD := -static-pie

# Lua as upstream's Makefile builds it for POSIX (no dlopen, no readline).
# Debian's luaconf.h wants a generated multiarch header for its module paths.
LUA_FLAGS := -std=gnu99 -DLUA_COMPAT_5_3 -DLUA_USE_POSIX -I$(PROG)/gen
LUA_NAMES := lapi lcode lctype ldebug ldo ldump lfunc lgc llex lmem lobject lopcodes \
             lparser lstate lstring ltable ltm lundump lvm lzio lauxlib lbaselib lcorolib \
             ldblib liolib lmathlib loadlib loslib lstrlib ltablib lutf8lib linit lua
# SQLite: the amalgamation generated from Debian's canonical tree (needs
# tclsh).  Single-threaded, no extension loading (no dlopen in a cVM), temp
# tables and sorter spills in memory (a cVM may run without a file system),
# math SQL functions on (configure enables them by default).
SQL_FLAGS := -DSQLITE_THREADSAFE=0 -DSQLITE_OMIT_LOAD_EXTENSION -DSQLITE_TEMP_STORE=3 \
             -DSQLITE_ENABLE_MATH_FUNCTIONS -I$(SQL_GEN)
ZLIB_FLAGS := -DHAVE_UNISTD_H -DHAVE_STDARG_H -I$(ZLIB_DIR)
# bzip2 as its Makefile builds it (large-file support as upstream's BIGFILES).
BZ2_FLAGS := -D_FILE_OFFSET_BITS=64 -I$(BZ2_DIR)
BZ2_NAMES := blocksort huffman crctable randtable compress decompress bzlib bzip2
ZLIB_NAMES := adler32 crc32 deflate infback inffast inflate inftrees trees zutil \
              compress uncompr gzclose gzlib gzread gzwrite

.PHONY: programs programs-musl programs-source
programs: $(PROG_IMAGES)
programs-musl: $(PROGRAMS:%=$(PROG)/native-musl/%)
programs-source: $(LUA_DIR)/.fetched $(SQL_DIR)/.fetched $(ZLIB_DIR)/.fetched $(BZ2_DIR)/.fetched

$(LUA_DIR)/.fetched:
	bash scripts/fetch-source.sh lua5.4 5.4.4 $(LUA_DIR)
$(SQL_DIR)/.fetched:
	bash scripts/fetch-source.sh sqlite3 3.40.1 $(SQL_DIR)
# The unpacked tree is zlib-1.2.13.dfsg, which the prefix check accepts.
$(ZLIB_DIR)/.fetched:
	bash scripts/fetch-source.sh zlib 1.2.13 $(ZLIB_DIR)
$(BZ2_DIR)/.fetched:
	bash scripts/fetch-source.sh bzip2 1.0.8 $(BZ2_DIR)
# Sources exist once their package is fetched (order-only: fetching never
# makes objects out of date).
$(LUA_DIR)/src/%.c: | $(LUA_DIR)/.fetched ;
$(SQL_DIR)/test/%.c: | $(SQL_DIR)/.fetched ;
$(ZLIB_DIR)/%.c: | $(ZLIB_DIR)/.fetched ;
$(BZ2_DIR)/%.c: | $(BZ2_DIR)/.fetched ;
# Made "by" the rules above, so make would count them as intermediate files
# and delete the fetched sources after a first build; they are not.
.PRECIOUS: $(LUA_DIR)/src/%.c $(SQL_DIR)/test/%.c $(ZLIB_DIR)/%.c $(ZLIB_DIR)/test/%.c $(BZ2_DIR)/%.c

$(PROG)/gen/lua5.4-deb-multiarch.h:
	@mkdir -p $(dir $@)
	echo '#define DEB_HOST_MULTIARCH "x86_64-linux-gnu"' >$@

$(SQL_GEN)/sqlite3.c: | $(SQL_DIR)/.fetched
	rm -rf $(SQL_GEN) && mkdir -p $(SQL_GEN)
	cd $(SQL_GEN) && $(abspath $(SQL_DIR))/configure --disable-tcl >configure.log 2>&1 && \
	    $(MAKE) sqlite3.c shell.c >make.log 2>&1 || { tail -20 configure.log make.log; exit 1; }
$(SQL_GEN)/shell.c $(SQL_GEN)/sqlite3.h: | $(SQL_GEN)/sqlite3.c ;

# cVM objects: ivcc as CC.  ivcc and the sysroot are order-only here:
# objects do not depend on the libc, images relink when it changes.
define prog_cvm_cc
	@mkdir -p $(dir $@)
	$(BIN)/ivcc $(PROG_OPT) $(1) -c $< -o $@
endef
define prog_native_cc
	@mkdir -p $(dir $@)
	$(PROG_CC_$(1)) $(PROG_OPT) $(2) -c $< -o $@
endef
# The contract's constants as a real prerequisite: when the contract
# changes, objects built to the old one must go (a new ivcc alone need not
# rebuild them).
PROG_CVM_DEPS := include/intravisor/sfi.h | $(BIN)/ivcc $(SYSROOT)/.built
# The servers' own Makefiles know nothing of it: their cVM build trees go
# when the contract is newer than the tree's stamp ($(1): stamp, $(2): tree).
contract_changed = [ ! -e $(1) ] || [ ! include/intravisor/sfi.h -nt $(1) ] || rm -rf $(2)

$(PROG_OBJ)/cvm/lua/%.o: $(LUA_DIR)/src/%.c $(PROG)/gen/lua5.4-deb-multiarch.h $(PROG_CVM_DEPS)
	$(call prog_cvm_cc,$(LUA_FLAGS))
$(PROG_OBJ)/cvm/sqlite/%.o: $(SQL_GEN)/%.c $(PROG_CVM_DEPS)
	$(call prog_cvm_cc,$(SQL_FLAGS))
$(PROG_OBJ)/cvm/sqlite/speedtest1.o: $(SQL_DIR)/test/speedtest1.c $(SQL_GEN)/sqlite3.h $(PROG_CVM_DEPS)
	$(call prog_cvm_cc,$(SQL_FLAGS))
ZLIB_TESTS := minigzip example
$(foreach v,cvm native native-musl,$(eval PROG_ZLIB_$(v) := $(ZLIB_NAMES:%=$(PROG_OBJ)/$(v)/zlib/%.o)))
$(foreach v,cvm native native-musl,$(eval PROG_ZTEST_$(v) := $(ZLIB_TESTS:%=$(PROG_OBJ)/$(v)/zlib/%.o)))
$(PROG_ZLIB_cvm): $(PROG_OBJ)/cvm/zlib/%.o: $(ZLIB_DIR)/%.c $(PROG_CVM_DEPS)
	$(call prog_cvm_cc,$(ZLIB_FLAGS))
$(PROG_ZTEST_cvm): $(PROG_OBJ)/cvm/zlib/%.o: $(ZLIB_DIR)/test/%.c $(PROG_CVM_DEPS)
	$(call prog_cvm_cc,$(ZLIB_FLAGS))
$(PROG_OBJ)/cvm/bzip2/%.o: $(BZ2_DIR)/%.c $(PROG_CVM_DEPS)
	$(call prog_cvm_cc,$(BZ2_FLAGS))
$(PROG_OBJ)/cvm/strwork.o: bench/programs/strwork.c $(PROG_CVM_DEPS)
	$(call prog_cvm_cc,)
$(ZLIB_DIR)/test/%.c: | $(ZLIB_DIR)/.fetched ;
# example.c with Z_SOLO: only its in-memory deflate/inflate tests.  The full
# example starts with gzopen("foo.gz"), which needs a file system.
$(PROG_OBJ)/cvm/zlib/example-solo.o: $(ZLIB_DIR)/test/example.c $(PROG_CVM_DEPS)
	$(call prog_cvm_cc,$(ZLIB_FLAGS) -DZ_SOLO)

# Native variants, $(1): `native` (gcc + glibc, what the tests compare
# against) and `native-musl` (gcc + the same musl 1.2.3 and allocator as the
# cVM, but musl's generic C string functions where the cVM has the SSE2 ones
# of libos/musl/string/, and ordinary system calls; bench only, to tell the
# cost of the sandbox from that of the libc).
PROG_CC_native := $(PROG_NATIVE_CC)
PROG_CC_native-musl := $(PROG)/musl-native/bin/musl-gcc
PROG_DEPS_native :=
PROG_DEPS_native-musl := | $(PROG)/musl-native/.built
# musl-gcc's specs drop -static-pie; plain -static links the same PIE code.
PROG_LD_native := $(PROG_NATIVE_LD)
PROG_LD_native-musl := -static
define prog_native_rules
$(PROG_OBJ)/$(1)/lua/%.o: $(LUA_DIR)/src/%.c $(PROG)/gen/lua5.4-deb-multiarch.h $(PROG_DEPS_$(1))
	$$(call prog_native_cc,$(1),$$(LUA_FLAGS))
$(PROG_OBJ)/$(1)/sqlite/%.o: $(SQL_GEN)/%.c $(PROG_DEPS_$(1))
	$$(call prog_native_cc,$(1),$$(SQL_FLAGS))
$(PROG_OBJ)/$(1)/sqlite/speedtest1.o: $(SQL_DIR)/test/speedtest1.c $(SQL_GEN)/sqlite3.h $(PROG_DEPS_$(1))
	$$(call prog_native_cc,$(1),$$(SQL_FLAGS))
$(PROG_ZLIB_$(1)): $(PROG_OBJ)/$(1)/zlib/%.o: $(ZLIB_DIR)/%.c $(PROG_DEPS_$(1))
	$$(call prog_native_cc,$(1),$$(ZLIB_FLAGS))
$(PROG_ZTEST_$(1)): $(PROG_OBJ)/$(1)/zlib/%.o: $(ZLIB_DIR)/test/%.c $(PROG_DEPS_$(1))
	$$(call prog_native_cc,$(1),$$(ZLIB_FLAGS))
$(PROG_OBJ)/$(1)/zlib/example-solo.o: $(ZLIB_DIR)/test/example.c $(PROG_DEPS_$(1))
	$$(call prog_native_cc,$(1),$$(ZLIB_FLAGS) -DZ_SOLO)
$(PROG_OBJ)/$(1)/bzip2/%.o: $(BZ2_DIR)/%.c $(PROG_DEPS_$(1))
	$$(call prog_native_cc,$(1),$$(BZ2_FLAGS))
$(PROG_OBJ)/$(1)/strwork.o: bench/programs/strwork.c $(PROG_DEPS_$(1))
	$$(call prog_native_cc,$(1),)
$(PROGRAMS:%=$(PROG)/$(1)/%):
	@mkdir -p $$(dir $$@)
	$(PROG_CC_$(1)) $(PROG_OPT) $(PROG_LD_$(1)) $$(filter %.o,$$^) -lm -o $$@
endef
$(eval $(call prog_native_rules,native))
$(eval $(call prog_native_rules,native-musl))

# musl 1.2.3 built natively from the same source, minus the x86_64 assembly
# mem{cpy,move,set} that the cVM build drops as well.
# Its allocator is oldmalloc, the cVM sysroot's until it moved to mimalloc
# (docs/libos.md "The allocator"): the n-musl column of bench/programs_bench.sh
# separates musl from glibc, and the sandbox from musl only where allocation
# is not the difference.
$(PROG)/musl-native/.built: | $(MUSL_SRC)/.fetched
	rm -rf $(PROG)/musl-native && mkdir -p $(PROG)/musl-native
	cp -a $(MUSL_SRC) $(PROG)/musl-native/tree
	rm -f $(addprefix $(PROG)/musl-native/tree/src/string/x86_64/,memcpy.s memmove.s memset.s)
	cd $(PROG)/musl-native/tree && ./configure --prefix=$(abspath $(PROG)/musl-native) \
	    --disable-shared CFLAGS=-O2 >configure.log 2>&1 && \
	    $(MAKE) MALLOC_DIR=oldmalloc >make.log 2>&1 && $(MAKE) MALLOC_DIR=oldmalloc install >install.log 2>&1
	touch $@

# Images.  $(1) = cvm|native|native-musl.
define prog_images
$(PROG)/$(1)/lua: $(LUA_NAMES:%=$(PROG_OBJ)/$(1)/lua/%.o)
$(PROG)/$(1)/sqlite3: $(PROG_OBJ)/$(1)/sqlite/shell.o $(PROG_OBJ)/$(1)/sqlite/sqlite3.o
$(PROG)/$(1)/speedtest1: $(PROG_OBJ)/$(1)/sqlite/speedtest1.o $(PROG_OBJ)/$(1)/sqlite/sqlite3.o
$(PROG)/$(1)/minigzip: $(PROG_OBJ)/$(1)/zlib/minigzip.o $(ZLIB_NAMES:%=$(PROG_OBJ)/$(1)/zlib/%.o)
$(PROG)/$(1)/example: $(PROG_OBJ)/$(1)/zlib/example.o $(ZLIB_NAMES:%=$(PROG_OBJ)/$(1)/zlib/%.o)
$(PROG)/$(1)/example-solo: $(PROG_OBJ)/$(1)/zlib/example-solo.o $(ZLIB_NAMES:%=$(PROG_OBJ)/$(1)/zlib/%.o)
$(PROG)/$(1)/bzip2: $(BZ2_NAMES:%=$(PROG_OBJ)/$(1)/bzip2/%.o)
$(PROG)/$(1)/strwork: $(PROG_OBJ)/$(1)/strwork.o
endef
$(eval $(call prog_images,cvm))
$(eval $(call prog_images,native))
$(eval $(call prog_images,native-musl))
$(PROGRAMS:%=$(PROG)/cvm/%): $(SYSROOT)/.built
	@mkdir -p $(dir $@)
	$(BIN)/ivcc $(PROG_OPT) $(filter %.o,$^) -lm -o $@

# Servers (issue 13): Redis 7.0 from Debian's source package, built with its
# own Makefile twice with the same flags: with ivcc as CC (a cVM image) and
# with gcc (native, for the tests' comparisons and the benchmarks).  The
# tree is copied into $(PROG)/redis-{cvm,native}/ and built there (the
# fetched source is never touched).  MALLOC=libc: the cVM's allocator is
# musl's, and the native build uses glibc's malloc likewise (no jemalloc on
# either side); no TLS, no systemd, no debug information (build time).  The image is relinked when the sysroot
# changes (Redis's Makefile does not know about libc.a).
REDIS_DIR   := third_party/redis
REDIS_FLAGS := MALLOC=libc BUILD_TLS=no USE_SYSTEMD=no OPTIMIZATION=-O2 DEBUG=
SERVERS     := redis-server
.PHONY: servers
programs: servers
servers: $(SERVERS:%=$(PROG)/cvm/%) $(SERVERS:%=$(PROG)/native/%)
$(REDIS_DIR)/.fetched:
	bash scripts/fetch-source.sh redis 7.0 $(REDIS_DIR)
# $(1): cvm|native, $(2): the C compiler, $(3): prerequisites
define redis_build
$(PROG)/$(1)/redis-server: $(REDIS_DIR)/.fetched $(3)
	@mkdir -p $(PROG)/$(1)
	$(if $(filter cvm,$(1)),$(call contract_changed,$(PROG)/redis-$(1)/.copied,$(PROG)/redis-$(1)))
	[ -f $(PROG)/redis-$(1)/.copied ] || { rm -rf $(PROG)/redis-$(1) && cp -a $(REDIS_DIR) $(PROG)/redis-$(1) && \
	    touch $(PROG)/redis-$(1)/.copied; }
	rm -f $(PROG)/redis-$(1)/src/redis-server
	$(MAKE) -C $(PROG)/redis-$(1)/src redis-server $(REDIS_FLAGS) CC=$(2) >$(PROG)/redis-$(1).log 2>&1 || \
	    { tail -30 $(PROG)/redis-$(1).log; exit 1; }
	cp $(PROG)/redis-$(1)/src/redis-server $$@
endef
$(eval $(call redis_build,cvm,$(abspath $(BIN)/ivcc),$(SYSROOT)/.built include/intravisor/sfi.h | $(BIN)/ivcc))
$(eval $(call redis_build,native,gcc,))

# nginx 1.22 from Debian's source package.  Its configure compiles *and
# runs* feature tests, which a cVM image cannot do on the host (no
# binfmt handler yet), so the cVM build is configured with the native musl
# toolchain built from the same musl 1.2.3 ($(PROG)/musl-native: same
# headers, same libc features as the cVM's sysroot, ordinary system calls)
# and then compiled and linked with ivcc through the generated Makefile
# (CC= LINK=).  The native build is configured and built with gcc.  Modules
# needing libraries the cVM sysroot does not have are left out on both
# sides: rewrite (PCRE), gzip (zlib), auth_basic (libcrypt).  Paths are
# inside the cVM's root ("/"); natively the tests pass -p and -c.
NGINX_DIR  := third_party/nginx
NGINX_CONF := --prefix=/ --sbin-path=/nginx --conf-path=/nginx.conf --error-log-path=/error.log \
              --http-log-path=/access.log --pid-path=/nginx.pid --lock-path=/nginx.lock \
              --http-client-body-temp-path=/tmp/body --http-proxy-temp-path=/tmp/proxy \
              --http-fastcgi-temp-path=/tmp/fastcgi --http-uwsgi-temp-path=/tmp/uwsgi \
              --http-scgi-temp-path=/tmp/scgi --without-http_rewrite_module \
              --without-http_gzip_module --without-http_auth_basic_module --without-pcre \
              --with-cc-opt=-O2
servers: $(PROG)/cvm/nginx $(PROG)/native/nginx
$(NGINX_DIR)/.fetched:
	bash scripts/fetch-source.sh nginx 1.22 $(NGINX_DIR)
# $(1): cvm|native, $(2): configure's compiler, $(3): make's CC/LINK, $(4): prerequisites
define nginx_build
$(PROG)/$(1)/nginx: $(NGINX_DIR)/.fetched $(4)
	@mkdir -p $(PROG)/$(1)
	$(if $(filter cvm,$(1)),$(call contract_changed,$(PROG)/nginx-$(1)/objs/Makefile,$(PROG)/nginx-$(1)))
	[ -f $(PROG)/nginx-$(1)/objs/Makefile ] || { rm -rf $(PROG)/nginx-$(1) && cp -a $(NGINX_DIR) $(PROG)/nginx-$(1) && \
	    cd $(PROG)/nginx-$(1) && ./configure --with-cc=$(2) $(NGINX_CONF) >configure.log 2>&1 || \
	    { tail -20 configure.log; rm -f objs/Makefile; exit 1; }; }
	rm -f $(PROG)/nginx-$(1)/objs/nginx
	$(MAKE) -C $(PROG)/nginx-$(1) -f objs/Makefile objs/nginx $(3) >$(PROG)/nginx-$(1).log 2>&1 || \
	    { tail -30 $(PROG)/nginx-$(1).log; exit 1; }
	cp $(PROG)/nginx-$(1)/objs/nginx $$@
endef
$(eval $(call nginx_build,cvm,$(abspath $(PROG)/musl-native/bin/musl-gcc-static),CC=$(abspath $(BIN)/ivcc) LINK=$(abspath $(BIN)/ivcc),$(SYSROOT)/.built include/intravisor/sfi.h $(PROG)/musl-native/bin/musl-gcc-static | $(BIN)/ivcc))
# configure's first test runs a program linked with no options: static, as
# musl-native has no dynamic loader.
$(PROG)/musl-native/bin/musl-gcc-static: $(PROG)/musl-native/.built
	printf '#!/bin/sh\nexec "%s" -static "$$@"\n' $(abspath $(PROG)/musl-native/bin/musl-gcc) >$@
	chmod +x $@
$(eval $(call nginx_build,native,gcc,,))
