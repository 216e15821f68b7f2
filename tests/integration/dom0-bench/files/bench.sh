# make bench's dom0 figures (scripts/bench.sh runs this under -icount):
# creation time to the first console line for a 4 MiB and a 64 MiB guest,
# the time pvctl destroy takes for a running 4 MiB guest, then 1000
# create/destroy cycles and the free memory against the baseline.
benchcreate create_4mib /guests/hello.cfg name=b4 memory=4
benchcreate create_64mib /guests/hello.cfg name=b64 memory=64
benchdestroy destroy_4mib /guests/ticker.cfg name=d4 memory=4
baseline
repeat 1000 pvctl create /guests/ticker.cfg name=cycle memory=4 ; pvctl destroy cycle
leakcheck
