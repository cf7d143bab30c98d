# libFuzzer harnesses (docs/testing.md): clang with
# -fsanitize=fuzzer,address,undefined; the code under test is compiled
# with the same instrumentation into $(FUZZ_BUILD), apart from the normal
# build.  `make fuzz-tools` builds them; `make fuzz` runs each for
# FUZZ_SECONDS (and then the verifier's differential fuzz, difftest);
# tests/groups/35-fuzz.sh runs each for a short fixed budget.
FUZZ_BUILD  := build/fuzz
FUZZ_OBJ    := $(FUZZ_BUILD)/obj
FUZZ_BIN    := $(FUZZ_BUILD)/bin
FUZZ_SAN    := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
FUZZ_CFLAGS := -std=gnu11 -O1 -g -Wall -Wextra -Werror -Iinclude -Imonitor -I. \
               -Itests/difftest -D_GNU_SOURCE -Wno-string-plus-int $(FUZZ_SAN) -fsanitize=fuzzer-no-link
FUZZ_LINK   := clang $(FUZZ_SAN) -fsanitize=fuzzer
FUZZERS     := fuzz_verifier fuzz_config fuzz_rewriter fuzz_netpolicy
FUZZ_MONITOR_OBJS := $(filter-out $(FUZZ_OBJ)/monitor/cli/%,$(MONITOR_SRCS:%.c=$(FUZZ_OBJ)/%.o)) \
                     $(MONITOR_ASM:%.S=$(OBJ)/%.o)

.PHONY: fuzz-tools fuzz-libfuzzer
fuzz-tools: $(FUZZERS:%=$(FUZZ_BIN)/%)

$(FUZZ_OBJ)/%.o: %.c
	@mkdir -p $(dir $@)
	clang $(FUZZ_CFLAGS) -MMD -MP -c $< -o $@
-include $(shell find $(FUZZ_OBJ) -name '*.d' 2>/dev/null)

$(FUZZ_BIN)/fuzz_verifier: $(FUZZ_OBJ)/tests/fuzz/fuzz_verifier.o $(FUZZ_OBJ)/tests/difftest/capcheck.o \
                           $(FUZZ_OBJ)/monitor/core/perfmap.o \
                           $(VERIFIER_SRCS:%.c=$(FUZZ_OBJ)/%.o) $(ZYDIS_LIB)
	@mkdir -p $(dir $@)
	$(FUZZ_LINK) $^ -lcapstone -lpthread -o $@
$(FUZZ_BIN)/fuzz_config: $(FUZZ_OBJ)/tests/fuzz/fuzz_config.o $(FUZZ_MONITOR_OBJS) \
                         $(VERIFIER_SRCS:%.c=$(FUZZ_OBJ)/%.o) $(ZYDIS_LIB)
	@mkdir -p $(dir $@)
	$(FUZZ_LINK) $^ -lyaml -lnettle -ljson-c -lpthread -o $@
$(FUZZ_BIN)/fuzz_rewriter: $(FUZZ_OBJ)/tests/fuzz/fuzz_rewriter.o $(IVCC_LIB_SRCS:%.c=$(FUZZ_OBJ)/%.o) \
                           $(VERIFIER_SRCS:%.c=$(FUZZ_OBJ)/%.o) $(ZYDIS_LIB)
	@mkdir -p $(dir $@)
	$(FUZZ_LINK) $^ -lpthread -o $@

$(FUZZ_BIN)/fuzz_netpolicy: $(FUZZ_OBJ)/tests/fuzz/fuzz_netpolicy.o $(FUZZ_OBJ)/monitor/net/policy.o
	@mkdir -p $(dir $@)
	$(FUZZ_LINK) $^ -o $@

# make fuzz-libfuzzer FUZZ_SECONDS=N: each harness for N seconds on a copy
# of its committed corpus (new inputs land in $(FUZZ_BUILD)/corpus/NAME;
# crashes in $(FUZZ_BUILD)/artifacts).
fuzz-libfuzzer: fuzz-tools
	@rc=0; for f in $(FUZZERS); do \
	    bash tests/fuzz/run.sh $$f $(FUZZ_SECONDS) || rc=1; \
	done; exit $$rc

# make fuzz-hostcalls FUZZ_SECONDS=N [HCFUZZ_SEED=S]: the hostcall fuzzer
# beside two canaries under the ASan monitor (tests/fuzz/hcfuzz.sh); the
# seed is time-derived unless given, and printed.
.PHONY: fuzz-hostcalls
fuzz-hostcalls: host-tools san-tools
	@seed=$${HCFUZZ_SEED:-$$(( $$(date +%s%N) % 1000000007 ))}; \
	out=$$(bash tests/fuzz/hcfuzz.sh $$seed $(FUZZ_SECONDS) 4); echo "$$out"; \
	! echo "$$out" | grep -q '^FAIL'
