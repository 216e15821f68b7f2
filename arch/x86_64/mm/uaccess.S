/* SPDX-License-Identifier: MIT */
/*
 * Copies between the hypervisor and guest virtual memory that survive a
 * fault: each instruction that may touch a guest address has an entry in
 * __ex_table {faulting RIP, fixup RIP}; the trap handler resumes at the
 * fixup (trap/traps.c). The caller has checked the range is guest space.
 */
#include <asm/asm.h>

/*
 * raw_copy_guest(dst, src, n): RDI = dst, RSI = src, RDX = n.
 * Returns in RAX the number of bytes NOT copied (0 = success).
 * Clobbers RCX, RSI, RDI.
 */
FUNC(raw_copy_guest)
        mov     %rdx, %rcx
1:      rep movsb
        xor     %eax, %eax
        ret
2:      mov     %rcx, %rax
        ret
END(raw_copy_guest)

        .pushsection __ex_table, "a"
        .balign 8
        .quad   1b, 2b
        .popsection
