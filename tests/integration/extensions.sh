# extensions.sh - what daemonbox adds to supervise beyond 0.76, each off
# unless its file or option is present: ./finish, notification-fd,
# timeout-kill, svc -1/-2 (in supervise.sh), adoption of a service left
# by a killed supervise, svwait, svstat -j.
. "$DAEMONBOX_SOURCE_DIR/tests/integration/lib.sh"

cd "$T" || exit 1
umask 022
PATH=$BIN:$PATH

byte() {	# byte DIR OFFSET: one byte of supervise/xstatus in hex
	od -An -tx1 -j"$2" -N1 "$1/supervise/xstatus" | tr -d ' '
}

# runit's sv reads 20 bytes of supervise/status and refuses 0.76's 18,
# ours as well as the original's (docs/status-format.md).
sv_refuses() {	# sv_refuses DIR
	[ -x /usr/bin/sv ] || return 0
	case $(/usr/bin/sv status "./$1" 2>&1) in
	*"unable to read supervise/status: bad format"*) pass ;;
	*) fail "runit sv on $1: $(/usr/bin/sv status "./$1" 2>&1)" ;;
	esac
}

# finish: run with the exit code and signal; status byte 19 is 2 meanwhile
# (it lasts until the test has looked: ./go).
mksvc f1 'echo run >>trace; exec sleep 1000'
printf '#!/bin/sh\necho "finish $1 $2" >>trace\nwhile [ ! -e go ]; do sleep 0.05; done\n' >f1/finish
chmod +x f1/finish
startsv f1
waitstate f1 "f1: up (pid *) * seconds"
svc -d f1
waitstate f1 "f1: down * seconds, normally up, finishing"
check "byte 19 while finishing" 02 "$(byte f1 19)"
sv_refuses f1
if [ -x /usr/bin/svstat ] && [ -x /usr/bin/envuidgid ]; then
	case $(/usr/bin/svstat f1) in
	"f1: down "*" seconds, normally up") pass ;;
	*) fail "djb svstat while finishing: $(/usr/bin/svstat f1)" ;;
	esac
fi
wait_for 5 grep -q "finish -1 15" f1/trace || fail "finish arguments (TERM)"
: >f1/go
waitstate f1 "f1: down * seconds, normally up"
check "byte 19 after finish" 00 "$(byte f1 19)"
svc -u f1
waitstate f1 "f1: up (pid *) * seconds"
svc -k f1
wait_for 5 grep -q "finish -1 9" f1/trace || fail "finish arguments (KILL)"
waitstate f1 "f1: up (pid *) * seconds"	# restarted after finish
stopsv f1

# finish gets the exit code; 125 means do not restart.
mksvc f2 'exit 3'
printf '#!/bin/sh\necho "finish $1 $2" >>trace\nexit 125\n' >f2/finish
chmod +x f2/finish
startsv f2
wait_for 5 grep -q "finish 3 0" f2/trace || fail "finish arguments (exit 3)"
waitstate f2 "f2: down * seconds, normally up, permanent failure"
check "permanent failure: want down" 64 "$(byte f2 17)"
stopsv f2

# A slow finish is killed after timeout-finish milliseconds (3 s: long
# enough to see "finishing" on a busy machine).
mksvc f3 'exec sleep 1000'
printf '#!/bin/sh\nexec sleep 1000\n' >f3/finish
chmod +x f3/finish
echo 3000 >f3/timeout-finish
startsv f3
waitstate f3 "f3: up (pid *) * seconds"
svc -d f3
waitstate f3 "f3: down * seconds, normally up, finishing"
t0=$(date +%s%N)
# Down at all means the finish was killed: it would sleep 1000 s.
waitstate f3 "f3: down * seconds, normally up" && pass
ms=$((($(date +%s%N) - t0) / 1000000))
printf 'timeout-finish 3000: down %d ms after "finishing" was seen\n' "$ms"
stopsv f3

# Readiness: the first newline on the notification descriptor.
mksvc r1 'while [ ! -e go ]; do sleep 0.05; done; echo >&5; exec sleep 1000'
echo 5 >r1/notification-fd
startsv r1
waitstate r1 "r1: up (pid *) * seconds"
case $(svstat r1) in *ready*) fail "ready too early" ;; *) pass ;; esac
: >r1/go
waitstate r1 "r1: up (pid *) * seconds, ready * seconds"
check "ready flag" 1 $((0x$(byte r1 22) >> 2 & 1))
# djb's svstat reads a service that uses features, where installed.
p=$(svpid r1)
if [ -x /usr/bin/svstat ] && [ -x /usr/bin/envuidgid ]; then
	case $(/usr/bin/svstat r1) in
	"r1: up (pid $p) "*" seconds") pass ;;
	*) fail "djb svstat on a ready service: $(/usr/bin/svstat r1)" ;;
	esac
