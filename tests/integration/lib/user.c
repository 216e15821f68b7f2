/* SPDX-License-Identifier: MIT */
/* Test-guest user mode: setup, entry frame and the syscall callback. */
#include <public/callback.h>
#include "test.h"
#include "user.h"

long user_enter(struct trap_frame *frame);
void user_exit_stub(void);

static trap_handler_t syscall_handler;
/* The stack user_run() starts user code on. */
static uint64_t user_stack[GUEST_STACK_SIZE / 8] __aligned(16);

void user_set_syscall_handler(trap_handler_t handler)
{
    syscall_handler = handler;
}

static bool user_syscall(struct trap_frame *f)
{
    if (f->rax == USER_EXIT_NR)
        user_return((long)f->rdi);
    return syscall_handler && syscall_handler(f);
}

long user_init(void)
{
    struct mmuext_op op = {
        .cmd = MMUEXT_NEW_USER_BASEPTR,
        .arg1.mfn = virt_to_mfn((const void *)start_info->pt_base),
    };
    struct callback_register cb = {
        .type = CALLBACKTYPE_syscall,
        .flags = CALLBACKF_mask_events,
        .address = (uint64_t)(uintptr_t)syscall_entry,
    };
    long rc;

    rc = HYPERVISOR_stack_switch(FLAT_KERNEL_SS,
                                 (uint64_t)(uintptr_t)user_kernel_stack_top);
    if (rc) {
        printf("user_init: stack_switch returned %ld\n", rc);
        return rc;
    }
    rc = HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
    if (rc) {
        printf("user_init: MMUEXT_NEW_USER_BASEPTR returned %ld\n", rc);
        return rc;
    }
    rc = HYPERVISOR_callback_op(CALLBACKOP_register, &cb);
    if (rc) {
        printf("user_init: registering the syscall callback returned %ld\n", rc);
        return rc;
    }
    trap_set_handler(TRAP_SYSCALL, user_syscall);
    return 0;
}

long user_run(long (*fn)(void))
{
    /* Read by the iret hypercall after user_enter has left this frame. */
    static struct trap_frame frame;
    /* As if called: the return address leads to user_exit_stub. */
    uint64_t *sp = &user_stack[ARRAY_SIZE(user_stack) - 1];

    *sp = (uint64_t)(uintptr_t)user_exit_stub;
    frame = (struct trap_frame){
        .rip = (uint64_t)(uintptr_t)fn,
        .cs = FLAT_USER_CS,
        .rflags = 1ULL << 1,
        .rsp = (uint64_t)(uintptr_t)sp,
        .ss = FLAT_USER_SS,
        .iret_flags = 0,
    };
    /* Comes back through user_return, with its value. */
    return user_enter(&frame);
}
