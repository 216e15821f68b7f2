/* SPDX-License-Identifier: MIT */
/*
 * pvctl's command table and dispatch: one row per command gives its
 * handler, options, argument counts, usage and help, so `pvctl help`,
 * `pvctl help CMD` and every usage error come from the same place.
 */
#include <stdio.h>
#include <string.h>

#include "cmd.h"

static int cmd_help(struct pvctl *p, const struct pvctl_cmd *c,
                    const struct pvctl_args *a);

static const struct pvctl_cmd commands[] = {
    { "create", cmd_create, "c", 1, -1, "CFG [-c] [KEY=VALUE ...]",
      "Create a domain from a config file",
      "  -c          attach to its console once it runs\n"
      "  KEY=VALUE   replaces the file's value (as a line of the file)\n" },
    { "list", cmd_list, "lj", 0, 1, "[-l] [-j] [ID|NAME]",
      "List domains (all, or the one named)",
      "  -l          long listing: also max memory, weight, cap, reason\n"
      "  -j, --json  JSON output\n" },
    { "console", cmd_console, "", 1, 1, "ID|NAME",
      "Attach to a domain's console (detach with Ctrl-])", NULL },
    { "destroy", cmd_destroy, "", 1, 1, "ID|NAME",
      "Terminate a domain at once", NULL },
    { "shutdown", cmd_shutdown, "w", 1, 1, "[-w] ID|NAME",
      "Shut a domain down (reason poweroff)",
      "  -w          wait until it is gone\n" },
    { "reboot", cmd_shutdown, "w", 1, 1, "[-w] ID|NAME",
      "Reboot a domain (shutdown with reason reboot)",
      "  -w          wait until it is gone\n" },
    { "pause", cmd_pause, "", 1, 1, "ID|NAME",
      "Pause a domain", NULL },
    { "unpause", cmd_unpause, "", 1, 1, "ID|NAME",
      "Unpause a paused domain", NULL },
    { "info", cmd_info, "j", 0, 0, "[-j]",
      "Hypervisor version, CPUs, memory and scheduler",
      "  -j, --json  JSON output\n" },
    { "dmesg", cmd_dmesg, "c", 0, 0, "[-c]",
      "Print the hypervisor log",
      "  -c          clear the log after printing it\n" },
    { "top", cmd_top, "bn:d:", 0, 0, "[-b] [-n N] [-d SECS]",
      "Domains' CPU and memory use, refreshed",
      "  -b          batch mode: plain output, no screen clearing\n"
      "  -n N        stop after N refreshes\n"
      "  -d SECS     seconds between refreshes (default 3)\n" },
    { "vcpu-list", cmd_vcpu_list, "j", 0, 1, "[-j] [ID|NAME]",
      "List the vCPUs of all domains or of one",
      "  -j, --json  JSON output\n" },
    { "vcpu-pin", cmd_vcpu_pin, "", 3, 3, "ID|NAME VCPU|all CPUS",
      "Set the CPUs vCPUs may run on (CPUS: \"0-3,5\", \"all\", \"^1\")",
      NULL },
    { "sched-credit", cmd_sched_credit, "d:w:c:", 0, 0,
      "[-d ID|NAME [-w WEIGHT] [-c CAP]]",
      "Show or set credit scheduler weights and caps",
      "  -d ID|NAME  the domain (default: show every domain)\n"
      "  -w WEIGHT   relative weight, 1-65535 (default 256)\n"
      "  -c CAP      most CPU it may use, in % of one CPU (0: no cap)\n" },
    { "mem-max", cmd_mem_max, "", 2, 2, "ID|NAME MEM",
      "Set a domain's memory limit (MEM in MiB, or with suffix b k m g t)",
      NULL },
    { "help", cmd_help, "", 0, 1, "[CMD]",
      "List the commands, or describe one", NULL },
};

