/* SPDX-License-Identifier: MIT */
/*
 * pvkern: a small PV guest kernel that runs one newlib program in user
 * mode. Internal interfaces between its files.
 *
 * Memory: the kernel is linked at PVKERN_VIRT_BASE (the top 2 GiB, as
 * Linux), which is also the builder's VIRT_BASE, so pseudo-physical frame n
 * is at PVKERN_VIRT_BASE + n * 4K for the builder's region. The program
 * lives in the low half (L4 slot 0): its own L3 is shared by the kernel's
 * root (so the kernel reaches user memory) and a user root that maps
 * nothing else (so user mode cannot reach the kernel).
 */
#ifndef PVKERN_H
#define PVKERN_H

#define PVKERN_VIRT_BASE    0xffffffff80000000
/* Natively (multiboot): the image's physical load address, 2 MiB aligned. */
#define PVKERN_NATIVE_PHYS  0x200000
#define PVKERN_STACK_SIZE   (32 * 1024)

#ifndef __ASSEMBLER__
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <pv/defs.h>
#include <pv/frame.h>

/* User address space: L4 slot 0 (the low 512 GiB), minus page 0. */
#define USER_LOW            0x1000UL
#define USER_TOP            0x8000000000UL
#define USER_STACK_TOP      0x7ffffff000UL
#define USER_STACK_SIZE     (256 * 1024UL)
#define USER_HEAP_MAX       (64 * 1024 * 1024UL)

/* Set from the command line ("test"): print the Test result line at exit. */
extern bool pvkern_test_mode;
/* The command line after "--": the program's arguments, space separated. */
extern const char *pvkern_args;

/* printk - formatted output to the console (newlib's vsnprintf). */
void printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
PV_NORETURN void panic(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* mm.c: frames, kernel pages, the program's address space. */
void mm_init(void);
void *mm_alloc_page(void);              /* zeroed, kernel-mapped; panics when out */
uint64_t mm_alloc_frame(void);          /* a PFN, maybe not kernel-mapped */
void *mm_kernel_heap(size_t *size);     /* the region the kernel's sbrk uses */
/* Map fresh zeroed memory at [va, va + len) for user mode. */
long mm_map_user(uint64_t va, uint64_t len);
/* True if [va, va + len) lies in memory mm_map_user() mapped, or in the heap. */
bool mm_user_range_ok(uint64_t va, uint64_t len);
/*
 * mm_switch_space - switch to the other of two address spaces that map the
 * same program (the cost of a process switch, without a scheduler).
 */
long mm_switch_space(void);
/* A not-present fault at @addr: map it if it is in the heap. True if done. */
bool mm_demand_fault(uint64_t addr);
/*
 * mm_user_pte - the L1 entry that maps user page @va (its tables made if
 * absent), or NULL outside the user half. For privcmd.c's foreign window.
 */
uint64_t *mm_user_pte(uint64_t va);
/* The program's heap (program.c sets it up, sbrk moves the break). */
extern uint64_t user_heap_start, user_brk, user_brk_limit;
extern uint64_t mm_demand_faults;

/* time.c: kernel timers on VIRQ_TIMER, sleeping. */
struct ktimer {
    uint64_t deadline;                  /* system time, ns */
    void (*fn)(struct ktimer *t);       /* runs in the upcall, events masked */
    struct ktimer *next;
};
void time_init(void);
void ktimer_add(struct ktimer *t);
void ktimer_del(struct ktimer *t);      /* if still queued */
void sleep_ns(uint64_t ns);
/* Sleep @ns (with @any_event: or until an event upcall; 0 = no limit); true on the timeout. */
bool sleep_until(uint64_t ns, bool any_event);

/* thread.c: cooperative kernel threads, each with its own FPU/SSE state. */
void thread_create(const char *name, void (*fn)(void *), void *arg);
void thread_yield(void);                /* run the next thread, if any */
bool thread_others_runnable(void);

/* program.c: load the embedded program and run it in user mode. */
int program_run(void);

/* uevent.c: event channels for the program (system calls). */
long uevent_alloc_unbound(uint64_t remote_dom);
long uevent_bind_interdomain(uint64_t remote_dom, uint64_t remote_port);
long uevent_send(uint64_t port);
long uevent_wait(uint64_t port);
long uevent_bind_virq(uint64_t virq);
long uevent_poll(uint64_t port);
long uevent_close(uint64_t port);

/* privcmd.c: dom0's toolstack calls (hypercalls, foreign maps, the initrd). */
long privcmd_hypercall(uint64_t nr, uint64_t args, uint64_t a3);
long privcmd_map_foreign(uint64_t domid, uint64_t mfns, uint64_t n);
long privcmd_unmap_foreign(uint64_t va, uint64_t n, uint64_t a3);
long privcmd_module(uint64_t buf, uint64_t len, uint64_t offset);
long privcmd_wait_any(uint64_t timeout_ns, uint64_t a2, uint64_t a3);

/* syscall.c / fault.c: the entry hooks. */
void syscall_hook(struct pv_frame *f);
void fault_hook(struct pv_frame *f);

/*
 * pvkern_test_init - optional kernel-side part of a test image (a kmod.c
 * linked into it), called before the program starts.
 * pvkern_test_result - the kernel side's say on the verdict: given the
 * program's exit status, return the status to report (0 SUCCESS,
 * PVKERN_STATUS_SKIP, anything else FAILURE).
 */
void pvkern_test_init(void);
int pvkern_test_result(int status);
#define PVKERN_STATUS_SKIP  77
#endif /* !__ASSEMBLER__ */

#endif /* PVKERN_H */
