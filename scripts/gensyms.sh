#!/bin/sh
# SPDX-License-Identifier: MIT
# Generate the hypervisor's symbol table (assembly) from a linked ELF.
# Usage: gensyms.sh pvisor0.elf > symbols.S   (/dev/null gives an empty table)
set -e
elf=$1
echo "/* Generated from $elf by scripts/gensyms.sh, do not edit. */"
echo '    .section .hvsyms, "a"'
echo '    .balign 8'
echo '    .globl hv_nr_symbols, hv_symbols'
if [ "$elf" = /dev/null ]; then
    echo 'hv_nr_symbols: .quad 0'
    echo 'hv_symbols:'
    exit 0
fi
nm -n --defined-only "$elf" | awk '
    $2 ~ /^[tTwW]$/ && $3 !~ /^\./ { addr[n] = $1; name[n] = $3; n++ }
    $3 == "__text_end" { end = $1 }
    END {
        printf "hv_nr_symbols: .quad %d\n", n + 1
        printf "hv_symbols:\n"
        for (i = 0; i < n; i++)
            printf "    .quad 0x%s, .Lname%d\n", addr[i], i
        printf "    .quad 0x%s, .Lname_end\n", end
        for (i = 0; i < n; i++)
            printf ".Lname%d: .asciz \"%s\"\n", i, name[i]
        printf ".Lname_end: .asciz \"(end)\"\n"
    }'
