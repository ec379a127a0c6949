# valgrind.sh - the long-running daemons under valgrind memcheck through a
# short life each: supervise (every command, a restart, ./finish,
# timeout-kill, readiness, exit), svscan -i (services added, renamed,
# removed, a log pipe, shutdown) and multilog (patterns, alerts, a status
# file, a processor, rotations). Any memcheck error or a "definitely
# lost" block fails. Skipped without valgrind and for builds it cannot
# check (sanitizers, static). Figure: errors and bytes definitely lost.
FAULTS_UNSHARE=1
. "$DAEMONBOX_SOURCE_DIR/tests/faults/lib.sh"

command -v valgrind >/dev/null || skip "valgrind not found (apt-get install valgrind)"
ldd "$DAEMONBOX" >ldd.out 2>&1 || skip "static binary: valgrind cannot follow its malloc"
grep -q 'lib[at]san' ldd.out && skip "sanitizer build: not for valgrind"

vg() {	# LOG CMD ARGS: run CMD under memcheck, its report in LOG
	_log=$1
	shift
	valgrind -q --error-exitcode=99 --leak-check=full \
	    --errors-for-leak-kinds=definite --show-leak-kinds=definite \
	    --trace-children=no --child-silent-after-fork=yes \
	    --log-file="$T/$_log" "$@"
}
# verdict LOG RC NAME: RC 0 and a clean report.
verdict() {
	check "$3 under valgrind: exit code" 0 "$2"
	check "$3 under valgrind: report" "" "$(cat "$1")"
	_lost=$(sed -n 's/.*definitely lost: \([0-9,]*\) bytes.*/\1/p' "$1" | tr -d , | head -1)
	_err=$(sed -n 's/.*ERROR SUMMARY: \([0-9]*\) errors.*/\1/p' "$1" | head -1)
	figure "$3: memcheck errors / bytes definitely lost" "${_err:-0} / ${_lost:-0}"
}

# supervise
mksvc s 'echo ready >&3
exec sleep 1000'
echo 3 >s/notification-fd
echo 300 >s/timeout-kill
printf '#!/bin/sh\nexit 0\n' >s/finish
chmod +x s/finish
vg sup.vg supervise s 2>s.err &
SUP=$!
track "$SUP"
wait_for 30 svok s || fail "supervise did not come up under valgrind"
waitstate s "s: up (pid *) * seconds" 30
p1=$(svpid s)
for c in -p -c -h -a -i -1 -2 -o -u; do svc $c s; done
svc -k s	# killed: ./finish, then a restart
restarted() { _p=$(svpid s); [ -n "$_p" ] && [ "$_p" != "$p1" ]; }
wait_for 30 restarted || fail "no restart after svc -k"
mksvc s 'trap "" TERM
exec sleep 1000'
svc -t s	# restart into the TERM-deaf one; timeout-kill ends it
waitstate s "s: up (pid *) * seconds" 30
svc -dx s
wait_for 60 sh -c "! kill -0 $SUP" || fail "supervise did not exit under valgrind"
wait "$SUP"
verdict sup.vg $? supervise

# svscan -i
mkdir scan
mksvc scan/a 'exec sleep 1000'
mksvc scan/a/log 'exec cat >/dev/null'
mksvc scan/b 'exec sleep 1000'
(cd scan && SVSCAN_GRACE=2 exec valgrind -q --error-exitcode=99 \
    --leak-check=full --errors-for-leak-kinds=definite \
    --show-leak-kinds=definite --trace-children=no \
    --child-silent-after-fork=yes --log-file="$T/scan.vg" svscan -i) \
    </dev/null >scan.out 2>scan.err &
SCAN=$!
track "$SCAN"
wait_for 30 svok scan/a/log || fail "svscan did not start a/log"
wait_for 30 svok scan/b || fail "svscan did not start b"
mksvc new/c 'exec sleep 1000'
mv new/c scan/c
wait_for 30 svok scan/c || fail "svscan did not start c"
mv scan/b scan/b2	# renamed: the same service
kill -HUP "$SCAN"
sleep 1
mv scan/c gone	# removed: forgotten once its supervise exits
svc -dx gone
kill -HUP "$SCAN"
sleep 1
kill -TERM "$SCAN"
wait_for 60 sh -c "! kill -0 $SCAN" || fail "svscan -i did not exit under valgrind"
wait "$SCAN"
verdict scan.vg $? "svscan -i"

# multilog
if have_multilog; then
	seq 1 600 | sed 's/$/ some text to fill the files/' >input
	vg ml.vg multilog t '-*7 some*' '+*77 some*' e =st s4096 n3 '!cat' ./log \
		-'*' '+1*' ./ones <input 2>ml.err
	verdict ml.vg $? multilog
	check "multilog kept n3 files" 3 "$(ls log/@* log/current | wc -l | tr -d ' ')"
fi
finish
