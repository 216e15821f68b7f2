# SPDX-License-Identifier: MIT
# dom0 (toolstack/dom0): pvkern running the dom0 program (shell, pvctl, the
# console backend, the domain builder), and its initrd: a cpio newc archive
# of the guests it can create (/guests: kernels and configs), /etc/rc (what
# it creates at boot) and the test sessions' scripts and files (/tests).
#
#   build/guest-pv/dom0.elf     the dom0 kernel image
#   build/dom0/initrd.cpio      its initrd (make run GUESTS=dir adds a folder)

DOM0_OUT   := $(BUILD)/dom0
DOM0_SRCS  := $(wildcard toolstack/dom0/*.c toolstack/lib/*.c toolstack/pvctl/*.c) \
              hypervisor/core/elf.c hypervisor/core/xen_elfnotes.c
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

$(DOM0_OUT)/initrd.cpio: $(DOM0_GUEST_FILES) $(DOM0_FILES) $(BADELF_FILES) \
        scripts/mkcpio.py $(if $(GUESTS),FORCE)
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
	$(Q)$(if $(GUESTS),cp -r $(GUESTS)/. $(DOM0_OUT)/root/guests/)
	$(Q)python3 scripts/mkcpio.py $(DOM0_OUT)/root $@

.PHONY: FORCE dom0
FORCE:
dom0: $(GPV_OUT)/dom0.elf $(DOM0_OUT)/initrd.cpio
ALL_TARGETS += $(GPV_OUT)/dom0.elf $(DOM0_OUT)/initrd.cpio
