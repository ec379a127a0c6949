# controljunk.sh - 1 MiB of random bytes, none of them a command letter
# (udopchaitkx12), written into supervise/control: supervise ignores them
# all, stays alive, leaves the service alone and still obeys svc after.
# Figure: time and CPU seconds supervise took to swallow the junk.
FAULTS_UNSHARE=1
. "$DAEMONBOX_SOURCE_DIR/tests/faults/lib.sh"

mksvc s 'exec sleep 1000'
startsv s
waitstate s "s: up (pid *"
pid0=$(svpid s)
cpu0=$(cpu "$SUP")

head -c 3000000 /dev/urandom | tr -d 'udopchaitkx12' | head -c 1048576 >junk
check "junk size" 1048576 "$(wc -c <junk | tr -d ' ')"
check "junk holds no command letter" 0 \
	"$(tr -cd 'udopchaitkx12' <junk | wc -c | tr -d ' ')"

t0=$(now_ms)
# Several writers at once, as a misbehaving client would.
cat junk >s/supervise/control & w1=$!
cat junk >s/supervise/control & w2=$!
track "$w1"; track "$w2"
wait "$w1" "$w2"
check "service untouched by the junk" "$pid0" "$(svpid s)"
# The 'd' queues behind 2 MiB of junk: it is obeyed once all is read.
svc -d s
waitstate s "s: down * normally up" 30
t1=$(now_ms)
cpu1=$(cpu "$SUP")

alive "$SUP" && pass || fail "supervise died of the junk"
alive "$pid0" && fail "service survived svc -d" || pass
grep -q . s.err && fail "supervise wrote: $(head -3 s.err)" || pass
svc -u s
waitstate s "s: up (pid *) * seconds"
pid1=$(svpid s)
[ "$pid1" != "$pid0" ] && pass || fail "no new service after svc -u"
svc -dx s
wait_for 10 sh -c "! kill -0 $SUP" || fail "supervise did not exit on svc -dx"
wait "$SUP"
check "supervise exit code" 0 "$?"

figure "junk bytes" 2097152
figure "junk swallowed and svc -d obeyed after (ms)" $((t1 - t0))
figure "supervise CPU seconds for the junk" \
	"$(awk -v a="$cpu0" -v b="$cpu1" 'BEGIN { printf "%.2f", b - a }')"
finish
