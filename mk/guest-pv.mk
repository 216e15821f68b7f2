# SPDX-License-Identifier: MIT
# The guest porting SDK (guest-pv/): libpv.a (pv_ops, hypercalls, entry,
# events, console, time, grants), pvkern (guest-pv/kernel) and the images
# of programs run under pvkern: one PV kernel ELF per program, in
# build/guest-pv/<name>.elf.
#
# Programs: the examples (guest-pv/examples/<name>/*.c) and the pvkern-*
# integration tests (tests/integration/pvkern-<what>/prog.c, plus an
# optional kmod.c: kernel-side test code linked into the kernel).
#
# Three kinds of object, three flag sets:
#   libpv   freestanding, position independent (links low or high), no libc
#   kernel  pvkern: kernel code model (top 2 GiB), against newlib
#   user    programs: small code model (user half), against newlib
# All may use SSE: the entry path saves the FPU/SSE state (lib/entry.S).

GPV_OUT      := $(BUILD)/guest-pv
GPV_INC      := -Iguest-pv/include -Ihypervisor/include
GPV_CFLAGS   := -std=gnu11 -O2 -g -ffreestanding -fno-stack-protector \
                -fno-stack-clash-protection -fcf-protection=none -mno-red-zone \
                -fno-asynchronous-unwind-tables -fno-common -fno-strict-aliasing \
                $(WARN_CFLAGS) -MMD -MP
GPV_LIB_CFLAGS    := $(GPV_CFLAGS) -fpie -nostdinc \
                     -isystem $(shell gcc -print-file-name=include) $(GPV_INC)
GPV_KERNEL_CFLAGS := $(GPV_CFLAGS) -fno-pie -mcmodel=kernel $(NEWLIB_CFLAGS) $(GPV_INC) \
                     -Iguest-pv/kernel
GPV_USER_CFLAGS   := $(GPV_CFLAGS) -fno-pie $(NEWLIB_CFLAGS) -Iguest-pv/include
GPV_LDFLAGS  := -nostdlib -static -no-pie -Wl,--no-dynamic-linker \
                -Wl,-z,max-page-size=0x1000 -Wl,-z,noexecstack \
                -Wl,--build-id=none -Wl,--no-warn-rwx-segments

