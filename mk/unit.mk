# SPDX-License-Identifier: MIT
# Host unit tests (CUnit, ASan + UBSan). Each tests/unit/<name>/ holds one
# test_<name>.c defining unit_register(), and a file SOURCES listing the
# product sources it tests (paths from the top), one per line. The harness in
# tests/unit/common/ provides main() and stubs (printk, panic, ...).

UNIT_OUT    := $(BUILD)/unit
UNIT_DIRS   := $(filter-out common,$(notdir $(wildcard tests/unit/*)))
UNIT_BINS   := $(patsubst %,$(UNIT_OUT)/%,$(UNIT_DIRS))
UNIT_CFLAGS := -std=gnu11 -g -O1 -fsanitize=address,undefined \
               -fno-sanitize-recover=all -fno-omit-frame-pointer \
               $(WARN_CFLAGS) -Wno-missing-prototypes \
               -DPVISOR_HOST_TEST -Ihypervisor/include -Iarch/x86_64/include \
               -Itests/unit/common -Itoolstack/lib \
               -include hypervisor/include/hv/compiler.h
UNIT_LIBS   := -lcunit
UNIT_COMMON := tests/unit/common/harness.c tests/unit/common/stubs.c

# An optional file CFLAGS beside SOURCES holds extra flags for the product
# sources only (not the test or the harness): e.g. -Dvsnprintf=hv_vsnprintf,
# to test a function that would clash with the host's C library. Those
# sources are then compiled apart, into one relocatable object.
define unit_rule
UNIT_EXTRA_$(1) := $$(shell cat tests/unit/$(1)/CFLAGS 2>/dev/null)
$(UNIT_OUT)/$(1): $$(wildcard tests/unit/$(1)/*.c tests/unit/$(1)/*.h) \
                 tests/unit/$(1)/SOURCES $$(wildcard tests/unit/$(1)/CFLAGS) \
                 $$(wildcard tests/unit/common/*) \
                 $$(shell cat tests/unit/$(1)/SOURCES 2>/dev/null)
	@mkdir -p $$(dir $$@)
	@echo "  HOSTCC  $$@"
ifneq ($$(UNIT_EXTRA_$(1)),)
	$$(Q)gcc $$(UNIT_CFLAGS) $$(UNIT_EXTRA_$(1)) -r -nostdlib -o $$@-product.o \
	    $$(shell cat tests/unit/$(1)/SOURCES)
	$$(Q)gcc $$(UNIT_CFLAGS) -o $$@ $$(wildcard tests/unit/$(1)/*.c) \
	    $$(UNIT_COMMON) $$@-product.o $$(UNIT_LIBS)
else
	$$(Q)gcc $$(UNIT_CFLAGS) -o $$@ $$(wildcard tests/unit/$(1)/*.c) \
	    $$(UNIT_COMMON) $$(shell cat tests/unit/$(1)/SOURCES) $$(UNIT_LIBS)
endif
endef
$(foreach d,$(UNIT_DIRS),$(eval $(call unit_rule,$(d))))

# The fuzzers' seeds and crashers replay here too (mk/fuzz.mk).
unit: $(UNIT_BINS) $(FUZZ_REPLAY)
	$(Q)scripts/run-unit.sh $(UNIT_BINS) $(FUZZ_REPLAY)
