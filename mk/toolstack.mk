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

# What a program that calls build_pv_domain() links: the builder and the
# hypervisor's ELF readers (-Ihypervisor/include -Iarch/x86_64/include);
# strlcpy comes from the C library (newlib has it) or hypervisor/lib.
BUILDER_SRCS := toolstack/lib/build.c hypervisor/core/elf.c hypervisor/core/xen_elfnotes.c

# tests/integration/guest-build-pv: a dom0 test guest that links the
# builder (compiled as guest code) and embeds guest-console-hello.elf to
# build and start.
BUILDPV_OBJS := $(patsubst %,$(GUEST_OUT)/obj/%.o,$(BUILDER_SRCS) hypervisor/lib/strlcpy.c)
.SECONDARY: $(BUILDPV_OBJS)

$(GUEST_OUT)/obj/tests/integration/guest-build-pv/main.c.o: $(GUEST_OUT)/guest-console-hello.elf
$(GUEST_OUT)/obj/tests/integration/guest-build-pv/main.c.o: GUEST_CFLAGS += -Itoolstack/lib
$(GUEST_OUT)/guest-build-pv.elf: $(GUEST_OUT)/obj/tests/integration/guest-build-pv/main.c.o \
                                 $(BUILDPV_OBJS) $(GUEST_LIB_OBJS) $(GUEST_LDS)
	@echo "  LD      $@"
	$(Q)gcc $(GUEST_LDFLAGS) -Wl,-T,$(GUEST_LDS) -o $@ $< $(BUILDPV_OBJS) $(GUEST_LIB_OBJS)