#define NR_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static const struct pvctl_cmd *find_command(const char *name)
{
    size_t i;

    for (i = 0; i < NR_COMMANDS; i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

static void print_usage(struct pvctl *p, int stream, const struct pvctl_cmd *c)
{
    pvctl_printf(p, stream, "Usage: pvctl %s %s\n", c->name, c->usage);
}

static void print_overview(struct pvctl *p, int stream)
{
    size_t i;

    pvctl_printf(p, stream, "Usage: pvctl COMMAND [ARGS]\n\nCommands:\n");
    for (i = 0; i < NR_COMMANDS; i++)
        pvctl_printf(p, stream, "  %-14s %s\n", commands[i].name,
                     commands[i].summary);
    pvctl_printf(p, stream, "\n`pvctl help COMMAND` describes one. Exit "
                 "status: 0 done, 1 failed, 2 usage error.\n");
}

static void print_command_help(struct pvctl *p, const struct pvctl_cmd *c)
{
    print_usage(p, PVCTL_OUT, c);
    pvctl_printf(p, PVCTL_OUT, "\n%s.\n", c->summary);
    if (c->help)
        pvctl_printf(p, PVCTL_OUT, "\nOptions:\n%s", c->help);
}

static int cmd_help(struct pvctl *p, const struct pvctl_cmd *c,
                    const struct pvctl_args *a)
{
    const struct pvctl_cmd *which;

    if (a->nr_pos == 0) {
        print_overview(p, PVCTL_OUT);
        return PVCTL_OK;
    }
    which = find_command(a->pos[0]);
    if (!which)
        return pvctl_usage(p, c, "unknown command '%s'", a->pos[0]);
    print_command_help(p, which);
    return PVCTL_OK;
}

/*
 * Split argv into options (as c->opts says) and positional arguments.
 * Options may come anywhere ("list 3 -j"); "--" ends them; "-nVALUE" and
 * "-n VALUE" both work; "--json" is -j and "--help"/"-h" asks for help.
 * Returns PVCTL_OK, PVCTL_USAGE (message printed) or -1 for help.
 */
static int parse_args(struct pvctl *p, const struct pvctl_cmd *c, int argc,
                      char **argv, struct pvctl_args *a)
{
    int i, only_pos = 0;

    memset(a, 0, sizeof(*a));
    for (i = 1; i < argc; i++) {
        char *arg = argv[i];
        size_t k;

        if (only_pos || arg[0] != '-' || arg[1] == '\0') {
            if (a->nr_pos == PVCTL_MAX_POS)
                return pvctl_usage(p, c, "too many arguments");
            a->pos[a->nr_pos++] = arg;
            continue;
        }
        if (strcmp(arg, "--") == 0) {
            only_pos = 1;
            continue;
        }
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0)
            return -1;
        if (strcmp(arg, "--json") == 0 && strchr(c->opts, 'j'))
            arg = "-j";
        if (arg[1] == '-')
            return pvctl_usage(p, c, "unknown option '%s'", arg);
        for (k = 1; arg[k]; k++) {
            char o = arg[k];
            const char *spec = o >= 'a' && o <= 'z' ? strchr(c->opts, o) : NULL;

            if (!spec)
                return pvctl_usage(p, c, "unknown option '-%c'", o);
            a->flags |= 1U << (o - 'a');
            if (spec[1] != ':')
                continue;
            if (arg[k + 1]) {
                a->optarg[o - 'a'] = arg + k + 1;
            } else if (i + 1 < argc) {
                a->optarg[o - 'a'] = argv[++i];
            } else {
                return pvctl_usage(p, c, "option '-%c' needs a value", o);
            }
            break;
        }
    }
    if (a->nr_pos < c->min_pos)
        return pvctl_usage(p, c, "missing argument");
    if (c->max_pos >= 0 && a->nr_pos > c->max_pos)
        return pvctl_usage(p, c, "unexpected argument '%s'",
                           a->pos[c->max_pos]);
    return PVCTL_OK;
}

int pvctl_main(struct pvctl *p, int argc, char **argv)
{
    const struct pvctl_cmd *c;
    struct pvctl_args a;
    int rc;

    if (argc < 1) {
        print_overview(p, PVCTL_ERR);
        return PVCTL_USAGE;
    }
    if (strcmp(argv[0], "--help") == 0 || strcmp(argv[0], "-h") == 0)
        argv[0] = "help";
    c = find_command(argv[0]);
    if (!c) {
        pvctl_printf(p, PVCTL_ERR, "pvctl: unknown command '%s' (pvctl help "
                     "lists them)\n", argv[0]);
        return PVCTL_USAGE;
    }
    rc = parse_args(p, c, argc, argv, &a);
    if (rc < 0) {
        print_command_help(p, c);
        return PVCTL_OK;
    }
    if (rc != PVCTL_OK)
        return rc;
    return c->run(p, c, &a);
}

int pvctl_usage(struct pvctl *p, const struct pvctl_cmd *c, const char *fmt,
                ...)
{
    va_list ap;

    va_start(ap, fmt);
    pvctl_vreport(p, c, fmt, ap);
    va_end(ap);
    print_usage(p, PVCTL_ERR, c);
    return PVCTL_USAGE;
}
