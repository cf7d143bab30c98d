# intravisor: top-level build. Everything goes to $(BUILD); binaries to $(BUILD)/bin.
# Each component keeps its rules in its own build.mk fragment.
BUILD   ?= build
SAN     ?= 0
CC      := gcc
HOST_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -Iinclude -D_GNU_SOURCE
HOST_LDFLAGS :=
ifeq ($(SAN),1)
HOST_CFLAGS  += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
HOST_LDFLAGS += -fsanitize=address,undefined
endif
BIN := $(BUILD)/bin
OBJ := $(BUILD)/obj

.PHONY: all host-tools test bench fuzz run clean deps
all: host-tools

deps:
	bash scripts/install-deps.sh

$(OBJ)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(HOST_CFLAGS) -MMD -MP -c $< -o $@

include verifier/build.mk
include toolchain/build.mk
include monitor/build.mk
include runtime/build.mk
include libos/build.mk
include examples/programs/build.mk
include examples/oci/build.mk

include tests/build.mk
include bench/build.mk
include tests/difftest/build.mk

-include $(shell find $(OBJ) -name '*.d' 2>/dev/null)

clean:
	rm -rf build

run: all
	bash examples/demo.sh
