# daemonfork.sh - a service that puts a daemon in the background and
# exits. supervise restarts it no faster than once a second, so the
# daemons pile up at that pace and no faster, and supervise itself stays
# idle and obedient. Under fghack the same service stays in the
# foreground: one daemon, no restart. Figures: restarts in the window,
# daemons left behind, supervise's CPU seconds.
FAULTS_UNSHARE=1
. "$DAEMONBOX_SOURCE_DIR/tests/faults/lib.sh"

W=4	# seconds of watching
mksvc bg 'sleep 1000 &
exit 0'
mksvc fg 'exec fghack sh -c "sleep 1000 & exit 0"'

# daemons DIR: the background sleeps started from DIR.
daemons() {
	_n=0
	for _p in $(mine); do
		[ "$(cat /proc/$_p/comm 2>/dev/null)" = sleep ] &&
		    [ "$(readlink /proc/$_p/cwd)" = "$T/$1" ] && _n=$((_n + 1))
	done
	echo $_n
}

startsv bg
SBG=$SUP
startsv fg
SFG=$SUP
cpu0=$(cpu "$SBG")
t0=$(now_ms)
sleep $W
# Restarted at least once (the watch may have been short on a busy
# machine: then wait for it).
restarted() { [ "$(daemons bg)" -ge 2 ]; }
wait_for 10 restarted || fail "bg: never restarted"
nbg=$(daemons bg)
nfg=$(daemons fg)
t1=$(now_ms)
cpu1=$(cpu "$SBG")
secs=$(((t1 - t0 + 999) / 1000))
alive "$SBG" && pass || fail "supervise bg died"
alive "$SFG" && pass || fail "supervise fg died"
# One start at once, then one a second at most (a slow machine makes
# fewer, never more).
[ "$nbg" -ge 2 ] && [ "$nbg" -le $((secs + 2)) ] && pass ||
	fail "bg: $nbg daemons in $secs s (want 2 to $((secs + 2)))"
check "fg: daemons under fghack" 1 "$nfg"
case $(svstat fg) in
"fg: up (pid "*) pass ;;
*) fail "fg not up: $(svstat fg)" ;;
esac
fgpid=$(svpid fg)
check "fg: supervise's child is fghack" fghack "$(cat /proc/$fgpid/comm)"
# Still obeying: both go down and supervise exits.
svc -dx bg fg
wait_for 10 sh -c "! kill -0 $SBG" || fail "supervise bg did not exit"
wait_for 10 sh -c "! kill -0 $SFG" || fail "supervise fg did not exit"
wait "$SBG"
check "supervise bg exit code" 0 "$?"
wait "$SFG"
check "supervise fg exit code" 0 "$?"
grep -q . bg.err fg.err && fail "supervise wrote: $(cat bg.err fg.err)" || pass

figure "bg: starts in $secs s (daemons piled up)" "$nbg"
figure "fg (fghack): starts in $secs s" "$nfg"
figure "supervise CPU seconds over the window" \
	"$(awk -v a="$cpu0" -v b="$cpu1" 'BEGIN { printf "%.2f", b - a }')"
finish
