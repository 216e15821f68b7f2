# SPDX-License-Identifier: MIT
# Integration tests under QEMU, make run, make bench.
#
# Each tests/integration/<area>-<what>/test.conf describes one test (see
# tests/integration/README.md); scripts/run-integration.sh boots each one
# and ends with "N passed, N failed".

QEMU        ?= qemu-system-x86_64
RUN_CMDLINE ?= console=com1,fb loglvl=info
RUN_BOOT    ?= efi

# make test: build, unit tests, the conformance guests on Xen 4.17, then
# the integration tests on pvisor, which end with the table comparing the
# two (scripts/compare-xen.sh) and the line "N passed, N failed".
test: deps
	$(Q)scripts/deps.sh --xen
	$(Q)$(MAKE) --no-print-directory all
	$(Q)$(MAKE) --no-print-directory unit
	$(Q)$(MAKE) --no-print-directory test-xen
	$(Q)$(MAKE) --no-print-directory integration

integration: all
	$(Q)scripts/run-integration.sh

run: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)scripts/run-qemu.sh --boot $(RUN_BOOT) --cmdline "$(RUN_CMDLINE)" \
	    $(if $(DOM0),--dom0 "$(DOM0)" --dom0-cmdline "$(DOM0_CMDLINE)") \
	    $(foreach m,$(DOM0_INITRD),--module "$(m)") --smp 2 --interactive \
	    $(if $(filter efi,$(RUN_BOOT)),$(if $(GUESTS),--guests "$(GUESTS)"))

# make soak: the long hostile run (10^6 hostile hypercalls beside a victim)
# and the leak figure (1000 domain lifetimes, scripts/leaks.sh).
soak: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)scripts/soak.sh

bench: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)scripts/bench.sh
	$(Q)scripts/leaks.sh
