/* SPDX-License-Identifier: MIT */
/*
 * dom0's program: read the initrd, bind VIRQ_DOM_EXC, run /etc/rc (the
 * domains to start at boot) and then the shell, or the script named on the
 * command line (script=PATH, test sessions). Whatever waits calls
 * dom0_service(), which serves the consoles and carries out the on_*
 * actions of domains that shut down.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pvkern/syscall.h>
#include <public/errno.h>
#include <public/sched.h>
#include <public/xen.h>

#include "cpio.h"
#include "cpumap.h"
#include "dom0.h"
#include "shell.h"

#define POLL_NS     50000000ULL     /* input is polled this often at most */
#define MAX_RESTARTS 10             /* on_*=restart gives up after this many */

bool dom0_interactive = true;
static char *initrd;
static size_t initrd_len;
static long exc_port = -1;

int dom0_read_file(const char *path, const void **data, size_t *size)
{
    struct cpio_file f;
    const char *err;
    int rc = initrd ? cpio_find(initrd, initrd_len, path, &f, &err) : 0;

    if (rc < 0) {
        fprintf(stderr, "dom0: the initrd is malformed: %s\n", err);
        return -XEN_EIO;
    }
    if (rc == 0)
        return -XEN_ENOENT;
    *data = f.data;
    *size = f.size;
    return 0;
}

void dom0_list_files(void)
{
    struct cpio_file f;
    const char *err;
    size_t off = 0;
    int rc = 0;

    /* Of entries with the same name (a file of \pvisor\guests on the ESP
     * that replaces one of the built-in initrd), only the last counts. */
    while (initrd && (rc = cpio_next(initrd, initrd_len, &off, &f, &err)) == 1) {
        rc = cpio_replaced(initrd, initrd_len, off, &f, &err);
        if (rc < 0)
            break;
        if (rc == 0)
            printf("%10zu  /%s%s\n", f.size, f.name,
                   (f.mode & CPIO_TYPE_MASK) == CPIO_TYPE_DIR ? "/" : "");
    }
    if (rc < 0)
        fprintf(stderr, "dom0: the initrd is malformed: %s\n", err);
}

static void load_initrd(void)
{
    long size = pvk_syscall(PVK_SYS_module, 0, 0, 0);

    if (size <= 0) {
        printf("dom0: no initrd: no guests to create\n");
        return;
    }
    initrd = malloc((size_t)size);
    if (!initrd || pvk_syscall(PVK_SYS_module, (long)initrd, size, 0) != size) {
        printf("dom0: cannot read the initrd (%ld bytes)\n", size);
        free(initrd);
        initrd = NULL;
        return;
    }
    initrd_len = (size_t)size;
}

static const char *reason_name(unsigned int r)
{
    static const char *const names[] = { "poweroff", "reboot", "suspend",
                                         "crash", "watchdog", "soft_reset" };

    return r < sizeof(names) / sizeof(names[0]) ? names[r] : "unknown";
}

/* Restart @d from its config: destroy it, build it again, unpause. */
static void restart(struct dom0_domain *d)
{
    struct domain_config cfg = d->cfg;
    unsigned int restarts = d->restarts + 1;
    static char log[DOM0_LOG_SIZE];
    uint64_t logged = d->logged;
    struct dom0_domain *n;
    uint16_t old = d->domid, id;
    struct pvctl p = { .ops = &dom0_pvctl_ops };
    const char *what;
    int rc;

    memcpy(log, d->log, sizeof(log));
    (void)dom0_destroy(old);
    if (restarts > MAX_RESTARTS) {
        printf("dom0: '%s' restarted %u times: giving up, destroyed\n", cfg.name,
               MAX_RESTARTS);
        return;
    }
    if (dom0_pvctl_ops.create(NULL, &cfg, &id) != 0) {
        printf("dom0: restarting '%s' failed\n", cfg.name);
        return;
    }
    /* The same domain to the user: its console log goes on. */
    n = dom0_find(id);
    n->restarts = restarts;
    memcpy(n->log, log, sizeof(log));
    n->logged = logged;
    what = pvctl_start_domain(&p, id, &cfg, CPUMAP_ALL, &rc);
    if (what) {
        printf("dom0: restarting '%s' failed: %s (%d)\n", cfg.name, what, rc);
        (void)dom0_destroy(id);
        return;
    }
    printf("dom0: '%s' restarted as domain %u\n", cfg.name, id);
}

/*
 * Domains dom0 did not create (boot-time domains) have no config: one that
 * shut down is destroyed, xl's default action.
 */
