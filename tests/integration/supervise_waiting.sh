# supervise_waiting.sh - commands already waiting in supervise/control
# when supervise starts are obeyed before it first starts ./run: a waiting
# d keeps the service from starting at all, a waiting u starts it over a
# down file. (svscan hands a replaced supervise's want to the next one so.)
# The FIFO is held open here, as svscan holds it, so that the bytes stay.
. "$DAEMONBOX_SOURCE_DIR/tests/integration/lib.sh"

cd "$T" || exit 1
umask 022
PATH=$BIN:$PATH
export PATH
isup() { svstat "$1" | grep -q ': up (pid'; }
isdown() { svstat "$1" | grep -q ': down '; }

# waiting DIR CMD: supervise DIR started with CMD waiting in its FIFO.
waiting() {
	mkdir -p "$1/supervise"
	mkfifo "$1/supervise/control"
	exec 3<>"$1/supervise/control"	# read and write: never blocks
	printf '%s' "$2" >&3
	supervise "$1" 2>>"$T/$1.err" &
	SUP=$!
	track $SUP
	wait_for 10 svok "$1" || fail "supervise $1 not up"
	exec 3>&-
}

mksvc w 'echo started >>ran; exec sleep 1000'
waiting w d
# supervise/ok gets its reader once the start-up is over, and a start
# there is recorded before: so the service is down now, for good. A ./run
# started and at once stopped would not have had time to write ./ran,
# but its end is recorded (svstat -j's last_exit).
check "a waiting d: svstat says down" yes "$(isdown w && echo yes)"
check "a waiting d: ./run never ran" no "$(test -e w/ran && echo yes || echo no)"
case $(svstat -j w) in
*'"last_exit":null'*) pass ;;
*) fail "a waiting d: ./run was started and stopped: $(svstat -j w)" ;;
esac
svc -u w
# ./ran exists from the open of `>>ran` on, before echo has written to it:
# wait for the line.
wait_for 10 grep -qx started w/ran || fail "w did not start on svc -u"
check "then svc -u: started once" started "$(cat w/ran)"
stopsv w

mksvc u 'echo started >>ran; exec sleep 1000'
: >u/down
waiting u u
wait_for 10 isup u || fail "a waiting u over a down file: not up"
wait_for 10 grep -qx started u/ran
check "a waiting u over a down file: started once" started "$(cat u/ran)"
stopsv u

# Nothing waiting: as before.
mksvc n 'echo started >>ran; exec sleep 1000'
startsv n
wait_for 10 isup n || fail "n: not up"
stopsv n
check "supervise's messages" "" "$(cat "$T"/*.err)"
finish
