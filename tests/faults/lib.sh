# lib.sh - helpers of the fault-injection scripts (tests/faults/*.sh), on
# top of tests/integration/lib.sh: service directories, state polling,
# CPU seconds of a process, the printed figures, temporary users, and a
# sweep that kills every process left with its working directory in $T
# (orphans of svscan, daemons a service left behind). CMake skips this
# file: its base name is lib.

# A script that sets FAULTS_UNSHARE=1 before sourcing this file runs, when
# it can (root with unshare(1)), in a pid and mount namespace of its own:
# /proc then shows its processes only (the machine may run thousands),
# mounts made there vanish with it, and its end kills every process left;
# so does the end of unshare itself (--kill-child: killed at a deadline).
# FAULTS_NS tells whether that happened.
if [ -n "${FAULTS_UNSHARE:-}" ] && [ -z "${FAULTS_NS:-}" ] &&
    [ "$(id -u)" = 0 ] && command -v unshare >/dev/null &&
    unshare -p -f -m --propagation private --mount-proc --kill-child \
    true 2>/dev/null; then
	FAULTS_NS=1 exec unshare -p -f -m --propagation private --mount-proc \
	    --kill-child sh "$0" "$@"
fi
FAULTS_NS=${FAULTS_NS:-}
. "$DAEMONBOX_SOURCE_DIR/tests/integration/lib.sh"
# Processes are watched through Linux's /proc (pid, cwd, fds, CPU time).
[ -r /proc/self/stat ] && [ -d /proc/self/fdinfo ] ||
	skip "needs a Linux /proc"

cd "$T" || exit 1
umask 022
PATH=$BIN:$PATH
FAULT_USER=

# mine: the pids of the processes whose working directory or command
# line lies in $T: everything this script started, tracked or not.
mine() {
	{
		find /proc/[0-9]*/cwd -maxdepth 0 \
		    \( -lname "$T" -o -lname "$T/*" \) 2>/dev/null
		grep -l -a -F -- "$T/" /proc/[0-9]*/cmdline 2>/dev/null
	} | sed -n 's|^/proc/\([0-9]*\)/.*|\1|p' | sort -u | grep -vx "$$"
}

# owned UID: the pids of the processes whose real uid is UID.
owned() {
	grep -H '^Uid:' /proc/[0-9]*/status 2>/dev/null |
		awk -v u="$1" '$2 == u { split($1, a, "/"); print a[3] }'
}

sweep() {
	for _i in 1 2 3; do
		_l=$(mine)
		[ -z "$_l" ] && break
		# shellcheck disable=SC2086
		kill -9 $_l 2>/dev/null
		sleep 0.1
	done
	if [ -n "$FAULT_USER" ]; then
		for _p in $(owned "$FAULT_UID"); do kill -9 "$_p"; done 2>/dev/null
		userdel "$FAULT_USER" 2>/dev/null
		FAULT_USER=
	fi
}
trap 'sweep; cleanup' EXIT

# figure NAME VALUE: one line of the test's results, easy to grep.
figure() { printf 'FIGURE %s: %s\n' "$1" "$2"; }

# mksvc NAME SCRIPT-BODY: a service directory whose run is a sh script.
mksvc() {
	mkdir -p "$1"
	printf '#!/bin/sh\n%s\n' "$2" >"$1/run"
	chmod +x "$1/run"
}

# startsv NAME [LOG]: supervise NAME in the background (stderr in LOG,
# default $T/NAME.err), pid in $SUP.
startsv() {
	supervise "$1" 2>>"${2:-$T/$1.err}" &
	SUP=$!
	track "$SUP"
	wait_for 10 svok "$1" || fail "supervise $1 did not come up"
}

# svpid NAME: the pid of the running service, from svstat.
svpid() { svstat "$1" | sed -n 's/.*: up (pid \([0-9]*\)).*/\1/p'; }

# waitstate NAME PATTERN [SECONDS]: poll svstat until its line matches
# (up to DEADLINE, or SECONDS if longer: see wait_for).
waitstate() {
	wait_for "${3:-$DEADLINE}" _state_is "$1" "$2" && return 0
	fail "$1 never reached '$2' (last: $(svstat "$1"))"
	return 1
}

alive() { kill -0 "$1" 2>/dev/null; }

# children PID: the pids of PID's live children (without procps).
children() {
	cat /proc/[0-9]*/stat 2>/dev/null | awk -v pp="$1" '
		{ pid = $1; sub(/^.*\) /, "") } $2 == pp && $1 != "Z" { print pid }'
}

# cpu PID: user + system CPU seconds used so far by PID (two decimals).
cpu() {
	awk -v hz="$(getconf CLK_TCK)" \
	    '{ sub(/^.*\) /, ""); printf "%.2f\n", ($12 + $13) / hz }' \
	    "/proc/$1/stat" 2>/dev/null || echo "?"
}

# now_ms: milliseconds since the epoch (GNU date).
now_ms() { date +%s%3N; }

# rnd N: a random number from 0 to N-1.
rnd() { echo $(($(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % $1)); }

need_root() { [ "$(id -u)" = 0 ] || skip "$1 needs root"; }

# mkuser: a temporary unprivileged account in $FAULT_USER, removed (with
# its processes) when the script ends. $T becomes searchable for it.
mkuser() {
	command -v useradd >/dev/null || skip "useradd not found (package passwd)"
	# Named after $T: in a pid namespace $$ is 1 for every script.
	FAULT_USER=dbfault$(echo "${T##*.}" | tr 'A-Z' 'a-z')
	useradd -M -d /nonexistent -s /usr/sbin/nologin "$@" "$FAULT_USER" ||
		skip "useradd failed"
	FAULT_UID=$(id -u "$FAULT_USER")
	FAULT_GID=$(id -g "$FAULT_USER")
	chmod 711 "$T" "$BIN"
}

have_multilog() {
	[ -x "$BIN/multilog" ] && return 0
	echo "multilog not built: its part is skipped"
	return 1
}
