/* SPDX-License-Identifier: MIT */
/* Kernel entry, C part: installing the stubs and handing frames to the hooks. */
#include <pv/console.h>
#include <pv/frame.h>
#include <pv/pv_ops.h>
#include <public/sched.h>

struct pv_entry_hooks pv_entry_hooks;

/* entry.S */
extern const uint64_t pv_exception_stubs[32];
void pv_syscall_entry(void);
void pv_event_entry(void);
void pv_failsafe_entry(void);
void pv_entry_dispatch(struct pv_frame *f);

static const char *const names[32] = {
    "#DE", "#DB", "NMI", "#BP", "#OF", "#BR", "#UD", "#NM",
    "#DF", "vector 9", "#TS", "#NP", "#SS", "#GP", "#PF", "vector 15",
    "#MF", "#AC", "#MC", "#XM", "#VE", "#CP", "vector 22", "vector 23",
    "vector 24", "vector 25", "vector 26", "vector 27", "#HV", "#VC", "#SX", "vector 31",
};

const char *pv_vector_name(uint64_t vector)
{
    if (vector < 32)
        return names[vector];
    if (vector == PV_VEC_SYSCALL)
        return "syscall";
    return vector == PV_VEC_EVENT ? "event" : "unknown entry";
}

long pv_entry_init(uint64_t kernel_sp)
{
    struct pv_gate gates[33];
    const struct pv_entries entries = {
        .syscall = (uint64_t)(uintptr_t)pv_syscall_entry,
        .event = (uint64_t)(uintptr_t)pv_event_entry,
        .failsafe = (uint64_t)(uintptr_t)pv_failsafe_entry,
    };
    long rc;

    for (unsigned int v = 0; v < 32; v++) {
        gates[v] = (struct pv_gate){
            .vector = (uint8_t)v,
            /* int3 and into are instructions user code may use, as on hardware. */
            .dpl = (v == PV_VEC_BP || v == 4) ? 3 : 0,
            .handler = pv_exception_stubs[v],
        };
    }
    gates[32] = (struct pv_gate){ 0 };
    rc = pv_ops.cpu.load_idt(gates);
    if (!rc)
        rc = pv_ops.cpu.set_entries(&entries);
    if (!rc && kernel_sp)
        rc = pv_ops.cpu.load_tr(kernel_sp);
    return rc;
}

/* No hook for this entry: say what happened where, and crash the domain. */
static PV_NORETURN void unhandled(const struct pv_frame *f)
{
    static const char hex[] = "0123456789abcdef";
    char msg[] = "libpv: unhandled ???????????????? at rip 0x0000000000000000\n";
    const char *name = pv_vector_name(f->vector);
    unsigned int i;

    for (i = 0; name[i] && i < 16; i++)
        msg[18 + i] = name[i];
    for (; i < 16; i++)
        msg[18 + i] = ' ';
    for (i = 0; i < 16; i++)
        msg[59 - i] = hex[(f->rip >> (4 * i)) & 15];
    (void)pv_console_write(msg, sizeof(msg) - 1);
    pv_ops.cpu.shutdown(SHUTDOWN_crash);
}

/* Called by entry.S with the frame, on a 16-byte aligned stack. */
void pv_entry_dispatch(struct pv_frame *f)
{
    pv_entry_hook_t hook;

    if (f->vector < 32)
        hook = pv_entry_hooks.exception;
    else if (f->vector == PV_VEC_SYSCALL)
        hook = pv_entry_hooks.syscall;
    else
        hook = pv_entry_hooks.event;
    if (!hook)
        unhandled(f);
    hook(f);
    /* The error-code word becomes the iret flags: only a syscall may SYSRET. */
    if (f->vector != PV_VEC_SYSCALL)
        f->error_code = 0;
    else
        f->error_code &= PV_RETURN_SYSRET;
}
