# pollfail.sh - poll() failing for good under supervise and svscan: a
# descriptor limit lowered below the number of descriptors they poll
# (poll(2) then fails with EINVAL at every call, and so does every open).
# Neither may spin: each warns about once a second, keeps acting on
# signals and commands, reaps its children, and is itself again once the
# limit is back.
. "$DAEMONBOX_SOURCE_DIR/tests/faults/lib.sh"

command -v prlimit >/dev/null || skip "prlimit (util-linux) not found"

# warnings FILE: how many "unable to wait for events" lines FILE has.
warnings() { grep -c 'unable to wait for events' "$1"; }
# gone PID: no such process, or only a zombie left for its parent.
gone() { ! test -e /proc/$1 || grep -q '^[0-9]* (.*) Z' /proc/$1/stat; }

# --- supervise polls 4 descriptors: a limit of 3 breaks every poll (and
# every status write, warned about too).
mksvc s 'exec sleep 1000'
supervise s 2>s.err &
SUP=$!
track "$SUP"
wait_for 30 svok s || fail "supervise did not come up"
waitstate s "s: up (pid *) * seconds" 30
p=$(svpid s)
prlimit --pid "$SUP" --nofile=3:
t0=$(date +%s)
svc -c s	# wakes it: its next poll fails
wait_for 30 grep -q "unable to wait for events in s" s.err ||
	fail "no warning from supervise"
check "supervise's warning" \
	"supervise: warning: unable to wait for events in s: invalid argument" \
	"$(grep 'unable to wait' s.err | head -n 1)"
# Commands are still obeyed and the child reaped.
svc -d s
wait_for 30 gone "$p" || fail "svc -d not obeyed while poll fails"
wait_for 30 sh -c "! test -e /proc/$p" || fail "$p not reaped while poll fails"
sleep 2
n=$(warnings s.err)
secs=$(($(date +%s) - t0 + 1))
figure "supervise: warnings in $secs s of failing poll" "$n"
# About one a second, never the thousands of a busy loop.
[ "$n" -le $((secs * 2 + 2)) ] && pass || fail "supervise spins: $n warnings in $secs s"
alive "$SUP" && pass || fail "supervise died while poll fails"
# Back to normal: the next command is obeyed and published at once.
prlimit --pid "$SUP" --nofile=1024:
svc -u s
waitstate s "s: up (pid *) * seconds" 30
svc -dx s
wait "$SUP"
check "supervise exits 0" 0 $?

# --- svscan polls 2 descriptors (signals, directory watch): a limit of 1.
mkdir sv
mksvc sv/a 'exec sleep 1000'
svscan sv >scan.out 2>scan.err &
scan=$!
track "$scan"
wait_for 30 svok sv/a || fail "svscan did not start sv/a"
sp=$(children "$scan" | head -n 1)
prlimit --pid "$scan" --nofile=1:
t0=$(date +%s)
# A dead supervise wakes it; it is reaped even though poll fails.
kill -9 "$sp"
wait_for 30 grep -q "unable to wait for events" scan.err ||
	fail "no warning from svscan"
wait_for 30 sh -c "! test -e /proc/$sp" || fail "svscan did not reap $sp"
sleep 2
n=$(warnings scan.err)
secs=$(($(date +%s) - t0 + 1))
figure "svscan: warnings in $secs s of failing poll" "$n"
[ "$n" -le $((secs + 2)) ] && pass || fail "svscan spins: $n warnings in $secs s"
alive "$scan" && pass || fail "svscan died while poll fails"
# Back to normal: the service's supervise is started again.
prlimit --pid "$scan" --nofile=1024:
wait_for 30 svok sv/a || fail "sv/a not restarted once the limit rose"
svc -dx sv/a
kill -TERM "$scan"
wait "$scan" 2>/dev/null
wait_for 30 sh -c '! svok sv/a' || fail "sv/a's supervise still up"

finish
