# SPDX-License-Identifier: MIT
# Host fuzzers (libFuzzer, Debian's clang). Each tests/fuzz/<name>/ holds
# fuzz_<name>.c (LLVMFuzzerTestOneInput and what it checks), a file SOURCES
# listing the product sources it runs (as the unit tests; a test double such
# as tests/unit/build/fake.c may be listed too), optionally a file CFLAGS of
# extra flags (e.g. -I of such a double), a corpus/ of seeds and, once
# something was found, crashers/ (kept after the fix).
#
#   make fuzz                each fuzzer for FUZZ_TIME seconds (default 60)
#   make fuzz FUZZERS=elf    only some
#
# Each run starts from build/fuzz/corpus/<name> (what earlier runs found)
# plus the seeds; a crash leaves its input in build/fuzz/crashers/<name>/
# and fails the target. `make unit` replays every seed and crasher through
# the same harnesses, built with gcc (tests/fuzz/common/replay.c).

FUZZ_OUT     := $(BUILD)/fuzz
FUZZ_TIME    ?= 60
FUZZ_ALL     := $(patsubst tests/fuzz/%/SOURCES,%,$(wildcard tests/fuzz/*/SOURCES))
FUZZERS      ?= $(FUZZ_ALL)
FUZZ_INC     := -DPVISOR_HOST_TEST -Ihypervisor/include -Iarch/x86_64/include \
                -Itests/fuzz/common -Itests/unit/common -Itoolstack/lib \
                -include hypervisor/include/hv/compiler.h
FUZZ_CFLAGS  := -std=gnu11 -g -O1 -fno-omit-frame-pointer $(WARN_CFLAGS) \
                -Wno-missing-prototypes $(FUZZ_INC)
FUZZ_BINS    := $(patsubst %,$(FUZZ_OUT)/bin/%,$(FUZZ_ALL))
FUZZ_REPLAY  := $(patsubst %,$(FUZZ_OUT)/replay/%,$(FUZZ_ALL))

define fuzz_rule
$(FUZZ_OUT)/bin/$(1): tests/fuzz/$(1)/fuzz_$(1).c tests/fuzz/$(1)/SOURCES \
                      $$(wildcard tests/fuzz/$(1)/CFLAGS) \
                      tests/fuzz/common/fuzz.h tests/unit/common/stubs.c \
                      $$(shell cat tests/fuzz/$(1)/SOURCES 2>/dev/null)
	@mkdir -p $$(dir $$@)
	@echo "  FUZZCC  $$@"
	$$(Q)clang $$(FUZZ_CFLAGS) $$(shell cat tests/fuzz/$(1)/CFLAGS 2>/dev/null) \
	    -fsanitize=fuzzer,address,undefined \
	    -fno-sanitize-recover=undefined -o $$@ $$< tests/unit/common/stubs.c \
	    $$(shell cat tests/fuzz/$(1)/SOURCES)

$(FUZZ_OUT)/replay/$(1): tests/fuzz/$(1)/fuzz_$(1).c tests/fuzz/$(1)/SOURCES \
                         $$(wildcard tests/fuzz/$(1)/CFLAGS) \
                         tests/fuzz/common/fuzz.h tests/fuzz/common/replay.c \
                         tests/unit/common/stubs.c \
                         $$(shell cat tests/fuzz/$(1)/SOURCES 2>/dev/null)
	@mkdir -p $$(dir $$@)
	@echo "  HOSTCC  $$@"
	$$(Q)gcc $$(FUZZ_CFLAGS) $$(shell cat tests/fuzz/$(1)/CFLAGS 2>/dev/null) \
	    -fsanitize=address,undefined -fno-sanitize-recover=all \
	    -DFUZZ_NAME='"$(1)"' -o $$@ $$< tests/fuzz/common/replay.c \
	    tests/unit/common/stubs.c $$(shell cat tests/fuzz/$(1)/SOURCES)
endef
$(foreach f,$(FUZZ_ALL),$(eval $(call fuzz_rule,$(f))))

.PHONY: fuzz fuzz-build
fuzz-build: $(FUZZ_BINS)

fuzz: $(patsubst %,$(FUZZ_OUT)/bin/%,$(FUZZERS))
	$(Q)FUZZ_OUT=$(FUZZ_OUT) FUZZ_TIME=$(FUZZ_TIME) scripts/fuzz.sh $(FUZZERS)
