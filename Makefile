# SPDX-License-Identifier: MIT
# pvisor: the one entry point. Fragments live in mk/.
#
#   make            build everything into build/
#   make run        boot pvisor under QEMU, serial console on this terminal
#   make test       install what is missing, build, run unit and integration tests
#   make bench      print BENCH lines (docs/PERFORMANCE.md)
#   make soak       the long hostile run: 10^6 hostile hypercalls beside a victim
#   make fuzz       the host fuzzers, FUZZ_TIME seconds each (not in make test)
#   make image      FAT ESP image (build/pvisor-esp.img) for a USB stick
#                   (GUESTS=dir: a folder of guests into its \pvisor\guests\)
#   make newlib     build newlib for the guest kernel (cached)
#   make deps       install missing Debian packages (scripts/deps.sh)

BUILD   ?= build
V       ?= 0
ifeq ($(V),0)
Q := @
else
Q :=
endif

.DEFAULT_GOAL := all
.PHONY: all deps clean test run image bench soak newlib unit integration headers-check

WARN_CFLAGS := -Wall -Wextra -Werror -Wshadow -Wmissing-prototypes \
               -Wstrict-prototypes -Wno-unused-parameter

# The dom0 kernel make run and make image use: pvkern running the dom0
# program (shell, pvctl, console backend; toolstack/dom0) with its initrd
# of guests (mk/dom0.mk; GUESTS=dir adds a folder of your own: on the ESP
# under UEFI, in the initrd with multiboot). DOM0=file
# boots another kernel as dom0 (no initrd), DOM0= the hypervisor alone.
DOM0 ?= build/guest-pv/dom0.elf
DOM0_INITRD ?= $(if $(filter build/guest-pv/dom0.elf,$(DOM0)),build/dom0/initrd.cpio)

deps:
	$(Q)scripts/deps.sh

include mk/hypervisor.mk
include $(wildcard mk/efi.mk)
include $(wildcard mk/newlib.mk)
include $(wildcard mk/headers.mk)
include $(wildcard mk/guests.mk)
include $(wildcard mk/guest-pv.mk)
include $(wildcard mk/badelf.mk)
include $(wildcard mk/toolstack.mk)
include $(wildcard mk/dom0.mk)
include $(wildcard mk/fuzz.mk)
include mk/unit.mk
include mk/integration.mk

all: $(ALL_TARGETS)

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