static void reap_untracked(void)
{
    struct pvisor_domctl_info info;
    uint16_t next = 1;

    while (dom0_pvctl_ops.getdomaininfo(NULL, next, &info) == 0) {
        if (!dom0_find(info.domain) && (info.flags & PVISOR_DOMINF_shutdown) &&
            !(info.flags & PVISOR_DOMINF_dying)) {
            printf("dom0: domain '%.*s' (id %u) shut down (%s): destroy\n",
                   (int)sizeof(info.name), info.name, info.domain,
                   reason_name(info.shutdown_reason));
            (void)dom0_destroy(info.domain);
        }
        if (info.domain == UINT16_MAX)
            break;
        next = (uint16_t)(info.domain + 1);
    }
}

/* A domain shut down (VIRQ_DOM_EXC): carry out its on_* action. */
static void watch_domains(void)
{
    reap_untracked();
    for (unsigned int i = 1; i < DOM0_MAX_DOMAINS; i++) {
        struct dom0_domain *d = dom0_domains[i];
        struct pvisor_domctl_info info;
        enum config_action act;

        if (!d)
            continue;
        if (dom0_pvctl_ops.getdomaininfo(NULL, d->domid, &info) != 0 ||
            info.domain != d->domid) {
            /* Destroyed behind our back: stop serving it. */
            consback_remove(d);
            dom0_domains[i] = NULL;
            free(d);
            continue;
        }
        if (!(info.flags & PVISOR_DOMINF_shutdown) || d->shutdown_seen)
            continue;
        d->shutdown_seen = true;
        consback_service();             /* its last words first */
        switch (info.shutdown_reason) {
        case SHUTDOWN_reboot:
            act = d->cfg.on_reboot;
            break;
        case SHUTDOWN_crash:
        case SHUTDOWN_watchdog:
            act = d->cfg.on_crash;
            break;
        default:
            act = d->cfg.on_poweroff;
            break;
        }
        printf("dom0: domain '%s' (id %u) shut down (%s): %s\n", d->cfg.name,
               d->domid, reason_name(info.shutdown_reason), config_action_name(act));
        if (act == CONFIG_ACTION_DESTROY)
            (void)dom0_destroy(d->domid);
        else if (act == CONFIG_ACTION_RESTART)
            restart(d);
    }
}

void dom0_service(void)
{
    consback_service();
    if (exc_port > 0 && sys_evtchn_poll(exc_port) > 0)
        watch_domains();
}

static char unread_buf[256];
static size_t unread_len;

void dom0_unread(const char *buf, size_t len)
{
    if (len > sizeof(unread_buf) - unread_len)
        len = sizeof(unread_buf) - unread_len;
    memcpy(unread_buf + unread_len, buf, len);
    unread_len += len;
}

long dom0_read_input(char *buf, size_t len)
{
    if (unread_len) {
        size_t n = len < unread_len ? len : unread_len;

        memcpy(buf, unread_buf, n);
        memmove(unread_buf, unread_buf + n, unread_len - n);
        unread_len -= n;
        return (long)n;
    }
    return sys_read_input(buf, len);
}

int dom0_wait(unsigned int ms)
{
    uint64_t end = sys_now_ns() + (uint64_t)ms * 1000000ULL;

    for (;;) {
        uint64_t now;
        char c;

        dom0_service();
        if (dom0_interactive && dom0_read_input(&c, 1) == 1)
            return (unsigned char)c;
        now = sys_now_ns();
        if (now >= end)
            return -1;
        (void)sys_wait_any(end - now < POLL_NS ? end - now : POLL_NS);
    }
}

int main(int argc, char **argv)
{
    const char *script = NULL;
    const void *rc_text;
    size_t rc_len;
    int status = 0;

    setvbuf(stdout, NULL, _IOLBF, 0);
    for (int i = 1; i < argc; i++)
        if (strncmp(argv[i], "script=", 7) == 0)
            script = argv[i] + 7;
    load_initrd();
    exc_port = sys_bind_virq(VIRQ_DOM_EXC);
    if (exc_port < 0)
        printf("dom0: cannot watch for domains shutting down (%ld)\n", exc_port);
    printf("pvisor dom0: %zu KiB of files in the initrd. Type 'help'.\n",
           initrd_len / 1024);
    if (script) {
        dom0_interactive = false;
        return shell_run_file(script);
    }
    if (dom0_read_file("/etc/rc", &rc_text, &rc_len) == 0)
        (void)shell_run_text("/etc/rc", rc_text, rc_len, true);
    status = shell_interactive();
    /* On return pvkern powers dom0, and so the machine, off. */
    return status;
}
