/* SPDX-License-Identifier: MIT */
/*
 * Replay of a fuzzer's inputs without libFuzzer, built with gcc, ASan and
 * UBSan and run by `make unit`: every file of tests/fuzz/NAME/corpus (the
 * seeds) and tests/fuzz/NAME/crashers (inputs that once failed, kept after
 * the fix) goes through the harness once. Other files or directories may
 * be named on the command line instead.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

#define REPLAY_MAX  (1 << 20)

static unsigned int replayed;

/* Run the harness on one file; 0, or -1 if it cannot be read. */
static int replay_file(const char *path)
{
    static uint8_t buf[REPLAY_MAX];
    FILE *f = fopen(path, "rb");
    size_t n;
    uint8_t *copy;

    if (!f) {
        fprintf(stderr, "replay: cannot open %s\n", path);
        return -1;
    }
    n = fread(buf, 1, sizeof(buf), f);
    fclose(f);
    /* An exact-size copy, so ASan sees a read one past the end. */
    copy = malloc(n ? n : 1);
    if (!copy)
        return -1;
    memcpy(copy, buf, n);
    LLVMFuzzerTestOneInput(copy, n);
    free(copy);
    replayed++;
    return 0;
}

/* Replay every file in @dir, or the file @dir; nothing if it is missing. */
static int replay_dir(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char path[4096];
    int rc = 0;

    if (!d)
        return errno == ENOENT ? 0 : replay_file(dir);
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
        if (replay_file(path))
            rc = -1;
    }
    closedir(d);
    return rc;
}

int main(int argc, char **argv)
{
    int rc = 0;

    if (argc > 1) {
        for (int i = 1; i < argc; i++)
            rc |= replay_dir(argv[i]);
    } else {
        rc |= replay_dir("tests/fuzz/" FUZZ_NAME "/corpus");
        rc |= replay_dir("tests/fuzz/" FUZZ_NAME "/crashers");
    }
    printf("replay %s: %u inputs, %s\n", FUZZ_NAME, replayed,
           rc ? "FAILED" : "all passed");
    return rc ? 1 : 0;
}
