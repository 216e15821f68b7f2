# SPDX-License-Identifier: MIT
# newlib (libc, libm) for the guest kernel. scripts/build-newlib.sh builds it
# once into $(BUILD)/cache/newlib-<hash>/ and points $(BUILD)/cache/newlib at
# it; the script runs on every make that needs newlib, costs ~30 ms when the
# cache is current, and only then touches NEWLIB_STAMP, so objects that
# depend on the stamp are rebuilt exactly when newlib changes.
#
# For other fragments:
#   NEWLIB_DIR     the installed target prefix: $(NEWLIB_DIR)/include, /lib
#   NEWLIB_STAMP   make guest objects depend on this
#   NEWLIB_CFLAGS  compile against newlib instead of the host C library; add
#                  the kernel's own -mcmodel/-fpie choice (newlib is -fpie, so
#                  it links low or at 0xffffffff80000000)
#   NEWLIB_LIBS    put last on the link line (libc, libm and libgcc, grouped)
# The guest must provide the syscall stubs newlib calls: write, read, sbrk,
# close, lseek, fstat, isatty, kill, getpid and _exit (DESIGN.md section 7).

NEWLIB_DIR    := $(BUILD)/cache/newlib/x86_64-elf
NEWLIB_STAMP  := $(BUILD)/cache/newlib/.stamp
NEWLIB_CFLAGS := -ffreestanding -fno-stack-protector -mno-red-zone -nostdinc \
                 -isystem $(NEWLIB_DIR)/include \
                 -isystem $(shell gcc -print-file-name=include)
NEWLIB_LIBS   := -L$(NEWLIB_DIR)/lib -Wl,--start-group -lc -lm -lgcc \
                 -Wl,--end-group

.PHONY: newlib-check-cache
$(NEWLIB_STAMP): newlib-check-cache
	$(Q)BUILD=$(BUILD) scripts/build-newlib.sh

newlib: $(NEWLIB_STAMP)

# The guest kernel links it; building it in "all" proves it builds.
ALL_TARGETS += $(NEWLIB_STAMP)
