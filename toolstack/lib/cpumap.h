/* SPDX-License-Identifier: MIT */
/*
 * CPU lists: "0-3,5", "all", "^2" (xl's syntax) to and from a bitmap of
 * physical CPUs (bit n = CPU n, as struct pvisor_domctl_affinity).
 */
#ifndef TOOLSTACK_CPUMAP_H
#define TOOLSTACK_CPUMAP_H

#include <stddef.h>
#include <stdint.h>

#define CPUMAP_BITS     64
#define CPUMAP_ALL      (~(uint64_t)0)

/*
 * cpumap_parse - read a CPU list: items separated by commas, each "all",
 * "N", "N-M" or an exclusion "^N" / "^N-M" (applied in order, so "all,^1"
 * is every CPU but 1). Spaces around items are allowed.
 * @s: the list; @map: out, the CPUs selected.
 * @err, @errlen: out, on failure, what is wrong (e.g. "CPU 70 is out of
 * range (0-63)"); @errpos: out, on failure, the offset in @s it refers to.
 * Returns 0, or -1 on a malformed list or one that selects no CPU.
 */
int cpumap_parse(const char *s, uint64_t *map, char *err, size_t errlen,
                 size_t *errpos);

/*
 * cpumap_format - write @map as a CPU list ("0-3,5") into @buf (always
 * NUL-terminated). CPUs at or above @nr_cpus are ignored (0 = all 64); a
 * map holding every CPU below @nr_cpus is "all", an empty one "none".
 */
void cpumap_format(uint64_t map, unsigned int nr_cpus, char *buf, size_t len);

#endif /* TOOLSTACK_CPUMAP_H */
