# lib.sh - helpers shared by the integration and compat scripts (POSIX sh).
# A script sources it, calls the helpers, and ends with `finish`. Every
# script gets its own temp dir $T (removed at exit) and $BIN, a directory
# of applet symlinks made with `daemonbox --install`; processes started in
# the background are registered with `track PID` and killed at exit.
# Under CTest, tests/guard makes $T and cleans up after a script that was
# killed (its deadline, CTest's timeout).

set -u
: "${DAEMONBOX:?set DAEMONBOX to the built daemonbox binary}"
case $DAEMONBOX in /*) ;; *) DAEMONBOX=$(pwd)/$DAEMONBOX ;; esac
_record=
if [ -n "${DAEMONBOX_TEST_DIR:-}" ] && [ -d "$DAEMONBOX_TEST_DIR" ]; then
	T=$DAEMONBOX_TEST_DIR
	# Pids mean something to the guard only in its own pid namespace.
	[ "$(readlink /proc/self/ns/pid 2>/dev/null)" = \
	    "${DAEMONBOX_GUARD_NS:-}" ] && _record=1
	unset DAEMONBOX_TEST_DIR	# a script this one runs makes its own
else
	T=$(mktemp -d "${TMPDIR:-/tmp}/daemonbox-test.XXXXXX") || exit 1
fi
# A copy of the binary with relative links beside it, in a directory any
# user can reach: tests run tools as nobody, and the build tree may sit
# under a private directory.
chmod 755 "$T"
BIN=$T/bin
mkdir "$BIN" && cp "$DAEMONBOX" "$BIN/daemonbox" &&
	"$BIN/daemonbox" --install "$BIN" || exit 1
PIDS=
passed=0
failed=0

# GROUPS_: process groups to kill at the end (a daemon started with
# setsid, whose whole tree goes with it whatever happens).
GROUPS_=
cleanup() {
	for g in $GROUPS_; do kill -9 "-$g" 2>/dev/null; done
	for p in $PIDS; do kill -9 "$p" 2>/dev/null; done
	for p in $PIDS; do wait "$p" 2>/dev/null; done
	chmod -R u+rwx "$T" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# track PID: kill PID when the script ends (recorded for tests/guard too,
# in case the script itself is killed).
track() {
	PIDS="$PIDS $1"
	[ -z "$_record" ] || echo "$1" >>"$T/.pids"
}

# dead PID: no such process (any more).
dead() { ! kill -0 "$1" 2>/dev/null; }

# children PID: PID's child processes (/proc/PID/task/PID/children; ps,
# which reads every process of the machine, where that file is missing).
children() {
	if [ -r "/proc/$1/task/$1/children" ]; then
		_l=
		{ read -r _l <"/proc/$1/task/$1/children"; } 2>/dev/null
		echo $_l
	else
		ps -o pid= --ppid "$1"
	fi
}

# reap SECONDS PID: waits for our child PID to end, its status in $RC
# ("killed" when it had to be killed after SECONDS).
reap() {
	if wait_for "$1" dead "$2"; then
		wait "$2"
		RC=$?
	else
		kill -9 "$2"
		wait "$2"
		RC=killed
	fi
}

pass() { passed=$((passed + 1)); }
fail() {
	failed=$((failed + 1))
	printf 'FAIL: %s\n' "$*" >&2
}

# check DESC EXPECTED ACTUAL: string equality.
check() {
	if [ "$2" = "$3" ]; then
		pass
	else
		fail "$1"
		printf '  expected: [%s]\n  actual:   [%s]\n' "$2" "$3" >&2
	fi
}

# run CMD [ARG...]: runs CMD with stdin from $T/stdin when that file exists
# (else /dev/null); stdout in $T/out, stderr in $T/err, status in $RC.
# OUT and ERR hold the texts (trailing newlines dropped, as $(...) does).
run() {
	if [ -f "$T/stdin" ]; then
		"$@" <"$T/stdin" >"$T/out" 2>"$T/err"
	else
		"$@" </dev/null >"$T/out" 2>"$T/err"
	fi
	RC=$?
	OUT=$(cat "$T/out")
	ERR=$(cat "$T/err")
}

# expect DESC RC STDOUT STDERR CMD [ARG...]: runs CMD and checks all three.
expect() {
	_d=$1 _rc=$2 _out=$3 _err=$4
	shift 4
	run "$@"
	check "$_d: exit code" "$_rc" "$RC"
	check "$_d: stdout" "$_out" "$OUT"
	check "$_d: stderr" "$_err" "$ERR"
}

# Deadlines catch hangs and nothing else: a slow or busy machine (a
# sanitized build, a packager's build host running other builds) must
# never make a test fail. So every wait lasts up to DEADLINE seconds (60,
# or $DAEMONBOX_DEADLINE) of the wall clock, whatever its caller says;
# the SECONDS a caller gives only tell how long the wait usually takes,
# and can only make it longer. Where a test must show that something
# happens by one mechanism rather than a slower one, it widens the gap
# between the two (svscan.sh: SVSCAN_TEST_RESCAN), not the clock.
DEADLINE=${DAEMONBOX_DEADLINE:-60}

# deadline SECONDS: the epoch second at which a wait of SECONDS (at least
# DEADLINE) ends, in $_dl.
deadline() {
	_s=$1
	[ "$_s" -ge "$DEADLINE" ] 2>/dev/null || _s=$DEADLINE
	_dl=$(($(date +%s) + _s))
}

# wait_for SECONDS CMD [ARG...]: polls CMD (every 10 ms at first, then
# less often, every 90 ms from the tenth try) until it succeeds; returns 1
# when the deadline passes.
wait_for() {
	deadline "$1"
	shift
	_p=1
	while :; do
		"$@" >/dev/null 2>&1 && return 0
		[ "$(date +%s)" -lt "$_dl" ] || return 1
		sleep "0.0$_p" 2>/dev/null || sleep 1
		[ "$_p" -ge 9 ] || _p=$((_p + 1))
	done
}

# Work scaled to the build: CMake sets DAEMONBOX_SANITIZED=1 for the
# ASan+UBSan build (set it too when running the tools under valgrind),
# where every process start costs ten times as much. Storms and scale
# tests then run a fifth of their size, which still takes every path.
# scaled N: N, or N/5 (at least 1) in such a build.
scaled() {
	if [ -n "${DAEMONBOX_SANITIZED:-}" ]; then
		echo $(($1 / 5 > 0 ? $1 / 5 : 1))
	else
		echo "$1"
	fi
}

# The fallback build (cmake -DDAEMONBOX_FALLBACK=ON, for which CMake sets
# DAEMONBOX_FALLBACK=1) has what a BSD or an old Linux kernel has: no
# directory notification (svscan rescans every 5 s), no exit watch
# (supervise looks at an adopted service once a second), no subreaper, no
# CLOCK_BOOTTIME. A check of what it lacks is adapted or left out there,
# and says so (skipcheck). fallback: whether this is that build.
fallback() { [ -n "${DAEMONBOX_FALLBACK:-}" ]; }
# skipcheck MESSAGE: a check left out in this build, and why.
skipcheck() { printf 'SKIP check: %s\n' "$*"; }

# procs_here [FILE...]: for the log of a failure, the supervise, multilog
# and svscan processes of this machine with their state, where they wait
# and their signal masks, then the last lines of each FILE (svscan's
# output, say). Prints only.
procs_here() {
	ps -eo pid,ppid,stat,wchan:22,args 2>/dev/null |
	    awk 'NR == 1 || /supervise|multilog|svscan/' | grep -v awk
	for _p in $(pgrep -x multilog 2>/dev/null); do
		printf 'multilog %s: %s\n' "$_p" "$(grep -E '^(SigPnd|ShdPnd|SigBlk|SigCgt)' \
		    "/proc/$_p/status" 2>/dev/null | tr '\n\t' '  ')"
	done
	for _f; do
		[ -f "$_f" ] || continue
		echo "--- the end of $_f:"
		tail -n 20 "$_f"
	done
}

# delivered PID: waits until no signal is pending for PID, that is until
# every signal sent to it has reached its handler: input written after
# that comes after the signal for it too, however slow the machine.
# Without Linux's /proc, waits 0.2 s.
delivered() {
	if [ -r "/proc/$1/status" ]; then
		wait_for 5 _none_pending "$1"
	else
		sleep 0.2
	fi
}
_none_pending() {
	awk '/^(SigPnd|ShdPnd):/ && $2 !~ /^0+$/ { p = 1 } END { exit p }' \
	    "/proc/$1/status"
}

# skip MESSAGE: the whole script is skipped (ctest SKIP_RETURN_CODE 77).
skip() {
	printf 'SKIP: %s\n' "$*"
	exit 77
}

# Service helpers for the scripts that drive supervise (tools found
# through PATH, so put $BIN first):
# mksvc NAME SCRIPT-BODY: a service directory whose run is a sh script.
mksvc() {
	mkdir -p "$1"
	printf '#!/bin/sh\n%s\n' "$2" >"$1/run"
	chmod +x "$1/run"
}

# startsv NAME: supervise NAME in the background, pid in $SUP, stderr
# appended to $T/NAME.err.
startsv() {
	supervise "$1" 2>>"$T/$1.err" &
	SUP=$!
	track "$SUP"
	wait_for 5 svok "$1" || fail "supervise $1 did not come up"
}

# stopsv NAME: svc -dx and wait for the supervise started last.
stopsv() {
	svc -dx "$1"
	wait "$SUP"
}

# svpid NAME: the pid svstat shows, empty when down.
svpid() {
	svstat "$1" | sed -n 's/.*up (pid \([0-9]*\)).*/\1/p'
}

