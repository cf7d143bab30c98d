# The verifier (trusted core): a static library linked into the monitor.
VERIFIER_SRCS := verifier/code.c verifier/elf.c verifier/allowlist.c verifier/fastpath.c
VERIFIER_OBJS := $(VERIFIER_SRCS:%.c=$(OBJ)/%.o)

$(BUILD)/lib/libverifier.a: $(VERIFIER_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@
	ar rcs $@ $^

# Zydis, the verifier's decoder, built from Debian's source package into a
# static library (Debian ships only the shared one): the monitor is linked
# as a static PIE, which saves ≈ 1 ms of every monitor start (docs/
# benchmarks.md "Monitor").  The headers the verifier is compiled with are
# libzydis-dev's; the rule refuses a source whose headers differ from them.
ZYDIS_SRC := third_party/zydis
ZYDIS_LIB := $(BUILD)/lib/libZydis.a
$(ZYDIS_SRC)/.fetched:
	bash scripts/fetch-source.sh zydis 4.0.0 $(ZYDIS_SRC)
$(ZYDIS_LIB): $(ZYDIS_SRC)/.fetched
	@diff -rq /usr/include/Zydis $(ZYDIS_SRC)/include/Zydis >/dev/null || \
	    { echo "zydis: $(ZYDIS_SRC) is not the version of libzydis-dev's headers" >&2; exit 1; }
	@mkdir -p $(OBJ)/zydis $(dir $@)
	ls $(ZYDIS_SRC)/src/*.c | xargs -P2 -I{} sh -c '$(CC) -std=gnu11 -O2 -g -fPIE -DZYDIS_STATIC_BUILD \
	    -I$(ZYDIS_SRC)/include -I$(ZYDIS_SRC)/src -c {} -o $(OBJ)/zydis/$$(basename {} .c).o'
	rm -f $@
	ar rcs $@ $(OBJ)/zydis/*.o

# Test and benchmark helpers (not part of the trusted core).
host-tools: $(BIN)/verifier-test $(BIN)/verifier_bench
$(BIN)/verifier-test: $(OBJ)/tests/escape/verifier_test.o $(BUILD)/lib/libverifier.a $(ZYDIS_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(HOST_LDFLAGS) $^ -lpthread -o $@
$(BIN)/verifier_bench: $(OBJ)/bench/verifier_bench.o $(BUILD)/lib/libverifier.a $(ZYDIS_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(HOST_LDFLAGS) $^ -lpthread -o $@
