# SPDX-License-Identifier: MIT
# The hypervisor image: build/hypervisor/pvisor.elf (loaded by the EFI
# loader) and build/pvisor.mb (the same image, flat, for multiboot -kernel).

HV_OUT     := $(BUILD)/hypervisor
HV_CC      := gcc
HV_CFLAGS  := -std=gnu11 -O2 -g -ffreestanding -fno-stack-protector \
              -fno-stack-clash-protection -fcf-protection=none \
              -mno-red-zone -mno-mmx -mno-sse -mno-sse2 -mno-avx -msoft-float \
              -fpie -fno-omit-frame-pointer -fno-asynchronous-unwind-tables \
              -fno-common -fno-strict-aliasing \
              $(WARN_CFLAGS) \
              -Ihypervisor/include -Iarch/x86_64/include \
              -include hypervisor/include/hv/compiler.h -MMD -MP
# The hypercall fast path (syscall entry to return) runs without frame
# pointers: the null hypercall's count matters (docs/PERFORMANCE.md), and
# backtraces still follow the RBP chain through these functions (they
# leave RBP alone), only without naming them.
HV_CFLAGS_pv.c        := -fomit-frame-pointer
HV_CFLAGS_hypercall.c := -fomit-frame-pointer
HV_CFLAGS_version.c   := -fomit-frame-pointer
HV_CFLAGS_evtchn.c    := -fomit-frame-pointer
HV_CFLAGS_hypercalls.c := -fomit-frame-pointer
HV_ASFLAGS := $(filter-out -std=gnu11,$(HV_CFLAGS)) -D__ASSEMBLER__
HV_LDFLAGS := -nostdlib -static -no-pie -Wl,--no-dynamic-linker \
              -Wl,-z,max-page-size=0x1000 -Wl,-z,noexecstack -Wl,--build-id=none \
              -Wl,-T,arch/x86_64/hypervisor.lds

HV_SRCS := $(wildcard hypervisor/core/*.c hypervisor/lib/*.c \
             arch/x86_64/entry/*.S arch/x86_64/entry/*.c \
             arch/x86_64/cpu/*.c arch/x86_64/cpu/*.S \
             arch/x86_64/mm/*.c arch/x86_64/mm/*.S arch/x86_64/pv/*.c \
             arch/x86_64/trap/*.c arch/x86_64/trap/*.S)
# Generated sources: the framebuffer console's font.
HV_GEN_SRCS := $(BUILD)/generated/font8x16.c
HV_SRCS     += $(HV_GEN_SRCS)
HV_OBJS := $(patsubst %,$(HV_OUT)/%.o,$(HV_SRCS))

HV_ELF  := $(HV_OUT)/pvisor.elf
HV_MB   := $(BUILD)/pvisor.mb
ALL_TARGETS += $(HV_ELF) $(HV_MB)

$(HV_OUT)/%.c.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(HV_CC) $(HV_CFLAGS) $(HV_CFLAGS_$(notdir $<)) -c $< -o $@

$(HV_OUT)/%.S.o: %.S
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	$(Q)$(HV_CC) $(HV_ASFLAGS) -c $< -o $@

# Two links: the first finds the symbols, the second embeds a symbol table
# (build/hypervisor/symbols.S, generated) so backtraces print names.
HV_SYMS0 := $(HV_OUT)/symbols0.S
HV_SYMS  := $(HV_OUT)/symbols.S

$(HV_SYMS0): scripts/gensyms.sh
	@mkdir -p $(dir $@)
	$(Q)scripts/gensyms.sh /dev/null > $@

$(HV_OUT)/pvisor0.elf: $(HV_OBJS) $(HV_OUT)/symbols0.S.o arch/x86_64/hypervisor.lds
	@echo "  LD      $@"
	$(Q)$(HV_CC) $(HV_LDFLAGS) -o $@ $(HV_OBJS) $(HV_OUT)/symbols0.S.o

$(HV_SYMS): $(HV_OUT)/pvisor0.elf scripts/gensyms.sh
	$(Q)scripts/gensyms.sh $< > $@

$(HV_OUT)/symbols0.S.o: $(HV_SYMS0)
	$(Q)$(HV_CC) $(HV_ASFLAGS) -c $< -o $@

$(HV_OUT)/symbols.S.o: $(HV_SYMS)
	$(Q)$(HV_CC) $(HV_ASFLAGS) -c $< -o $@

$(HV_ELF): $(HV_OBJS) $(HV_OUT)/symbols.S.o arch/x86_64/hypervisor.lds
	@echo "  LD      $@"
	$(Q)$(HV_CC) $(HV_LDFLAGS) -o $@ $(HV_OBJS) $(HV_OUT)/symbols.S.o
	$(Q)scripts/check-image.sh $@

$(HV_MB): $(HV_ELF)
	@echo "  OBJCOPY $@"
	$(Q)objcopy -O binary $< $@

# The framebuffer console's font (scripts/genfont.py; deps.sh installs the package).
FBCON_FONT := /usr/share/consolefonts/Lat15-VGA16.psf.gz
$(BUILD)/generated/font8x16.c: scripts/genfont.py
	@mkdir -p $(dir $@)
	@echo "  GEN     $@"
	$(Q)python3 scripts/genfont.py $(FBCON_FONT) $@
