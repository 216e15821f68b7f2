# The scripted dom0 session of tests/integration/dom0-esp-noinitrd (see its
# test.conf): dom0's only initrd is the EFI loader's archive of the ESP's
# \pvisor\guests\, which holds this script and nokernel.cfg.
echo LS-BEGIN
ls
echo LS-END
expect 0 cat /guests/nokernel.cfg
# Its kernel would be in the built-in initrd, which this boot has not.
expect 1 pvctl create /guests/nokernel.cfg
# What the loader left out is not there.
expect 1 cat /guests/.hidden
expect 1 cat /guests/toolarge.bin
expect 1 cat /guests/sub/readme.txt