GPV_LIB_SRCS    := $(wildcard guest-pv/lib/*.c guest-pv/lib/*.S)
GPV_KERNEL_SRCS := $(filter-out guest-pv/kernel/head.S guest-pv/kernel/program.S \
                     guest-pv/kernel/pvkern.lds.S, \
                     $(wildcard guest-pv/kernel/*.c guest-pv/kernel/*.S))
GPV_USER_SRCS   := $(wildcard guest-pv/kernel/user/*.c guest-pv/kernel/user/*.S)

GPV_LIB_OBJS    := $(patsubst %,$(GPV_OUT)/lib/%.o,$(GPV_LIB_SRCS))
GPV_KERNEL_OBJS := $(patsubst %,$(GPV_OUT)/kernel/%.o,$(GPV_KERNEL_SRCS))
GPV_USER_OBJS   := $(patsubst %,$(GPV_OUT)/user/%.o,$(GPV_USER_SRCS))
GPV_HEAD        := $(GPV_OUT)/kernel/guest-pv/kernel/head.S.o

GPV_LIBPV    := $(GPV_OUT)/libpv.a
GPV_KLDS     := $(GPV_OUT)/pvkern.lds
GPV_ULDS     := guest-pv/kernel/user/user.lds

# GPV_COMPILE(kind, flags, extra prerequisite): the C and .S rules for
# objects under $(GPV_OUT)/<kind>/.
define GPV_COMPILE
$(GPV_OUT)/$(1)/%.c.o: %.c $(3)
	@mkdir -p $$(dir $$@)
	@echo "  CC      $$<"
	$(Q)gcc $(2) -c $$< -o $$@
$(GPV_OUT)/$(1)/%.S.o: %.S
	@mkdir -p $$(dir $$@)
	@echo "  AS      $$<"
	$(Q)gcc $(2) -D__ASSEMBLER__ -c $$< -o $$@
endef
$(eval $(call GPV_COMPILE,lib,$(GPV_LIB_CFLAGS),))
$(eval $(call GPV_COMPILE,kernel,$(GPV_KERNEL_CFLAGS),$(NEWLIB_STAMP)))
$(eval $(call GPV_COMPILE,user,$(GPV_USER_CFLAGS),$(NEWLIB_STAMP)))

$(GPV_LIBPV): $(GPV_LIB_OBJS)
	@echo "  AR      $@"
	$(Q)rm -f $@ && ar rcs $@ $^

$(GPV_KLDS): guest-pv/kernel/pvkern.lds.S guest-pv/kernel/pvkern.h
	@mkdir -p $(dir $@)
	$(Q)gcc -E -P -x c -Iguest-pv/include $< | \
	    sed '1i /* Generated from $<, do not edit. */' > $@

# GPV_IMAGE(name, program sources, kernel-side sources[, object kind]): the
# program ELF (build/guest-pv/prog/<name>.elf) and the pvkern image that
# runs it. The program's objects are of kind "user" unless a fourth
# argument names another GPV_COMPILE kind (dom0's, with more include paths).
define GPV_IMAGE
GPV_IMAGES += $(GPV_OUT)/$(1).elf
$(GPV_OUT)/prog/$(1).elf: $(patsubst %,$(GPV_OUT)/$(or $(4),user)/%.o,$(2)) $(GPV_USER_OBJS) $(GPV_ULDS)
	@mkdir -p $$(dir $$@)
	@echo "  LD      $$@"
	$(Q)gcc $(GPV_LDFLAGS) -Wl,-T,$(GPV_ULDS) -o $$@ \
	    $(patsubst %,$(GPV_OUT)/$(or $(4),user)/%.o,$(2)) $(GPV_USER_OBJS) $(NEWLIB_LIBS)
$(GPV_OUT)/program/$(1).o: guest-pv/kernel/program.S $(GPV_OUT)/prog/$(1).elf
	@mkdir -p $$(dir $$@)
	$(Q)gcc -c -DPROGRAM_ELF='"$(GPV_OUT)/prog/$(1).elf"' -DPROGRAM_NAME='"$(1)"' $$< -o $$@
$(GPV_OUT)/$(1).elf: $(GPV_HEAD) $(GPV_OUT)/program/$(1).o \
        $(patsubst %,$(GPV_OUT)/kernel/%.o,$(3)) $(GPV_KERNEL_OBJS) $(GPV_LIBPV) $(GPV_KLDS)
	@echo "  LD      $$@"
	$(Q)gcc $(GPV_LDFLAGS) -Wl,-T,$(GPV_KLDS) -o $$@ $(GPV_HEAD) \
	    $(GPV_OUT)/program/$(1).o $(patsubst %,$(GPV_OUT)/kernel/%.o,$(3)) \
	    $(GPV_KERNEL_OBJS) $(GPV_LIBPV) $(NEWLIB_LIBS)
endef

GPV_IMAGES :=
GPV_EXAMPLES := $(notdir $(patsubst %/,%,$(dir $(wildcard guest-pv/examples/*/*.c))))
$(foreach e,$(sort $(GPV_EXAMPLES)),$(eval $(call GPV_IMAGE,$(e),$(wildcard guest-pv/examples/$(e)/*.c),)))
GPV_TESTS := $(notdir $(patsubst %/prog.c,%,$(wildcard tests/integration/pvkern-*/prog.c)))
$(foreach t,$(GPV_TESTS),$(eval $(call GPV_IMAGE,$(t),tests/integration/$(t)/prog.c,\
    $(wildcard tests/integration/$(t)/kmod.c))))

.SECONDARY: $(GPV_LIB_OBJS) $(GPV_KERNEL_OBJS) $(GPV_USER_OBJS)
ALL_TARGETS += $(GPV_LIBPV) $(GPV_IMAGES)

.PHONY: guest-pv
guest-pv: $(GPV_IMAGES)

# The pvkern-* tests are conformance tests too: `make test-xen` runs them on
# Xen 4.17 as well, before the guest-* ones, and scripts/compare-xen.sh
# puts them in the pvisor-versus-Xen table.
.PHONY: test-xen-pvkern
test-xen: test-xen-pvkern
test-xen-pvkern: $(GPV_IMAGES)
	$(Q)scripts/deps.sh --xen
	$(Q)scripts/run-xen.sh --tests 'pvkern-*'

# The pvkern-* images also boot without a hypervisor (pv_ops_native):
# scripts/test-native.sh runs them so, and compares the deterministic
# workload's results natively, on pvisor and on Xen. Part of make test
# (through make integration).
.PHONY: test-native
integration: test-native
test-native: $(GPV_IMAGES) $(HV_MB)
	$(Q)scripts/test-native.sh

# make bench: also the PV-versus-native figures (scripts/bench-pv.sh).
.PHONY: bench-pv
bench: bench-pv
bench-pv: $(GPV_IMAGES) $(HV_MB)
	$(Q)scripts/bench-pv.sh

# make sdk PREFIX=dir: the SDK for porters (scripts/install-sdk.sh says what
# goes where). test-sdk installs one in build/, builds the out-of-tree
# example guest-pv/sdk/example against it alone, and boots the result on
# pvisor and natively; part of make test (through make integration).
.PHONY: sdk test-sdk
sdk: $(GPV_LIBPV) $(GPV_HEAD) $(GPV_KERNEL_OBJS) $(GPV_USER_OBJS) $(GPV_KLDS) $(NEWLIB_STAMP)
	@test -n "$(PREFIX)" || { echo "usage: make sdk PREFIX=/install/dir"; exit 1; }
	$(Q)scripts/install-sdk.sh "$(PREFIX)" $(GPV_OUT) $(NEWLIB_DIR)

GPV_SDK_TEST := $(abspath $(BUILD))/sdk-test
integration: test-sdk
test-sdk: $(HV_MB)
	$(Q)rm -rf $(GPV_SDK_TEST)
	$(Q)$(MAKE) --no-print-directory sdk PREFIX=$(GPV_SDK_TEST)/prefix >/dev/null
	$(Q)for h in $(GPV_SDK_TEST)/prefix/include/pv/*.h $(GPV_SDK_TEST)/prefix/include/pvkern/*.h; do \
	     printf '#include <%s>\n' "$${h#$(GPV_SDK_TEST)/prefix/include/}" | \
	     gcc -std=gnu11 -ffreestanding -nostdinc -Wall -Wextra -Werror -fsyntax-only \
	         -isystem $(GPV_SDK_TEST)/prefix/newlib/include \
	         -isystem $(shell gcc -print-file-name=include) \
	         -I$(GPV_SDK_TEST)/prefix/include -x c - || exit 1; \
	 done; echo "PASS  sdk: each installed header compiles alone, from the prefix only"
	$(Q)$(MAKE) --no-print-directory -s -C guest-pv/sdk/example \
	    PVSDK=$(GPV_SDK_TEST)/prefix O=$(GPV_SDK_TEST)/out
	$(Q)scripts/run-native.sh --timeout 30 --log $(GPV_SDK_TEST)/native.log \
	    $(GPV_SDK_TEST)/out/sdk-hello.elf test; \
	 scripts/run-qemu.sh --boot multiboot --cmdline test --timeout 30 \
	    --log $(GPV_SDK_TEST)/pvisor.log --dom0 $(GPV_SDK_TEST)/out/sdk-hello.elf \
	    --dom0-cmdline test >/dev/null 2>&1; \
	 for run in native pvisor; do \
	     if grep -q 'sdk-hello: built out of tree' $(GPV_SDK_TEST)/$$run.log && \
	        grep -q 'Test result: SUCCESS' $(GPV_SDK_TEST)/$$run.log; then \
	         echo "PASS  sdk: out-of-tree example built from the installed SDK ($$run)"; \
	     else \
	         echo "FAIL  sdk: out-of-tree example ($$run); log: $(GPV_SDK_TEST)/$$run.log"; \
	         exit 1; \
	     fi; \
	 done
