# A boot-time domain (a module marked "domain") runs beside dom0; dom0 did
# not create it, so when it powers off the watcher destroys it.
sleep 6000
expect 1 pvctl list early
pvctl list