fi
sv_refuses r1
stopsv r1
# Without the file nothing changes and fd 5 is not open in ./run.
mksvc r2 'ls /proc/$$/fd >fds; exec sleep 1000'
startsv r2
wait_for 5 test -s r2/fds
grep -qx 5 r2/fds && fail "fd 5 open without notification-fd" || pass
waitstate r2 "r2: up (pid *) * seconds"
case $(svstat r2) in *ready*) fail "ready without notification-fd" ;; *) pass ;; esac
stopsv r2

# svwait: -u, -U, -d, -D, -x and the timeout.
mksvc w1 'sleep 0.4; echo >&4; exec sleep 1000'
echo 4 >w1/notification-fd
touch w1/down
startsv w1
expect "svwait -d on a down service" 0 "" "" svwait -d w1
expect "svwait -u times out" 1 "" "svwait: fatal: timed out waiting for w1" \
	svwait -u -t 200 w1
svc -u w1
run svwait -U -t 60000 w1
check "svwait -U" 0 "$RC"
case $(svstat w1) in *ready*) pass ;; *) fail "svwait -U returned before ready" ;; esac
svc -d w1
expect "svwait -D" 0 "" "" svwait -D -t 60000 w1
svc -x w1
expect "svwait -x" 0 "" "" svwait -x -t 60000 w1
wait "$SUP"
# -x also sees a supervise that is killed and writes no last status.
startsv w1
svwait -x w1 &
wp=$!
track $wp
sleep 0.2
kill -9 "$SUP"
wait "$SUP" 2>/dev/null
# It has no timer to notice by: ended at all means the event woke it.
wait_for 5 sh -c "! kill -0 $wp" && pass ||
	{ fail "svwait -x did not notice"; kill "$wp"; }
wait $wp
check "svwait -x after kill -9 of supervise" 0 $?
expect "svwait -u, supervise not running" 111 "" \
	"svwait: fatal: unable to wait for w1: supervise not running" svwait -u w1
# With -t, a supervise that is not running yet is waited for: a service
# linked in a moment before, or not supervised within the time.
expect "svwait -u -t, no supervise ever" 1 "" \
	"svwait: fatal: timed out waiting for w1" svwait -u -t 300 w1
mksvc w2 'exec sleep 1000'
svwait -u -t 60000 w2 &
wp=$!
track $wp
startsv w2
wait "$wp"
check "svwait -u -t, supervise started after it" 0 $?
check "svwait -u -t: up when it returned" 1 "$(svstat w2 | grep -c 'up (pid')"
stopsv w2
expect "svwait usage" 100 "" \
	"svwait: usage: svwait [ -u | -U | -d | -D | -x ] [ -t ms ] dir ..." svwait -u

# kill escalation: TERM ignored, KILL after timeout-kill; "got TERM" meanwhile.
mksvc k1 "trap '' TERM; while :; do sleep 1; done"
echo 3000 >k1/timeout-kill	# a window to see "got TERM" in
startsv k1
waitstate k1 "k1: up (pid *) * seconds"
svc -d k1
waitstate k1 "k1: up (pid *) * seconds, want down, got TERM"
waitstate k1 "k1: down * seconds, normally up"
stopsv k1
# Without timeout-kill, 0.76: the service stays, no "got TERM".
mksvc k2 "trap '' TERM; while :; do sleep 1; done"
startsv k2
waitstate k2 "k2: up (pid *) * seconds"
svc -d k2
sleep 0.3
waitstate k2 "k2: up (pid *) * seconds, want down"
svc -k k2
waitstate k2 "k2: down * seconds, normally up"
stopsv k2

# A killed supervise's service is adopted, not started twice.
mksvc a1 'echo $$ >>pids; exec sleep 1000'
startsv a1
waitstate a1 "a1: up (pid *) * seconds"
p=$(svstat a1 | sed 's/.*pid \([0-9]*\).*/\1/')
kill -9 "$SUP"
wait "$SUP" 2>/dev/null
startsv a1
waitstate a1 "a1: up (pid $p) * seconds"
sleep 1.2
check "adopted: started once" 1 "$(wc -l <a1/pids | tr -d ' ')"
check "adopted flag" 1 $((0x$(byte a1 22) >> 7 & 1))
kill "$p"
wait_for 5 sh -c 'test "$(wc -l <a1/pids)" -eq 2' ||
	fail "not restarted after the adopted one ended"
waitstate a1 "a1: up (pid *) * seconds"
check "restarted once after the adopted one ended" 2 "$(wc -l <a1/pids | tr -d ' ')"
q=$(svstat a1 | sed 's/.*pid \([0-9]*\).*/\1/')
[ "$q" != "$p" ] && pass || fail "same pid after restart"
# A stranger with the recorded pid is not adopted: forge the start time
# (with a checksum that fits it, so only the start time tells).
kill -9 "$SUP"
wait "$SUP" 2>/dev/null
if command -v python3 >/dev/null; then
	python3 - a1/supervise/xstatus <<'PY'
import struct, sys
b = bytearray(open(sys.argv[1], 'rb').read())
b[52:60] = bytes(range(1, 9))
h = 2166136261
for c in b[:60]:
    h = ((h ^ c) * 16777619) & 0xffffffff
