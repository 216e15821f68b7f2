# SPDX-License-Identifier: MIT
# The UEFI loader (build/boot/BOOTX64.EFI, GNU-EFI) and the ESP image
# (build/pvisor-esp.img, `make image`).
#
# GNU-EFI's way: build a position-independent ELF shared object linked with
# its crt0 and linker script, then objcopy it into a PE32+ application. We
# use GNU_EFI_USE_MS_ABI (direct calls into the firmware tables) and do not
# link libefi: strings and vsnprintf come from hypervisor/lib, and the ELF
# reader is the hypervisor's own hypervisor/core/elf.c.

EFI_OUT    := $(BUILD)/boot
EFI_APP    := $(EFI_OUT)/BOOTX64.EFI
EFI_SO     := $(EFI_OUT)/bootx64.so
EFI_INC    := /usr/include/efi
EFI_LIBDIR := /usr/lib
EFI_CRT0   := $(EFI_LIBDIR)/crt0-efi-x86_64.o
EFI_LDS    := $(EFI_LIBDIR)/elf_x86_64_efi.lds

EFI_CFLAGS := -std=gnu11 -O2 -g -ffreestanding -fpic -fshort-wchar \
              -fno-stack-protector -fno-stack-clash-protection -fcf-protection=none \
              -mno-red-zone -mno-mmx -mno-sse -mno-sse2 -mno-avx -msoft-float \
              -maccumulate-outgoing-args -fvisibility=hidden \
              -fno-common -fno-strict-aliasing -fno-asynchronous-unwind-tables \
              -DGNU_EFI_USE_MS_ABI -DGNU_EFI_USE_EXTERNAL_STDARG \
              -isystem $(EFI_INC) -isystem $(EFI_INC)/x86_64 \
              $(WARN_CFLAGS) \
              -Ihypervisor/include -Iarch/x86_64/include \
              -include hypervisor/include/hv/compiler.h -MMD -MP
EFI_ASFLAGS := $(filter-out -std=gnu11,$(EFI_CFLAGS)) -D__ASSEMBLER__

EFI_SRCS := arch/x86_64/boot/efi_main.c arch/x86_64/boot/efi_console.c \
            arch/x86_64/boot/efi_mem.c arch/x86_64/boot/efi_file.c \
            arch/x86_64/boot/efi_load.c arch/x86_64/boot/efi_info.c \
            arch/x86_64/boot/efi_exit.c arch/x86_64/boot/efi_handoff.S \
            arch/x86_64/boot/efi_guests.c arch/x86_64/boot/bootcpio.c \
            arch/x86_64/boot/bootcfg.c arch/x86_64/boot/bootmap.c \
            hypervisor/core/elf.c \
            hypervisor/lib/string.c hypervisor/lib/strlcpy.c \
            hypervisor/lib/vsnprintf.c
EFI_OBJS := $(patsubst %,$(EFI_OUT)/obj/%.o,$(EFI_SRCS))

ALL_TARGETS += $(EFI_APP)

$(EFI_OUT)/obj/%.c.o: %.c
	@mkdir -p $(dir $@)
	@echo "  EFICC   $<"
	$(Q)gcc $(EFI_CFLAGS) -c $< -o $@

$(EFI_OUT)/obj/%.S.o: %.S
	@mkdir -p $(dir $@)
	@echo "  EFIAS   $<"
	$(Q)gcc $(EFI_ASFLAGS) -c $< -o $@

# -Bsymbolic: references bind inside the object; crt0's _relocate applies
# the remaining R_X86_64_RELATIVE relocations at run time.
$(EFI_SO): $(EFI_OBJS)
	@echo "  LD      $@"
	$(Q)ld -nostdlib -znocombreloc -z noexecstack -shared -Bsymbolic \
	    --no-undefined -T $(EFI_LDS) -o $@ $(EFI_CRT0) $(EFI_OBJS) \
	    -L$(EFI_LIBDIR) -lgnuefi

$(EFI_APP): $(EFI_SO)
	@echo "  OBJCOPY $@"
	$(Q)objcopy -j .text -j .sdata -j .data -j .rodata -j .dynamic -j .dynsym \
	    -j .rel -j .rela -j '.rel.*' -j '.rela.*' -j .reloc \
	    --target efi-app-x86_64 --subsystem=10 $< $@

# ESP image: loader, hypervisor and a generated pvisor.cfg. Override with
#   make image HV_CMDLINE="..." DOM0=file DOM0_CMDLINE="..." MODULES="f1 f2"
# GUESTS=dir copies a folder into \pvisor\guests\ (mk/dom0.mk).
ESP_IMG      := $(BUILD)/pvisor-esp.img
HV_CMDLINE   ?= console=com1,fb loglvl=info

DOM0_CMDLINE ?=
MODULES      ?= $(DOM0_INITRD)

image: $(ESP_IMG)

$(ESP_IMG): $(EFI_APP) $(HV_ELF) scripts/mkimage.sh $(DOM0) $(MODULES) FORCE_ESP
	@echo "  IMAGE   $@"
	$(Q)scripts/mkimage.sh $@ --efi $(EFI_APP) --hv $(HV_ELF) \
	    --cmdline "$(HV_CMDLINE)" \
	    $(if $(DOM0),--dom0 "$(DOM0)" --dom0-cmdline "$(DOM0_CMDLINE)") \
	    $(foreach m,$(MODULES),--module "$(m)") \
	    $(if $(GUESTS),--guests "$(GUESTS)")

# The image depends on make variables as well as files: rebuild it each time
# (a few hundred milliseconds with mtools).
.PHONY: FORCE_ESP
FORCE_ESP:
