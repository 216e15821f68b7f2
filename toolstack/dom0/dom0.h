/* SPDX-License-Identifier: MIT */
/*
 * dom0: the management domain's program, run by pvkern in user mode. It is
 * a shell (shell.c) in front of pvctl (toolstack/pvctl), a pvctl backend
 * over the hypercalls (backend.c), the console backend that serves every
 * domU's console ring (consback.c), and the watcher that carries out
 * on_poweroff/on_reboot/on_crash (main.c, on VIRQ_DOM_EXC). One thread:
 * whenever the shell or a command waits, dom0_service() runs the rest.
 *
 * Its files come from the initrd (a cpio newc archive: guest kernels and
 * their configs), read once at start.
 */
#ifndef DOM0_H
#define DOM0_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <public/io/console.h>

#include "config.h"
#include "pvctl.h"

#define DOM0_MAX_DOMAINS    1024
#define DOM0_LOG_SIZE       8192            /* console bytes kept per domain */

/* A domain dom0 created: what it needs to serve and restart it. */
struct dom0_domain {
    uint16_t domid;
    struct domain_config cfg;
    /* Console: the ring (mapped), the domU's port, ours. */
    struct xencons_interface *ring;
    uint32_t remote_port;
    long port;
    char log[DOM0_LOG_SIZE];
    uint64_t logged;                        /* bytes ever logged */
    uint64_t first_line_ns;                 /* when its first line came, 0 */
    bool shutdown_seen;                     /* its shutdown was handled */
    unsigned int restarts;
};

extern struct dom0_domain *dom0_domains[DOM0_MAX_DOMAINS];
extern bool dom0_interactive;               /* input from the terminal */

/* sys.c: pvkern's system calls and the hypercalls made through them. */
/* TSC cycles spent in privcmd calls (hypercalls, foreign maps) so far. */
extern uint64_t sys_privcmd_tsc;
uint64_t sys_rdtsc(void);
long sys_hypercall(unsigned int nr, uint64_t a1, uint64_t a2, uint64_t a3,
                   uint64_t a4, uint64_t a5);
void *sys_map_foreign(uint16_t domid, const uint64_t *mfns, unsigned int n);
int sys_unmap_foreign(void *va, unsigned int n);
long sys_bind_virq(unsigned int virq);
long sys_evtchn_bind(uint16_t domid, uint32_t port);
long sys_evtchn_send(long port);
long sys_evtchn_poll(long port);
long sys_evtchn_close(long port);
int sys_wait_any(uint64_t timeout_ns);
void sys_yield(void);   /* SCHEDOP_yield: the hypervisor's scheduler runs */
uint64_t sys_now_ns(void);
long sys_read_input(char *buf, size_t len);     /* never blocks */
void sys_write_out(const char *buf, size_t len);
int dom0_domctl(struct pvisor_domctl *op);
int dom0_sysctl(struct pvisor_sysctl *op);

/* initrd.c-like helpers in main.c: the initrd's files. */
int dom0_read_file(const char *path, const void **data, size_t *size);
void dom0_list_files(void);

/* backend.c */
extern const struct pvctl_ops dom0_pvctl_ops;
/* Run one pvctl command line; its exit code. */
int dom0_pvctl(int argc, char **argv);
/* Forget (and unmap) a domain dom0 served; destroy it in the hypervisor too. */
int dom0_destroy(uint16_t domid);
struct dom0_domain *dom0_find(uint16_t domid);
extern uint16_t dom0_last_created;      /* the id create gave last */

/* consback.c */
int consback_add(struct dom0_domain *d, uint64_t mfn, uint32_t remote_port);
void consback_remove(struct dom0_domain *d);
/* Move what each domain wrote into its log (and to the attached terminal). */
void consback_service(void);
/* Attach the terminal to @d's console until Ctrl-] (interactive) or quiet. */
int consback_attach(struct dom0_domain *d);

/* main.c: everything that runs while dom0 waits (consoles, the watcher). */
void dom0_service(void);
/* Console input: what dom0_unread() gave back first, then the line's. */
long dom0_read_input(char *buf, size_t len);
void dom0_unread(const char *buf, size_t len);
/* Wait up to @ms for input or events, serving meanwhile; a key or -1. */
int dom0_wait(unsigned int ms);

#endif /* DOM0_H */
