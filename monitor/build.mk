MONITOR_SRCS := monitor/main.c monitor/cmd_verify.c
MONITOR_OBJS := $(MONITOR_SRCS:%.c=$(OBJ)/%.o)
host-tools: $(BIN)/intravisor
$(BIN)/intravisor: $(MONITOR_OBJS) $(BUILD)/lib/libverifier.a
	@mkdir -p $(dir $@)
	$(CC) $(HOST_LDFLAGS) $^ -lZydis -lpthread -o $@
