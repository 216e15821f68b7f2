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
        cmpb    $0, smap_enabled(%rip)
        je      1f
        stac                            /* SMAP: guest pages are user pages */
1:      rep movsb
        xor     %eax, %eax
        jmp     3f
2:      mov     %rcx, %rax
3:      cmpb    $0, smap_enabled(%rip)
        je      4f
        clac
4:      ret
END(raw_copy_guest)

        .pushsection __ex_table, "a"
        .balign 8
        .quad   1b, 2b
        .popsection

/*
 * rdmsr_safe(msr, *val): EDI = MSR, RSI = where the value goes.
 * Returns 0, or -1 if the MSR does not exist (#GP). Clobbers RCX, RDX.
 */
FUNC(rdmsr_safe)
        mov     %edi, %ecx
5:      rdmsr
        shl     $32, %rdx
        or      %rdx, %rax
        mov     %rax, (%rsi)
        xor     %eax, %eax
        ret
6:      mov     $-1, %eax
        ret
END(rdmsr_safe)

        .pushsection __ex_table, "a"
        .balign 8
        .quad   5b, 6b
        .popsection
