# The scripted dom0 session of tests/integration/dom0-session (see its
# test.conf for what the runner checks in the output).
pvctl info
baseline
# The hypervisor's log: read, cleared, read again (the boot lines are gone).
echo DMESG-1
pvctl dmesg -c
echo DMESG-2
pvctl dmesg
echo DMESG-3
# Three guests from configs.
expect 0 pvctl create /guests/ticker.cfg
expect 0 pvctl create /tests/dom0-session/big.cfg
expect 0 pvctl create /guests/hello.cfg -c
waitlog ticker "tick 2" 30
waitlog big "tick 1" 30
pvctl list
json pvctl list --json
json pvctl info -j
json pvctl vcpu-list --json
# The other commands, for real.
expect 0 pvctl top -b -n 2 -d 1
expect 0 pvctl vcpu-pin big 0 1
# A blocked vCPU moves when it next runs: its next tick (every 700 ms),
# after which it sleeps again. Two ticks, so one whole wake-up came after
# the pin. On a slow host it may be running or waiting for CPU 1 when
# listed: the runner accepts any state there, on CPU 1 only.
waitgrow big 5
waitgrow big 5
sleep 100
expect 0 pvctl vcpu-list big
expect 0 pvctl sched-credit -d big -w 512 -c 50
expect 0 pvctl sched-credit -d big
expect 0 pvctl mem-max big 32
expect 1 pvctl mem-max big 1
pvctl list -l big
# The console of one replays and follows its output.
pvctl console ticker
# Paused: no CPU time, no output; unpaused: output again.
expect 0 pvctl pause ticker
frozen ticker 1500
pvctl list ticker
expect 0 pvctl unpause ticker
waitgrow ticker 30
# hello ran to its end: on_poweroff=destroy removed it.
waitgone hello 30
expect 1 pvctl list hello
# Shutdown with a reason, waiting; destroy.
expect 0 pvctl shutdown -w ticker
waitgone ticker 30
expect 0 pvctl reboot big
waitlog big "pvkern: starting" 30
sleep 300
pvctl list big
expect 0 pvctl destroy big
expect 1 pvctl list big
# on_crash=restart: it crashes, dom0 builds it again.
expect 0 pvctl create /tests/dom0-session/crashy.cfg
waitlog crashy "crashing now" 30
sleep 1000
expect 0 pvctl list crashy
expect 0 pvctl destroy crashy
# Bad input: a clear message, exit status 1 (2 for usage), nothing created.
expect 1 pvctl create /tests/dom0-session/bad-syntax.cfg
expect 1 pvctl create /tests/dom0-session/bad-key.cfg
expect 1 pvctl create /tests/dom0-session/too-big.cfg
expect 1 pvctl create /tests/dom0-session/no-kernel.cfg
expect 1 pvctl create /tests/dom0-session/truncated.cfg
expect 1 pvctl create /tests/dom0-session/hostile-notes.cfg
expect 1 pvctl create /tests/dom0-session/missing.cfg
expect 2 pvctl create
expect 2 pvctl frobnicate
pvctl list
# Create and destroy, many times: the free memory comes back exactly.
repeat 20 pvctl create /guests/ticker.cfg name=cycle ; pvctl destroy cycle

leakcheck