# waitstate NAME PATTERN: poll svstat (up to DEADLINE) until its line
# matches the shell pattern.
_state_is() { case $(svstat "$1") in $2) return 0 ;; esac; return 1; }
waitstate() {
	wait_for "$DEADLINE" _state_is "$1" "$2" && return 0
	fail "$1 never reached '$2' (last: $(svstat "$1"))"
	return 1
}

finish() {
	printf '%s passed, %s failed\n' "$passed" "$failed"
	[ "$failed" -eq 0 ]
	exit $?
}

# walk_states CALLBACK: drives our supervise (through PATH) into every
# state a service can be in and calls `CALLBACK DIR STATE` in each: up,
# paused, down, once, normally-down, adopted, ready, finishing, permanent.
# Each service is stopped when its states are done.
walk_states() {
	mksvc ws 'exec sleep 1000'
	startsv ws
	waitstate ws "ws: up (pid *) * seconds" && "$1" ws up
	svc -p ws
	waitstate ws "ws: up (pid *) * seconds, paused" && "$1" ws paused
	svc -cd ws
	waitstate ws "ws: down * seconds, normally up" && "$1" ws down
	svc -o ws
	waitstate ws "ws: up (pid *) * seconds" && "$1" ws once
	touch ws/down
	waitstate ws "ws: up (pid *) * seconds, normally down" &&
		"$1" ws normally-down
	rm ws/down
	_wspid=$(svpid ws)
	kill -9 "$SUP"
	wait "$SUP" 2>/dev/null
	startsv ws
	waitstate ws "ws: up (pid $_wspid) * seconds" && "$1" ws adopted
	stopsv ws
	mksvc wr 'echo >&5; exec sleep 1000'
	echo 5 >wr/notification-fd
	startsv wr
	waitstate wr "wr: up (pid *) * seconds, ready * seconds" && "$1" wr ready
	stopsv wr
	mksvc wf 'exit 3'
	printf '#!/bin/sh\nwhile [ ! -e go ]; do sleep 0.05; done\nexit 125\n' \
		>wf/finish
	chmod +x wf/finish
	startsv wf
	waitstate wf "wf: down * seconds, normally up, want up, finishing" &&
		"$1" wf finishing
	touch wf/go
	waitstate wf "wf: down * seconds, normally up, permanent failure" &&
		"$1" wf permanent
	stopsv wf
}
