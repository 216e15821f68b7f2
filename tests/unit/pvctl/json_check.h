/* SPDX-License-Identifier: MIT */
/* A strict JSON validator for the tests. */
#ifndef UNIT_PVCTL_JSON_CHECK_H
#define UNIT_PVCTL_JSON_CHECK_H

/* json_valid - 1 if @s is exactly one JSON value (whitespace around), else 0. */
int json_valid(const char *s);

#endif /* UNIT_PVCTL_JSON_CHECK_H */