b[60:64] = struct.pack('>I', h)
open(sys.argv[1], 'wb').write(b)
PY
else
	# Without python3: a stranger's start time and a stale checksum.
	printf '\001\002\003\004\005\006\007\010' |
		dd of=a1/supervise/xstatus bs=1 seek=52 conv=notrunc 2>/dev/null
fi
startsv a1
wait_for 5 sh -c 'test "$(wc -l <a1/pids)" -eq 3' ||
	fail "a stranger (forged start time) was adopted"
kill "$q"
stopsv a1

# A service left by daemontools 0.76: its status has no start time, so the
# proof is the process's start no later than the status's time and within a
# second of it, and its working directory in the service directory.
# status76 DIR PID STAMP_NS: the 18 bytes 0.76 writes (up, want u).
status76() {
	_hex=$(printf '%016x%08x' $((4611686018427387914 + $3 / 1000000000)) \
	    $(($3 % 1000000000)))$(printf '%08x' "$2" |
	    sed 's/\(..\)\(..\)\(..\)\(..\)/\4\3\2\1/')0075
	_oct=
	while [ -n "$_hex" ]; do
		_oct="$_oct\\$(printf '%03o' $((0x${_hex%"${_hex#??}"})))"
		_hex=${_hex#??}
	done
	rm -f "$1/supervise/xstatus"
	printf "$_oct" >"$1/supervise/status"
}
mksvc o1 'echo $$ >>pids; exec sleep 1000'
mkdir o1/supervise
(cd o1 && exec sleep 1000) &
op=$!
track $op
now=$(date +%s%N)
status76 o1 "$op" "$now"
startsv o1
if fallback; then
	# No start times in wall-clock time (CLOCK_BOOTTIME taken away):
	# nothing proves the process is the service's, so ./run starts.
	skipcheck "0.76's service adopted: the fallback build cannot prove it"
	wait_for 60 test -s o1/pids ||
		fail "fallback build: 0.76's service neither adopted nor started"
else
	waitstate o1 "o1: up (pid $op) * seconds"
	check "0.76's service adopted: ./run not started" "" \
	    "$(cat o1/pids 2>/dev/null)"
fi
kill -9 "$SUP"
wait "$SUP" 2>/dev/null
for p in $(cat o1/pids); do kill "$p"; done
: >o1/pids
# The same process and a status time 5 s after its start: not proven.
status76 o1 "$op" $((now + 5000000000))
startsv o1
wait_for 60 test -s o1/pids || fail "a process started 5 s before the status was adopted"
stopsv o1
# One that works elsewhere: not proven either.
mksvc o2 'echo $$ >>pids; exec sleep 1000'
mkdir o2/supervise
(cd / && exec sleep 1000) &
op2=$!
track $op2
status76 o2 "$op2" "$(date +%s%N)"
startsv o2
wait_for 60 test -s o2/pids || fail "a process working elsewhere was adopted"
stopsv o2
kill "$op" "$op2"

# svstat -j.
mksvc j1 'exec sleep 1000'
startsv j1
waitstate j1 "j1: up (pid *) * seconds"
run svstat -j j1 nodir
line1=$(sed -n 1p "$T/out")
case $line1 in
'{"service":"j1","supervise":true,"state":"up","pid":'*',"seconds":'*',"normally":"up","paused":false,"want":"up","ready":false,"ready_seconds":null,"last_exit":null,"got_term":false,"finishing":false,"permanent_failure":false,"exiting":false}') pass ;;
*) fail "svstat -j up: $line1" ;;
esac
check "svstat -j error" '{"service":"nodir","supervise":null,"error":"unable to chdir: file does not exist"}' \
	"$(sed -n 2p "$T/out")"
svc -k j1
lastkill() { svstat -j j1 | grep -q '"last_exit":{"signal":9,"seconds":'; }
wait_for 5 lastkill && pass || fail "svstat -j last exit: $(svstat -j j1)"
waitstate j1 "j1: up (pid *) * seconds"
if command -v python3 >/dev/null; then
	svstat -j j1 | python3 -c 'import json,sys; json.loads(sys.stdin.read())' &&
		pass || fail "svstat -j is not JSON"
fi
mkdir 'q"\'
expect "svstat -j escapes" 0 '{"service":"q\"\\","supervise":null,"error":"unable to open supervise/ok: file does not exist"}' "" svstat -j 'q"\'
stopsv j1

# Readiness whatever descriptor number notification-fd names, also the
# number the pipe's write end happens to have in supervise (then it must
# still reach ./run: not left close-on-exec).
for n in 5 6 7 8 9 10 11 12 13 14; do
	mksvc nf$n "echo >/dev/fd/$n; exec sleep 1000"
	echo $n >nf$n/notification-fd
	supervise nf$n 2>>"$T/nf$n.err" &
	eval "nfsup$n=\$!"
	track $!
done
for n in 5 6 7 8 9 10 11 12 13 14; do
	waitstate nf$n "nf$n: up (pid *) * seconds, ready * seconds"
	svc -dx nf$n
	eval "wait \$nfsup$n"
done

finish
