# The scripted dom0 session of tests/integration/dom0-esp-guests (see its
# test.conf for what the runner checks). This script, espticker.cfg and
# hello.cfg came from the ESP's \pvisor\guests\, appended to the initrd.
baseline
echo LS-BEGIN
ls
echo LS-END
expect 0 cat /guests/espticker.cfg
# A domain from a config of the ESP, with a kernel of the built-in initrd.
expect 0 pvctl create /guests/espticker.cfg
waitlog espticker "tick 2" 30
pvctl list
expect 0 pvctl destroy espticker
expect 1 pvctl list espticker
# The ESP's hello.cfg replaces the initrd's: the domain is hello-esp.
expect 0 pvctl create /guests/hello.cfg
waitgone hello-esp 30
leakcheck
