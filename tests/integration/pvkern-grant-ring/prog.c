/* SPDX-License-Identifier: MIT */
/* pvkern-grant-ring: the work is in kmod.c; the program only has to run. */
int main(void)
{
    return 0;
}
