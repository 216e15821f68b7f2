# SPDX-License-Identifier: MIT
# dom0 (toolstack/dom0): pvkern running the dom0 program (shell, pvctl, the
# console backend, the domain builder), and its initrd: a cpio newc archive
# of the guests it can create (/guests: kernels and configs), /etc/rc (what
# it creates at boot) and the test sessions' scripts and files (/tests).
#
#   build/guest-pv/dom0.elf     the dom0 kernel image
#   build/dom0/initrd.cpio      its initrd
#
# GUESTS=dir (make run, make image) adds a folder of your own to /guests.
# Booted through UEFI (make image, make run) its files go on the ESP, into
# \pvisor\guests\, where a user can also drop files on a real USB stick:
# the loader appends them to the initrd (arch/x86_64/boot/efi_guests.c).
# With make run RUN_BOOT=multiboot they are packed into the initrd here.

DOM0_OUT   := $(BUILD)/dom0
# hypervisor/lib/string.c in place of newlib's string functions: its
# memcpy moves 8 bytes an instruction (`rep movsq`), where newlib's x86-64
# memcpy takes ~37 instructions per 128 bytes; the builder copies a whole
# kernel image. The linker then leaves newlib's out.
DOM0_SRCS  := $(wildcard toolstack/dom0/*.c toolstack/lib/*.c toolstack/pvctl/*.c) \
              hypervisor/core/elf.c hypervisor/core/xen_elfnotes.c hypervisor/lib/string.c
DOM0_CFLAGS := $(GPV_USER_CFLAGS) -Itoolstack/lib -Itoolstack/pvctl -Itoolstack/dom0 \
               -Ihypervisor/include -Iarch/x86_64/include

$(eval $(call GPV_COMPILE,dom0,$(DOM0_CFLAGS),$(NEWLIB_STAMP)))
$(eval $(call GPV_IMAGE,dom0,$(DOM0_SRCS),,dom0))

# The example guests dom0 offers, stripped (debug info is half their size).
DOM0_GUESTS := hello ticker
DOM0_GUEST_FILES := $(patsubst %,$(GPV_OUT)/%.elf,$(DOM0_GUESTS))
DOM0_FILES := $(wildcard toolstack/dom0/guests/* toolstack/dom0/etc/* \
                         tests/integration/dom0-*/files/*)
GUESTS ?=
DOM0_INITRD_GUESTS = $(if $(filter multiboot,$(RUN_BOOT)),$(GUESTS))

# The folder the initrd holds, so that a change (or none any more) rebuilds it.
# (RUN_BOOT's default, efi, is set later in mk/integration.mk: in the
# prerequisites below it is still empty unless given, which means efi too.)
$(DOM0_OUT)/guests.stamp: FORCE
	@mkdir -p $(dir $@)
	$(Q)echo '$(DOM0_INITRD_GUESTS)' | cmp -s - $@ || echo '$(DOM0_INITRD_GUESTS)' > $@

$(DOM0_OUT)/initrd.cpio: $(DOM0_GUEST_FILES) $(DOM0_FILES) $(BADELF_FILES) \
        scripts/mkcpio.py $(DOM0_OUT)/guests.stamp $(if $(DOM0_INITRD_GUESTS),FORCE)
	@mkdir -p $(dir $@)
	@echo "  CPIO    $@"
	$(Q)rm -rf $(DOM0_OUT)/root && mkdir -p $(DOM0_OUT)/root/guests $(DOM0_OUT)/root/etc \
	    $(DOM0_OUT)/root/tests
	$(Q)for g in $(DOM0_GUESTS); do \
	    strip -o $(DOM0_OUT)/root/guests/$$g.elf $(GPV_OUT)/$$g.elf || exit 1; done
	$(Q)cp toolstack/dom0/guests/* $(DOM0_OUT)/root/guests/
	$(Q)cp toolstack/dom0/etc/* $(DOM0_OUT)/root/etc/
	$(Q)for d in tests/integration/dom0-*/files; do \
	    [ -d "$$d" ] || continue; t=$$(basename $$(dirname $$d)); \
	    mkdir -p $(DOM0_OUT)/root/tests/$$t && cp -r $$d/. $(DOM0_OUT)/root/tests/$$t/; done
	$(Q)mkdir -p $(DOM0_OUT)/root/tests/badelf && cp $(BADELF_FILES) $(DOM0_OUT)/root/tests/badelf/
	$(Q)$(if $(DOM0_INITRD_GUESTS),cp -r $(DOM0_INITRD_GUESTS)/. $(DOM0_OUT)/root/guests/)
	$(Q)python3 scripts/mkcpio.py $(DOM0_OUT)/root $@

# tests/integration/dom0-esp-noinitrd: a file past the EFI loader's 64 MiB
# limit for \pvisor\guests\ (sparse: it takes no disk space).
DOM0_ESP_TOOLARGE := $(DOM0_OUT)/esp-toolarge/toolarge.bin
$(DOM0_ESP_TOOLARGE):
	@mkdir -p $(dir $@)
	$(Q)truncate -s 65M $@
ALL_TARGETS += $(DOM0_ESP_TOOLARGE)

.PHONY: FORCE dom0
FORCE:
dom0: $(GPV_OUT)/dom0.elf $(DOM0_OUT)/initrd.cpio
ALL_TARGETS += $(GPV_OUT)/dom0.elf $(DOM0_OUT)/initrd.cpio
