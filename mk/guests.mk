# SPDX-License-Identifier: MIT
# PV test guests: one per tests/integration/guest-*/ folder (main.c and a
# test.conf), each linked with the runtime in tests/integration/lib/ into
# build/guests/<name>.elf. `make test-xen` runs them all as dom0 on Xen 4.17
# (the differential oracle, DESIGN.md section 6).
#
#   make test-xen [XEN_TESTS=glob]   build the guests, run each on Xen, table

GUEST_OUT    := $(BUILD)/guests
GUEST_LIB    := tests/integration/lib
GUEST_NAMES  := $(notdir $(patsubst %/main.c,%,$(wildcard tests/integration/guest-*/main.c)))
GUEST_ELFS   := $(patsubst %,$(GUEST_OUT)/%.elf,$(GUEST_NAMES))
ALL_TARGETS  += $(GUEST_ELFS)

# Freestanding, kernel code model (linked in the top 2 GiB, see
# tests/integration/lib/layout.h), no red zone: the hypervisor pushes bounce
# frames right at the interrupted RSP. hypervisor/lib (vsnprintf, string
# functions) is compiled in, so its headers are on the path.
GUEST_CFLAGS := -std=gnu11 -O2 -g -ffreestanding -fno-stack-protector \
                -fno-stack-clash-protection -fcf-protection=none \
                -fno-pie -mcmodel=kernel -mno-red-zone \
                -mno-mmx -mno-sse -mno-sse2 -mno-avx -msoft-float \
                -fno-asynchronous-unwind-tables -fno-common \
                -fno-strict-aliasing -fno-omit-frame-pointer \
                $(WARN_CFLAGS) \
                -I$(GUEST_LIB) -I$(GUEST_OUT)/include -Ihypervisor/include \
                -Iarch/x86_64/include \
                -include hypervisor/include/hv/compiler.h -MMD -MP
GUEST_ASFLAGS := $(filter-out -std=gnu11,$(GUEST_CFLAGS)) -D__ASSEMBLER__
GUEST_LDFLAGS := -nostdlib -static -no-pie -Wl,--no-dynamic-linker \
                 -Wl,-z,max-page-size=0x1000 -Wl,-z,noexecstack \
                 -Wl,--build-id=none -Wl,--no-warn-rwx-segments

GUEST_LIB_SRCS := $(wildcard $(GUEST_LIB)/*.c $(GUEST_LIB)/*.S) \
                  hypervisor/lib/vsnprintf.c hypervisor/lib/string.c
GUEST_LIB_SRCS := $(filter-out $(GUEST_LIB)/asm-offsets.c $(GUEST_LIB)/guest.lds.S,\
                    $(GUEST_LIB_SRCS))
GUEST_LIB_OBJS := $(patsubst %,$(GUEST_OUT)/obj/%.o,$(GUEST_LIB_SRCS))
GUEST_MAIN_OBJS := $(patsubst %,$(GUEST_OUT)/obj/tests/integration/%/main.c.o,$(GUEST_NAMES))
# Built through a pattern chain: keep them, or make deletes them as intermediates.
.SECONDARY: $(GUEST_LIB_OBJS) $(GUEST_MAIN_OBJS)
GUEST_OFFSETS  := $(GUEST_OUT)/include/guest-offsets.h
GUEST_LDS      := $(GUEST_OUT)/guest.lds

$(GUEST_OUT)/obj/%.c.o: %.c | $(GUEST_OFFSETS)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)gcc $(GUEST_CFLAGS) -DTEST_NAME='"$(notdir $(patsubst %/,%,$(dir $<)))"' -c $< -o $@

$(GUEST_OUT)/obj/%.S.o: %.S $(GUEST_OFFSETS)
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	$(Q)gcc $(GUEST_ASFLAGS) -c $< -o $@

# Constants for the assembly, from the C structures (lib/asm-offsets.c).
$(GUEST_OFFSETS): $(GUEST_LIB)/asm-offsets.c $(wildcard $(GUEST_LIB)/*.h)
	@mkdir -p $(dir $@)
	@echo "  GEN     $@"
	$(Q)gcc $(filter-out -MMD -MP,$(GUEST_CFLAGS)) -S $< -o $@.s
	$(Q){ echo "/* Generated from $<, do not edit. */"; \
	      echo "#ifndef GUEST_OFFSETS_H"; echo "#define GUEST_OFFSETS_H"; \
	      sed -n 's/.*->\([A-Za-z_0-9]*\) \(-\{0,1\}[0-9]*\).*/#define \1 \2/p' $@.s; \
	      echo "#endif"; } > $@.tmp
	$(Q)rm -f $@.s
	$(Q)mv $@.tmp $@

$(GUEST_LDS): $(GUEST_LIB)/guest.lds.S $(GUEST_LIB)/layout.h
	@mkdir -p $(dir $@)
	$(Q)gcc -E -P -x c -I$(GUEST_LIB) $< | sed '1i /* Generated from $<, do not edit. */' > $@

$(GUEST_OUT)/%.elf: $(GUEST_OUT)/obj/tests/integration/%/main.c.o $(GUEST_LIB_OBJS) $(GUEST_LDS)
	@echo "  LD      $@"
	$(Q)gcc $(GUEST_LDFLAGS) -Wl,-T,$(GUEST_LDS) -o $@ $< $(GUEST_LIB_OBJS)

.PHONY: guests test-xen
guests: $(GUEST_ELFS)

# deps.sh --xen fetches and unpacks Xen's package once (a no-op after).
XEN_TESTS ?= guest-*
test-xen: $(GUEST_ELFS)
	$(Q)scripts/deps.sh --xen
	$(Q)scripts/run-xen.sh --tests '$(XEN_TESTS)'
