/* SPDX-License-Identifier: MIT */
/* Minimal echo domains built by a dom0 test guest (minidom.h). */
#include <stddef.h>

#include <public/domctl.h>
#include <public/errno.h>
#include <public/event_channel.h>
#include <public/memory.h>
#include <public/xen.h>

#include "minidom.h"
#include "pt.h"
#include "test.h"

#define PFN_L4      0
#define PFN_L3      1
#define PFN_L2      2
#define PFN_L1      3
#define PFN_CODE    4
#define SI_VA       (MINIDOM_BASE + MINIDOM_FRAMES * 4096)   /* shared_info */

/*
 * The echo program: position-independent, in one page with its data; the
 * stack is the top of the same page. `remote_port` is patched by dom0.
 */
extern const char echo_start[], echo_end[], echo_remote_port[];
__asm__(".pushsection .rodata\n"
        "echo_start:\n"
        "  mov $24, %eax\n"                 /* vcpu_op */
        "  mov $7, %edi\n"                  /* VCPUOP_stop_periodic_timer */
        "  xor %esi, %esi\n"
        "  xor %edx, %edx\n"
        "  syscall\n"
        "  mov $32, %eax\n"                 /* event_channel_op */
        "  xor %edi, %edi\n"                /* EVTCHNOP_bind_interdomain */
        "  lea bind(%rip), %rsi\n"
        "  syscall\n"
        "  test %rax, %rax\n"
        "  jnz 2f\n"
        "  mov bind+8(%rip), %eax\n"        /* local_port */
        "  mov %eax, port(%rip)\n"
        "  lea port(%rip), %rax\n"
        "  mov %rax, poll(%rip)\n"          /* sched_poll.ports */
        "1: mov $29, %eax\n"                /* sched_op */
        "  mov $3, %edi\n"                  /* SCHEDOP_poll */
        "  lea poll(%rip), %rsi\n"
        "  syscall\n"
        "  mov port(%rip), %ecx\n"          /* clear it in evtchn_pending */
        "  movabs $" STRINGIFY(SI_VA) " + 2048, %rdx\n"
        "  lock btr %rcx, (%rdx)\n"
        "  mov $32, %eax\n"
        "  mov $4, %edi\n"                  /* EVTCHNOP_send */
        "  lea port(%rip), %rsi\n"
        "  syscall\n"
        "  jmp 1b\n"
        "2: mov $29, %eax\n"
        "  mov $2, %edi\n"                  /* SCHEDOP_shutdown */
        "  lea reason(%rip), %rsi\n"
        "  syscall\n"
        "  ud2\n"
        "  .balign 8\n"
        "bind: .short 0, 0\n"               /* remote_dom = 0 */
        "echo_remote_port: .long 0\n"
        "  .long 0, 0\n"                    /* local_port */
        "port: .long 0, 0\n"
        "poll: .quad 0\n"                   /* ports */
        "  .long 1, 0\n"                    /* nr_ports */
        "  .quad 0\n"                       /* timeout: none */
        "reason: .long 3\n"                 /* SHUTDOWN_crash */
        "echo_end:\n"
        ".popsection");

_Static_assert(offsetof(struct shared_info, evtchn_pending) == 2048, "evtchn_pending");

static void *win;
static uint64_t win_l1e;
static uint64_t frames[MINIDOM_FRAMES];
static uint64_t si_mfn;
static uint32_t remote_port;

static long domctl(struct pvisor_domctl *op)
{
    op->interface_version = PVISOR_DOMCTL_VERSION;
    return hypercall1(__HYPERVISOR_domctl, op);
}

uint64_t minidom_free_pages(void)
{
    struct pvisor_sysctl op = { .cmd = PVISOR_SYSCTL_physinfo,
                                .interface_version = PVISOR_SYSCTL_VERSION };

    CHECK_EQ(hypercall1(__HYPERVISOR_sysctl, &op), 0, "sysctl physinfo");
    return op.u.physinfo.free_pages;
}

void minidom_init(void)
{
    win = pt_take_window();
    win_l1e = pt_entry_ma(pt_boot_l4(), (uint64_t)(uintptr_t)win, 1);
    CHECK(win_l1e != 0, "the window's L1 entry");
}

void minidom_fill_table(uint64_t *t, unsigned int pfn, const uint64_t *mfn, unsigned int nr)
{
    const uint64_t table = PTE_P | PTE_RW | PTE_US | PTE_A;

    switch (pfn) {
    case PFN_L4: t[0] = (mfn[PFN_L3] << 12) | table; break;
    case PFN_L3: t[0] = (mfn[PFN_L2] << 12) | table; break;
    case PFN_L2: t[pt_index(MINIDOM_BASE, 2)] = (mfn[PFN_L1] << 12) | table; break;
    case PFN_L1:
        for (unsigned int i = 0; i < nr; i++)
            t[i] = (mfn[i] << 12) | PTE_P | PTE_US | PTE_A |
                   (i <= PFN_L1 ? 0 : PTE_RW | PTE_D);      /* tables read-only */
        break;
    }
}

