# lib.sh - helpers shared by the integration and compat scripts (POSIX sh).
# A script sources it, calls the helpers, and ends with `finish`. Every
# script gets its own temp dir $T (removed at exit) and $BIN, a directory
# of applet symlinks made with `daemonbox --install`; processes started in
# the background are registered with `track PID` and killed at exit.

set -u
: "${DAEMONBOX:?set DAEMONBOX to the built daemonbox binary}"
case $DAEMONBOX in /*) ;; *) DAEMONBOX=$(pwd)/$DAEMONBOX ;; esac
T=$(mktemp -d "${TMPDIR:-/tmp}/daemonbox-test.XXXXXX") || exit 1
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

cleanup() {
	for p in $PIDS; do kill -9 "$p" 2>/dev/null; done
	for p in $PIDS; do wait "$p" 2>/dev/null; done
	chmod -R u+rwx "$T" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# track PID: kill PID when the script ends.
track() { PIDS="$PIDS $1"; }

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

# wait_for SECONDS CMD [ARG...]: polls CMD every 20 ms until it succeeds;
# returns 1 when the deadline passes.
wait_for() {
	_n=$(($1 * 50))
	shift
	while [ "$_n" -gt 0 ]; do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.02
		_n=$((_n - 1))
	done
	return 1
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

# waitstate NAME PATTERN: poll svstat (5 s at most) until its line
# matches the shell pattern.
waitstate() {
	_i=250
	while [ $_i -gt 0 ]; do
		case $(svstat "$1") in $2) return 0 ;; esac
		sleep 0.02
		_i=$((_i - 1))
	done
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
	_p=$(svpid ws)
	kill -9 "$SUP"
	wait "$SUP" 2>/dev/null
	startsv ws
	waitstate ws "ws: up (pid $_p) * seconds" && "$1" ws adopted
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
