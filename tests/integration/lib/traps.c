/* SPDX-License-Identifier: MIT */
/* Test-guest exceptions: trap table, dispatch to handlers and fixups. */
#include "smp.h"
#include "test.h"

struct fault_info last_fault;
static trap_handler_t handlers[TRAP_NR];

/* The entry stubs push in the order of struct trap_frame (entry.S). */
BUILD_BUG_ON(offsetof(struct trap_frame, vector) != 15 * 8);
BUILD_BUG_ON(offsetof(struct trap_frame, rip) != 17 * 8);
BUILD_BUG_ON(sizeof(struct trap_frame) != 22 * 8);

struct extable_entry {
    uint64_t fault;
    uint64_t fixup;
};
extern const struct extable_entry __start_ex_table[], __stop_ex_table[];

static const char *const names[32] = {
    "#DE", "#DB", "NMI", "#BP", "#OF", "#BR", "#UD", "#NM",
    "#DF", "vec 9", "#TS", "#NP", "#SS", "#GP", "#PF", "vec 15",
    "#MF", "#AC", "#MC", "#XM", "#VE", "#CP", "vec 22", "vec 23",
    "vec 24", "vec 25", "vec 26", "vec 27", "#HV", "#VC", "#SX", "vec 31",
};

const char *trap_name(unsigned int vector)
{
    if (vector < 32)
        return names[vector];
    return vector == TRAP_SYSCALL ? "syscall" : "vec ?";
}

void trap_fill_table(struct trap_info table[32])
{
    for (unsigned int v = 0; v < 32; v++) {
        table[v] = (struct trap_info){
            .vector = v,
            /* int3 and into must work from any mode, as on hardware. */
            .flags = (v == TRAP_BP || v == TRAP_OF) ? 3 : 0,
            .cs = FLAT_KERNEL_CS,
            .address = trap_entry_table[v],
        };
    }
}

long trap_init(void)
{
    /* 32 vectors and the terminating zero entry. */
    static struct trap_info table[33];

    trap_fill_table(table);
    return HYPERVISOR_set_trap_table(table);
}

void trap_set_handler(unsigned int vector, trap_handler_t handler)
{
    if (vector < TRAP_NR)
        handlers[vector] = handler;
}

void fault_clear(void)
{
    memset(&last_fault, 0, sizeof(last_fault));
    last_fault.vector = ~0U;
}

void fault_record(const struct trap_frame *f)
{
    last_fault.count++;
    last_fault.vector = (unsigned int)f->vector;
    last_fault.error_code = f->error_code;
    last_fault.rip = f->rip;
    last_fault.cs = f->cs;
    last_fault.rflags = f->rflags;
    last_fault.rsp = f->rsp;
    last_fault.cr2 = 0;
    if (f->vector == TRAP_PF)
        last_fault.cr2 = shared_info_map()->vcpu_info[smp_cpu()].arch.cr2;
}

void trap_dump(const struct trap_frame *f)
{
    printf("%s (vector %llu) error code %#llx\n", trap_name((unsigned int)f->vector),
           (unsigned long long)f->vector, (unsigned long long)f->error_code);
    printf("RIP %04llx:%016llx RFLAGS %016llx upcall mask %llu\n",
           (unsigned long long)(f->cs & 0xffff), (unsigned long long)f->rip,
           (unsigned long long)f->rflags, (unsigned long long)((f->cs >> 32) & 0xff));
    printf("RSP %04llx:%016llx\n", (unsigned long long)(f->ss & 0xffff),
           (unsigned long long)f->rsp);
    printf("RAX %016llx RBX %016llx RCX %016llx RDX %016llx\n",
           (unsigned long long)f->rax, (unsigned long long)f->rbx,
           (unsigned long long)f->rcx, (unsigned long long)f->rdx);
    printf("RSI %016llx RDI %016llx RBP %016llx R8  %016llx\n",
           (unsigned long long)f->rsi, (unsigned long long)f->rdi,
           (unsigned long long)f->rbp, (unsigned long long)f->r8);
    printf("R9  %016llx R10 %016llx R11 %016llx R12 %016llx\n",
           (unsigned long long)f->r9, (unsigned long long)f->r10,
           (unsigned long long)f->r11, (unsigned long long)f->r12);
    printf("R13 %016llx R14 %016llx R15 %016llx\n",
           (unsigned long long)f->r13, (unsigned long long)f->r14,
           (unsigned long long)f->r15);
    if (f->vector == TRAP_PF)
        printf("CR2 %016llx\n",
               (unsigned long long)shared_info_map()->vcpu_info[smp_cpu()].arch.cr2);
}

void trap_dispatch(struct trap_frame *f)
{
    unsigned int v = (unsigned int)f->vector;
    /* Linker symbols of one section: compared as integers, not pointers. */
    size_t n = ((uintptr_t)__stop_ex_table - (uintptr_t)__start_ex_table) /
               sizeof(struct extable_entry);

    if (handlers[v] && handlers[v](f))
        goto out;
    for (size_t i = 0; i < n; i++) {
        if (__start_ex_table[i].fault == f->rip) {
            fault_record(f);
            f->rip = __start_ex_table[i].fixup;
            goto out;
        }
    }
    printf("Unexpected exception:\n");
    trap_dump(f);
    test_result(TEST_FAILURE, "unexpected %s at %#llx", trap_name(v),
                (unsigned long long)f->rip);
out:
    /* The error-code slot becomes iret_context.flags: plain IRETQ return. */
    if (v != TRAP_SYSCALL || f->iret_flags != VGCF_in_syscall)
        f->iret_flags = 0;
}