void minidom_context(struct vcpu_guest_context *c, uint64_t rip, uint64_t rsp,
                     uint64_t l4_mfn)
{
    memset(c, 0, sizeof(*c));
    c->flags = VGCF_in_kernel | VGCF_online;
    c->user_regs.rip = rip;
    c->user_regs.rsp = rsp;
    c->user_regs.cs = FLAT_KERNEL_CS64;
    c->user_regs.ss = FLAT_KERNEL_SS64;
    c->user_regs.rflags = 0x200;
    c->kernel_ss = FLAT_KERNEL_SS64;
    c->kernel_sp = rsp;
    c->ctrlreg[3] = l4_mfn << 12;
}

static void fill_l4(uint64_t *t) { minidom_fill_table(t, PFN_L4, frames, MINIDOM_FRAMES); }
static void fill_l3(uint64_t *t) { minidom_fill_table(t, PFN_L3, frames, MINIDOM_FRAMES); }
static void fill_l2(uint64_t *t) { minidom_fill_table(t, PFN_L2, frames, MINIDOM_FRAMES); }

static void fill_l1(uint64_t *t)
{
    minidom_fill_table(t, PFN_L1, frames, MINIDOM_FRAMES);
    t[MINIDOM_FRAMES] = (si_mfn << 12) | PTE_P | PTE_RW | PTE_US | PTE_A | PTE_D;
}

static void fill_code(uint64_t *t)
{
    memcpy(t, echo_start, (size_t)(echo_end - echo_start));
    memcpy((char *)t + (echo_remote_port - echo_start), &remote_port, sizeof(remote_port));
}

/* Write the new domain @dom's frame @m through the window. */
static long write_frame(uint16_t dom, uint64_t m, void (*fill)(uint64_t *page))
{
    struct mmu_update u = { win_l1e, (m << 12) | PTE_P | PTE_RW | PTE_A | PTE_D };
    long rc = HYPERVISOR_mmu_update(&u, 1, NULL, dom);

    if (rc)
        return rc;
    fill(win);
    u.val = 0;
    rc = HYPERVISOR_mmu_update(&u, 1, NULL, DOMID_SELF);
    pt_invlpg((uint64_t)(uintptr_t)win);
    return rc;
}

long minidom_build(const char *name, uint16_t *dom, uint32_t *port)
{
    struct pvisor_domctl op = { .cmd = PVISOR_DOMCTL_createdomain,
                                .u.create = { .max_vcpus = 1, .max_mem_kb = 32 } };
    struct xen_memory_reservation r = { .nr_extents = MINIDOM_FRAMES };
    struct evtchn_alloc_unbound a = { .dom = DOMID_SELF };
    static struct vcpu_guest_context ctxt;
    struct mmuext_op pin = { .cmd = MMUEXT_PIN_L4_TABLE };
    static void (*const fill[MINIDOM_FRAMES])(uint64_t *) = {
        fill_l4, fill_l3, fill_l2, fill_l1, fill_code };
    long rc;

    for (size_t i = 0; name[i] && i + 1 < sizeof(op.u.create.name); i++)
        op.u.create.name[i] = name[i];
    rc = domctl(&op);
    if (rc)
        return rc;
    *dom = op.domain;
    op = (struct pvisor_domctl){ .cmd = PVISOR_DOMCTL_getdomaininfo, .domain = *dom };
    rc = domctl(&op);
    if (rc)
        return rc;
    si_mfn = op.u.info.shared_info_frame;
    a.remote_dom = *dom;
    rc = HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &a);
    if (rc)
        return rc;
    *port = remote_port = a.port;

    for (unsigned int i = 0; i < MINIDOM_FRAMES; i++)
        frames[i] = i;             /* PFNs in, MFNs out */
    r.extent_start = (uint64_t)(uintptr_t)frames;
    r.domid = *dom;
    rc = HYPERVISOR_memory_op(XENMEM_populate_physmap, &r);
    if (rc != MINIDOM_FRAMES)
        return rc < 0 ? rc : -XEN_ENOMEM;
    for (unsigned int i = 0; i < MINIDOM_FRAMES; i++)
        if ((rc = write_frame(*dom, frames[i], fill[i])))
            return rc;
    pin.arg1.mfn = frames[PFN_L4];
    rc = HYPERVISOR_mmuext_op(&pin, 1, NULL, *dom);
    if (rc)
        return rc;

    minidom_context(&ctxt, MINIDOM_BASE + PFN_CODE * 4096,
                    MINIDOM_BASE + (PFN_CODE + 1) * 4096, frames[PFN_L4]);
    op = (struct pvisor_domctl){ .cmd = PVISOR_DOMCTL_setvcpucontext, .domain = *dom,
                                 .u.vcpucontext = { .vcpu = 0,
                                                    .ctxt = (uint64_t)(uintptr_t)&ctxt } };
    rc = domctl(&op);
    if (rc)
        return rc;
    op = (struct pvisor_domctl){ .cmd = PVISOR_DOMCTL_unpausedomain, .domain = *dom };
    return domctl(&op);
}

long minidom_destroy(uint16_t dom, uint32_t port)
{
    struct pvisor_domctl op = { .cmd = PVISOR_DOMCTL_destroydomain, .domain = dom };
    struct evtchn_close c = { .port = port };
    long rc = domctl(&op);

    if (rc)
        return rc;
    return HYPERVISOR_event_channel_op(EVTCHNOP_close, &c);
}
