/* SPDX-License-Identifier: MIT */
/* Hypercall dispatch: the table generated from hv/hypercall.def. */
#include <hv/console.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/hypercall.h>

#define HC_ARGS0(a)
#define HC_ARGS1(a) a[0]
#define HC_ARGS2(a) a[0], a[1]
#define HC_ARGS3(a) a[0], a[1], a[2]
#define HC_ARGS4(a) a[0], a[1], a[2], a[3]
#define HC_ARGS5(a) a[0], a[1], a[2], a[3], a[4]

typedef long (*hc_call_t)(const uint64_t *args);

/* One trampoline per hypercall: unpacks the registers it takes. */
#define HYPERCALL(nr, name, n)                                          \
    static long call_##name(const uint64_t *a)                          \
    {                                                                   \
        (void)a;                                                        \
        return hc_##name(HC_ARGS##n(a));                                \
    }
#include <hv/hypercall.def>
#undef HYPERCALL

static const hc_call_t hypercall_table[NR_HYPERCALLS] = {
#define HYPERCALL(nr, name, n) [nr] = call_##name,
#include <hv/hypercall.def>
#undef HYPERCALL
};

/* Unknown numbers are logged once each, so a guest cannot flood the log. */
static uint64_t unknown_logged;

long hypercall_do(uint64_t nr, const uint64_t args[5])
{
    if (nr < NR_HYPERCALLS && hypercall_table[nr])
        return hypercall_table[nr](args);
    if (nr < 64 && !(unknown_logged & (1ULL << nr))) {
        unknown_logged |= 1ULL << nr;
        printk(LOG_WARN, "d%u: hypercall %llu not implemented (-ENOSYS)",
               current ? current->domain->domid : 0, (unsigned long long)nr);
    }
    return -ENOSYS;
}
