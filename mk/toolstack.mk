# SPDX-License-Identifier: MIT
# The toolstack's portable core (toolstack/lib, toolstack/pvctl), compiled
# for the host as strict ISO C11 (-std=c11 -pedantic: no POSIX or GNU
# library calls slip in), since dom0 builds the same files against newlib.
# Part of `make`; the unit tests (tests/unit/config, tests/unit/pvctl) run
# them. Linking pvctl into the dom0 image comes with toolstack/dom0.

TS_OUT    := $(BUILD)/toolstack
TS_SRCS   := $(wildcard toolstack/lib/*.c toolstack/pvctl/*.c)
TS_OBJS   := $(patsubst toolstack/%.c,$(TS_OUT)/%.o,$(TS_SRCS))
TS_CFLAGS := -std=c11 -pedantic -O2 $(WARN_CFLAGS) -MMD -MP \
             -Ihypervisor/include -Itoolstack/lib

ALL_TARGETS += $(TS_OBJS)

$(TS_OUT)/%.o: toolstack/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $@"
	$(Q)gcc $(TS_CFLAGS) -c -o $@ $<
