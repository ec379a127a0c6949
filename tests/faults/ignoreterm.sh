# ignoreterm.sh - a service that ignores SIGTERM. svc -d leaves it up
# with "want down"; svc -k ends it. With a timeout-kill file it is killed
# that long after the TERM. svscan -i, told to shut down, kills it once
# SVSCAN_GRACE has passed, drains its log and exits 0. Figures: time from
# svc -d to down with timeout-kill, and of the svscan -i shutdown.
FAULTS_UNSHARE=1
. "$DAEMONBOX_SOURCE_DIR/tests/faults/lib.sh"

mksvc s 'trap "" TERM
exec sleep 1000'
startsv s
waitstate s "s: up (pid *) * seconds"
p1=$(svpid s)
svc -d s
sleep 1
alive "$p1" && pass || fail "the service died of TERM it ignores"
waitstate s "s: up (pid $p1) * seconds, want down" 5
svc -k s
waitstate s "s: down * seconds, normally up" 5
alive "$p1" && fail "svc -k left the service alive" || pass

# timeout-kill: KILL 500 ms after the TERM.
echo 500 >s/timeout-kill
svc -u s
waitstate s "s: up (pid *) * seconds"
p2=$(svpid s)
t0=$(now_ms)
svc -d s
waitstate s "s: down * seconds, normally up" 10
t1=$(now_ms)
alive "$p2" && fail "timeout-kill left the service alive" || pass
dt=$((t1 - t0))
# Killed (TERM alone never ends it), and not before the 500 ms.
[ $dt -ge 450 ] && pass ||
	fail "killed $dt ms after svc -d, timeout-kill is 500"
svc -dx s
wait_for 10 sh -c "! kill -0 $SUP" || fail "supervise did not exit"
grep -q . s.err && fail "supervise wrote: $(cat s.err)" || pass
figure "svc -d to down with timeout-kill 500 (ms)" $dt

# svscan -i: TERM to every supervise (svc -dx), KILL after the grace
# period to what is left, then the logs drain and svscan exits.
mkdir scan
mksvc scan/deaf 'trap "" TERM
echo started
exec sleep 1000'
if have_multilog; then
	mksvc scan/deaf/log 'exec multilog ./main'
else
	mksvc scan/deaf/log 'exec cat >>out'
fi
mksvc scan/polite 'exec sleep 1000'
# A grace longer than the default (10 s): a shutdown that lasts longer than
# it shows the variable was read, with no upper bound on a slow machine.
(cd scan && SVSCAN_GRACE=11 exec svscan -i) </dev/null >scan.out 2>scan.err &
SCAN=$!
track "$SCAN"
wait_for 10 svok scan/deaf || fail "svscan did not start deaf"
wait_for 10 svok scan/polite || fail "svscan did not start polite"
waitstate scan/deaf "scan/deaf: up (pid *) * seconds"
logged() { grep -q started scan/deaf/log/main/current scan/deaf/log/out 2>/dev/null; }
wait_for 10 logged || fail "deaf's line never reached its log"
pd=$(svpid scan/deaf)
t0=$(now_ms)
kill -TERM "$SCAN"
wait_for 15 sh -c "! kill -0 $SCAN" || fail "svscan -i did not exit"
t1=$(now_ms)
wait "$SCAN"
check "svscan -i exit code" 0 "$?"
alive "$pd" && fail "svscan -i left the deaf service alive" || pass
check "nothing left running" "" "$(mine | while read -r p; do
	c=$(cat /proc/$p/comm 2>/dev/null) || continue
	case $c in supervise | multilog | sleep | cat | svscan) echo "$p $c" ;; esac
done)"
dt=$((t1 - t0))
# Not before SVSCAN_GRACE=11 has passed, so not after the default 10 s
# (a slow machine only adds); the deaf service is dead, so it was killed.
[ $dt -ge 10900 ] && pass ||
	fail "svscan -i took $dt ms with SVSCAN_GRACE=11: not the grace asked for"
check "svscan's messages" "" "$(cat scan.err)"
figure "svscan -i shutdown with a TERM-deaf service, SVSCAN_GRACE=11 (ms)" $dt
finish
