# 100 small domains at once, created by pvctl, all running; then all
# destroyed, and the free memory is back exactly.
baseline
repeat 100 pvctl create /guests/ticker.cfg name=t%i memory=4 "extra=-- 2000"
waitlog t0 "tick 1" 120
waitlog t99 "tick 1" 120
pvctl list t50
json pvctl list --json
repeat 100 pvctl destroy t%i
leakcheck
