# SPDX-License-Identifier: MIT
# Malformed dom0 kernels for the dom0-bad-* integration tests: each a copy of
# a good test guest broken in one way by scripts/mkbadelf.py (which lists
# the variants and what each breaks: scripts/mkbadelf.py --list).

BADELF_OUT      := $(BUILD)/badelf
BADELF_GOOD     := $(BUILD)/guests/guest-console-hello.elf
BADELF_VARIANTS := truncated magic class32 noload segoff entry nonotes \
                   hvrange hcallpage noteentry toolarge virtunaligned \
                   noncanon top virtwrap
BADELF_FILES    := $(patsubst %,$(BADELF_OUT)/%.elf,$(BADELF_VARIANTS))
ALL_TARGETS     += $(BADELF_FILES)

$(BADELF_OUT)/%.elf: $(BADELF_GOOD) scripts/mkbadelf.py
	@mkdir -p $(dir $@)
	@echo "  BADELF  $@"
	$(Q)python3 scripts/mkbadelf.py $< $(BADELF_OUT) $*

.PHONY: badelf
badelf: $(BADELF_FILES)
