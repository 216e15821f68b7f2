/* SPDX-License-Identifier: MIT */
/* dom0's shell: see shell.c. */
#ifndef DOM0_SHELL_H
#define DOM0_SHELL_H

#include <stdbool.h>
#include <stddef.h>

/* The interactive shell, until `poweroff`; the status to exit with. */
int shell_interactive(void);
/*
 * Run the commands of a file from the initrd (each echoed after a "dom0# "
 * prompt when @echo). Returns the number of failed `expect` lines, or 1 if
 * the file cannot be read.
 */
int shell_run_file(const char *path);
int shell_run_text(const char *name, const char *text, size_t len, bool echo);

#endif /* DOM0_SHELL_H */
