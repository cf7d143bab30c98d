# Differential check of the verifier against capcheck (docs: tests/difftest/
# difftest.c).  `make` builds $(BIN)/difftest (and, with BUILD=build/san SAN=1,
# the ASan/UBSan variant linked against the sanitizer build of the verifier);
# tests/groups/30-difftest.sh runs a bounded number of cases; `make fuzz`
# runs for FUZZ_SECONDS with a fresh random seed every FUZZ_CHUNK seconds.
DIFFTEST_DIR  := $(BUILD)/difftest
DIFFTEST_OBJS := $(OBJ)/tests/difftest/difftest.o $(OBJ)/tests/difftest/capcheck.o \
                 $(OBJ)/tests/difftest/corpus_blob.o
FUZZ_SECONDS  ?= 600
FUZZ_CHUNK    ?= 120

host-tools: $(BIN)/difftest

# The seed corpus: valid sandboxed code, bundle-aligned by clang.
$(DIFFTEST_DIR)/corpus.o: tests/difftest/corpus.s
	@mkdir -p $(dir $@)
	clang -c $< -o $@
$(DIFFTEST_DIR)/corpus.bin: $(DIFFTEST_DIR)/corpus.o
	objcopy -O binary --only-section=.text $< $@
$(OBJ)/tests/difftest/corpus_blob.o: tests/difftest/corpus_blob.S $(DIFFTEST_DIR)/corpus.bin
	@mkdir -p $(dir $@)
	$(CC) -c -DCORPUS_BIN='"$(DIFFTEST_DIR)/corpus.bin"' $< -o $@

$(BIN)/difftest: $(DIFFTEST_OBJS) $(BUILD)/lib/libverifier.a $(ZYDIS_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(HOST_LDFLAGS) $^ -lcapstone -lpthread -o $@

# `make fuzz` also runs the hostcall fuzzer and the libFuzzer harnesses
# (tests/fuzz/build.mk), FUZZ_SECONDS each, before this.
fuzz: $(BIN)/difftest fuzz-hostcalls fuzz-libfuzzer
	@end=$$(( $$(date +%s) + $(FUZZ_SECONDS) )); rc=0; \
	while [ $$(date +%s) -lt $$end ]; do \
	    left=$$(( end - $$(date +%s) )); \
	    [ $$left -gt $(FUZZ_CHUNK) ] && left=$(FUZZ_CHUNK); \
	    $(BIN)/difftest --cats random,biased,mutated --cases 0 --time $$left || rc=1; \
	done; \
	exit $$rc
