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
 * Clobbers RCX, RDX, RSI, RDI. Eight bytes at a time, then the tail.
 */
FUNC(raw_copy_guest)
        mov     %rdx, %rcx
        shr     $3, %rcx
        and     $7, %edx
        cmpb    $0, smap_enabled(%rip)
        je      1f
        stac                            /* SMAP: guest pages are user pages */
1:      rep movsq
        mov     %rdx, %rcx
2:      rep movsb
        xor     %eax, %eax
        jmp     5f
3:      lea     (%rdx, %rcx, 8), %rax   /* faulted in the quadwords */
        jmp     5f
4:      mov     %rcx, %rax              /* faulted in the tail */
5:      cmpb    $0, smap_enabled(%rip)
        je      6f
        clac
6:      ret
END(raw_copy_guest)

        .pushsection __ex_table, "a"
        .balign 8
        .quad   1b, 3b
        .quad   2b, 4b
        .popsection

/*
 * rdmsr_safe(msr, *val): EDI = MSR, RSI = where the value goes.
 * Returns 0, or -1 if the MSR does not exist (#GP). Clobbers RCX, RDX.
 */
FUNC(rdmsr_safe)
        mov     %edi, %ecx
7:      rdmsr
        shl     $32, %rdx
        or      %rdx, %rax
        mov     %rax, (%rsi)
        xor     %eax, %eax
        ret
8:      mov     $-1, %eax
        ret
END(rdmsr_safe)

        .pushsection __ex_table, "a"
        .balign 8
        .quad   7b, 8b
        .popsection
