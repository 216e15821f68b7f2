# SPDX-License-Identifier: MIT
# pvisor guest SDK, Makefile fragment (installed as <prefix>/share/pvsdk.mk
# by `make sdk PREFIX=<prefix>`): build pvkern images of your own programs,
# or your own kernel on libpv, outside the pvisor tree.
#
#   PVSDK := /where/you/installed/it
#   include $(PVSDK)/share/pvsdk.mk
#   $(eval $(call pvsdk_image,out/hello,hello.c util.c))   # -> out/hello.elf
#
# out/hello.elf boots as a PV guest (pvisor, Xen) and natively (multiboot).
# For a kernel of your own: compile with $(PVSDK_KERNEL_CFLAGS), link
# $(PVSDK)/lib/libpv.a, and read $(PVSDK)/share/doc/porting.md.

PVSDK    ?= $(abspath $(dir $(lastword $(MAKEFILE_LIST)))/..)
PVSDK_CC ?= gcc

PVSDK_BASE_CFLAGS := -std=gnu11 -O2 -g -ffreestanding -fno-stack-protector \
    -fno-stack-clash-protection -fcf-protection=none -mno-red-zone \
    -fno-asynchronous-unwind-tables -nostdinc -isystem $(PVSDK)/newlib/include \
    -isystem $(shell $(PVSDK_CC) -print-file-name=include) -I$(PVSDK)/include
# Programs under pvkern (user mode, linked low).
PVSDK_CFLAGS        := $(PVSDK_BASE_CFLAGS) -fno-pie
# Kernel code linked in the top 2 GiB, as pvkern is.
PVSDK_KERNEL_CFLAGS := $(PVSDK_BASE_CFLAGS) -fno-pie -mcmodel=kernel
PVSDK_LDFLAGS := -nostdlib -static -no-pie -Wl,--no-dynamic-linker \
    -Wl,-z,max-page-size=0x1000 -Wl,-z,noexecstack -Wl,--build-id=none \
    -Wl,--no-warn-rwx-segments
PVSDK_LIBC    := -L$(PVSDK)/newlib/lib -lc -lm -lgcc
PVSDK_KDIR    := $(PVSDK)/lib/pvkern

# pvsdk_image(out, sources): out.elf = pvkern running the program built
# from the C sources (and out.prog.elf, the program alone).
define pvsdk_image
$(1).prog.elf: $(2)
	@mkdir -p $$(dir $$@)
	$$(PVSDK_CC) $$(PVSDK_CFLAGS) $$(PVSDK_LDFLAGS) -Wl,-T,$$(PVSDK_KDIR)/user.lds \
	    -Wl,-u,_start -o $$@ $(2) -Wl,--start-group $$(PVSDK_KDIR)/libpvkern-user.a \
	    $$(PVSDK_LIBC) -Wl,--end-group
$(1).elf: $(1).prog.elf
	$$(PVSDK_CC) -c -DPROGRAM_ELF='"$$<"' -DPROGRAM_NAME='"$(notdir $(1))"' \
	    $$(PVSDK_KDIR)/program.S -o $(1).prog.o
	$$(PVSDK_CC) $$(PVSDK_LDFLAGS) -Wl,-T,$$(PVSDK_KDIR)/pvkern.lds -o $$@ \
	    $$(PVSDK_KDIR)/head.o $(1).prog.o -Wl,--start-group $$(PVSDK_KDIR)/libpvkern.a \
	    $$(PVSDK)/lib/libpv.a $$(PVSDK_LIBC) -Wl,--end-group
endef
