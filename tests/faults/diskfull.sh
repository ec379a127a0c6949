# diskfull.sh - a full filesystem (a small tmpfs, mounted in a private
# mount namespace so nothing leaks) under multilog and under supervise's
# status writes. multilog pauses with "unable to write to DIR/current,
# pausing: out of disk space" and, once space is freed, writes every line:
# none lost, none twice. supervise warns about the status file, keeps the
# service running and obeying svc, and writes the right status once space
# returns. Figures: lines lost / duplicated, recovery times.
FAULTS_UNSHARE=1
. "$DAEMONBOX_SOURCE_DIR/tests/faults/lib.sh"

[ -n "$FAULTS_NS" ] || skip "needs root and unshare -m for a private tmpfs"
mkdir fs
mount -t tmpfs -o size=1m,mode=755 tmpfs "$T/fs" 2>/dev/null ||
	skip "cannot mount a tmpfs"
trap 'sweep; umount "$T/fs"; cleanup' EXIT

# fill: take every free block of the tmpfs.
fill() { dd if=/dev/zero of=fs/fill bs=4096 2>/dev/null; }

if have_multilog; then
	N=30000 HALF=5000
	mkfifo go
	{ seq 1 $HALF; cat go; seq $((HALF + 1)) $N; } |
		multilog ./fs/log 2>ml.err &
	ML=$!
	track "$ML"
	lines() { cat fs/log/@* fs/log/current 2>/dev/null | wc -l; }
	have_half() { [ "$(lines)" -ge $HALF ]; }
	wait_for 10 have_half || fail "multilog did not write the first lines"
	fill
	: >go
	paused() { grep -q "pausing: out of disk space" ml.err; }
	wait_for 10 paused || fail "multilog did not pause on the full disk"
	check "multilog's warning" \
		"multilog: warning: unable to write to ./fs/log/current, pausing: out of disk space" \
		"$(head -1 ml.err)"
	alive "$ML" && pass || fail "multilog died on the full disk"
	before=$(lines)
	sleep 1
	check "nothing written while full" "$before" "$(lines)"
	t0=$(now_ms)
	rm fs/fill
	wait_for 20 sh -c "! kill -0 $ML" || fail "multilog did not finish after space returned"
	t1=$(now_ms)
	wait "$ML"
	check "multilog exit code" 0 "$?"
	cat fs/log/@*.s fs/log/current 2>/dev/null >got
	sort -n got | uniq >got.uniq
	lost=$((N - $(wc -l <got.uniq)))
	dups=$(($(wc -l <got) - $(wc -l <got.uniq)))
	check "lines lost" 0 "$lost"
	check "lines duplicated" 0 "$dups"
	seq 1 $N >want
	cmp -s want got && pass || fail "the log is not lines 1..$N in order"
	check "no other warning" 0 "$(grep -vc "pausing: out of disk space" ml.err)"
	figure "multilog: pauses warned" "$(wc -l <ml.err | tr -d ' ')"
	figure "multilog: lines lost / duplicated" "$lost / $dups"
	figure "multilog: done after space returned (ms)" $((t1 - t0))
	rm -rf fs/log
fi

mksvc fs/s 'exec sleep 1000'
startsv fs/s "$T/sv.err"
waitstate fs/s "fs/s: up (pid *"
c1=$(svpid fs/s)
fill
svc -d fs/s
wait_for 10 sh -c "! kill -0 $c1" || fail "svc -d not obeyed on a full disk"
svc -u fs/s
child() { children "$SUP"; }
has_child() { [ -n "$(child)" ]; }
wait_for 10 has_child || fail "svc -u not obeyed on a full disk"
c2=$(child)
alive "$SUP" && pass || fail "supervise died on the full disk"
check "status is stale while the disk is full" "fs/s: up (pid $c1)" \
	"$(svstat fs/s | sed 's/ [0-9]* seconds.*//')"
check "status-write warning" \
	"supervise: warning: unable to write fs/s/supervise/status.new: out of disk space" \
	"$(head -1 sv.err)"
check "only status-write warnings" 0 "$(grep -vc 'status.new: out of disk space' sv.err)"
nwarn=$(wc -l <sv.err | tr -d ' ')
t0=$(now_ms)
rm fs/fill
# The retry comes at a growing interval (1, 2, 4, 8 s after the failures).
waitstate fs/s "fs/s: up (pid $c2) * seconds" 20
t1=$(now_ms)
svc -dx fs/s
wait_for 10 sh -c "! kill -0 $SUP" || fail "supervise did not exit on svc -dx"
wait "$SUP"
check "supervise exit code" 0 "$?"
figure "supervise: status-write warnings while full" "$nwarn"
figure "supervise: status right after space returned (ms)" $((t1 - t0))
finish
