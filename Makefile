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

# The dom0 kernel make run and make image use. Until the dom0 image exists
# (the toolstack issue) it is a demo PV guest that prints through console_io
# and powers off. DOM0= (empty) boots the hypervisor alone.
DOM0 ?= build/guests/guest-console-hello.elf

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
include $(wildcard mk/fuzz.mk)
include mk/unit.mk
include mk/integration.mk

all: $(ALL_TARGETS)

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
