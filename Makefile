# SPDX-License-Identifier: MIT
# pvisor: the one entry point. Fragments live in mk/.
#
#   make            build everything into build/
#   make run        boot pvisor under QEMU, serial console on this terminal
#   make test       install what is missing, build, run unit and integration tests
#   make bench      print BENCH lines (docs/PERFORMANCE.md)
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
.PHONY: all deps clean test run image bench newlib unit integration headers-check

WARN_CFLAGS := -Wall -Wextra -Werror -Wshadow -Wmissing-prototypes \
               -Wstrict-prototypes -Wno-unused-parameter

deps:
	$(Q)scripts/deps.sh

include mk/hypervisor.mk
include $(wildcard mk/efi.mk)
include $(wildcard mk/newlib.mk)
include $(wildcard mk/headers.mk)
include $(wildcard mk/guests.mk)
include $(wildcard mk/badelf.mk)
include mk/unit.mk
include mk/integration.mk

all: $(ALL_TARGETS)

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
