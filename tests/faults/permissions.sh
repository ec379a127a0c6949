# permissions.sh - a real unprivileged user, created for the test, against
# a service supervised by root: it cannot control it (supervise/ is 0700,
# and the fifos are 0600 even when an admin opens the directory), cannot
# read its state or its logs, and svc, svok and svstat say so exactly as
# daemontools 0.76 does (compared with /usr/bin when it is there).
# setuidgid keeps no supplementary group, even from a root that has some.
# Figure: denied attempts that left the service untouched.
FAULTS_UNSHARE=1
. "$DAEMONBOX_SOURCE_DIR/tests/faults/lib.sh"

need_root "creating a user"
extra=
getent group users >/dev/null && extra="-G users"
# shellcheck disable=SC2086
mkuser $extra
U=$FAULT_USER
# From /: svc and svstat open "." first, and $T is not readable to it.
as() { (cd / && exec setuidgid "$U" "$@"); }
ORACLE=${DT_REFERENCE:-/usr/bin}
[ -x "$ORACLE/svc" ] || ORACLE=

mksvc s 'exec sleep 1000'
startsv s
waitstate s "s: up (pid *) * seconds"
p0=$(svpid s)
S=$T/s
check "supervise/ mode" "drwx------ root" "$(stat -c '%A %U' s/supervise)"
check "control mode" "prw------- root" "$(stat -c '%A %U' s/supervise/control)"
check "ok mode" "prw------- root" "$(stat -c '%A %U' s/supervise/ok)"

denied=0
# tryas DESC RC STDOUT STDERR TOOL ARGS: as the user, ours and the oracle.
tryas() {
	_d=$1 _rc=$2 _o=$3 _e=$4
	shift 4
	expect "$_d" "$_rc" "$_o" "$_e" as "$@"
	denied=$((denied + 1))
	if [ -n "$ORACLE" ]; then
		_t=$1
		shift
		run as "$ORACLE/$_t" "$@"
		check "$_d: same exit code as 0.76" "$_rc" "$RC"
		check "$_d: same stdout as 0.76" "$_o" "$OUT"
		check "$_d: same stderr as 0.76" "$_e" "$ERR"
	fi
}
tryas "svc -d as the user" 0 "" \
	"svc: warning: unable to control $S: access denied" svc -d "$S"
tryas "svc -k as the user" 0 "" \
	"svc: warning: unable to control $S: access denied" svc -kx "$S"
tryas "svok as the user" 111 "" \
	"svok: fatal: unable to open $S/supervise/ok: access denied" svok "$S"
tryas "svstat as the user" 0 \
	"$S: unable to open supervise/ok: access denied" "" svstat "$S"
expect "listing supervise/ as the user" 2 "" \
	"ls: cannot open directory '$S/supervise': Permission denied" \
	as ls "$S/supervise"
run as cat "$S/supervise/status"
check "reading the status as the user" 1 "$RC"

# An admin opens the directory: the status is readable, the fifos are not.
chmod 755 s/supervise
tryas "svstat, directory opened" 0 \
	"$S: unable to open supervise/ok: access denied" "" svstat "$S"
tryas "svc, directory opened" 0 "" \
	"svc: warning: unable to control $S: access denied" svc -dx "$S"
run as sh -c "printf d >'$S/supervise/control'"
[ "$RC" != 0 ] && pass || fail "the user wrote into supervise/control"
chmod 700 s/supervise
check "the service was not touched" "s: up (pid $p0)" \
	"$(svstat s | sed 's/ [0-9]* seconds.*//')"

if have_multilog; then
	echo secret | multilog ./log
	check "log directory mode" "drwx------" "$(stat -c %A log)"
	run as cat "$T/log/current"
	check "reading the log as the user" 1 "$RC"
fi

# setuidgid: only the account's group, whatever root had.
if command -v setpriv >/dev/null; then
	check "root's supplementary groups for the test" "0 4 24" \
		"$(setpriv --groups=4,24 sh -c 'id -G' | tr ' ' '\n' | sort -n | tr '\n' ' ' | sed 's/ $//')"
	groups=$(setpriv --groups=4,24 setuidgid "$U" \
		sh -c 'grep -E "^(Uid|Gid|Groups):" /proc/self/status')
	check "setuidgid drops every supplementary group" \
		"$(printf 'Uid:\t%s\t%s\t%s\t%s\nGid:\t%s\t%s\t%s\t%s\nGroups:\t%s ' \
		"$FAULT_UID" "$FAULT_UID" "$FAULT_UID" "$FAULT_UID" \
		"$FAULT_GID" "$FAULT_GID" "$FAULT_GID" "$FAULT_GID" "$FAULT_GID")" \
		"$groups"
	if [ -x "$ORACLE/setuidgid" ]; then
		check "same as 0.76's setuidgid" "$groups" \
			"$(setpriv --groups=4,24 "$ORACLE/setuidgid" "$U" \
			sh -c 'grep -E "^(Uid|Gid|Groups):" /proc/self/status')"
	fi
else
	echo "setpriv not found (util-linux): group check skipped"
fi
svc -dx s
wait_for 10 sh -c "! kill -0 $SUP" || fail "supervise did not exit"
figure "denied attempts by an unprivileged user, service untouched" "$denied"
finish
