# A boot-time domain (a module marked "domain") runs beside dom0; dom0 did
# not create it, so when it powers off the watcher destroys it.
waitgone early 60
expect 1 pvctl list early
pvctl list
