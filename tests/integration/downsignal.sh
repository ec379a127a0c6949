# downsignal.sh - supervise's down-signal file (s6's): the signal svc -d
# and SIGTERM/SIGINT to supervise send instead of SIGTERM, in each
# spelling s6 accepts; svc -t still sends TERM; a bad file is warned about
# and TERM used; timeout-kill still ends with SIGKILL; the file is read at
# each start.
. "$DAEMONBOX_SOURCE_DIR/tests/integration/lib.sh"

cd "$T" || exit 1
umask 022
PATH=$BIN:$PATH

# A service that writes the name of each signal it gets to ./got and
# exits 0; ./ready holds its pid once its traps are set.
body='for s in HUP ALRM USR1 USR2 TERM; do
	trap "echo $s >>got; exit 0" $s
done
echo $$ >ready.new && mv ready.new ready
while :; do sleep 0.05; done'

# ready NAME: waits until the run now up has set its traps (20 s at most).
is_ready() {
	_p=$(svpid "$1") && [ -n "$_p" ] &&
		[ "$(cat "$1/ready" 2>/dev/null)" = "$_p" ]
}
ready() { wait_for 20 is_ready "$1" || fail "$1 never ready"; }
# restarted NAME OLDPID: waits for a run with another pid.
is_new() { _p=$(svpid "$1") && [ -n "$_p" ] && [ "$_p" != "$2" ]; }
restarted() { wait_for 20 is_new "$1" "$2" || fail "$1 was not restarted"; }

# got NAME PATTERN: waits for ./got to hold PATTERN (20 s at most).
got() {
	wait_for 20 grep -qx "$2" "$1/got" ||
		fail "$1: never got $2 (got: $(cat "$1/got" 2>/dev/null))"
}

# down_with NAME FILE-CONTENT EXPECTED: svc -d sends EXPECTED.
down_with() {
	mksvc "$1" "$body"
	printf "$2" >"$1/down-signal"
	startsv "$1"
	ready "$1"
	svc -d "$1"
	got "$1" "$3"
	waitstate "$1" "$1: down * seconds, normally up"
	check "$1: only $3" "$3" "$(cat "$1/got")"
	stopsv "$1"
}

# No file: TERM, as always.
mksvc plain "$body"
startsv plain
ready plain
svc -d plain
got plain TERM
stopsv plain

# The spellings of s6 (skalibs' sig0_scan): name, SIG + name, any case,
# a number; a newline or not; what follows the first line is ignored.
# (Not QUIT or INT: a shell's background jobs start with them ignored.)
down_with s-name 'HUP\n' HUP
down_with s-sig 'SIGUSR1\n' USR1
down_with s-case 'sigUsr2' USR2
down_with s-lower 'alrm\n' ALRM
down_with s-num '1\n' HUP
down_with s-blanks 'ALRM \t\n' ALRM
down_with s-lines 'USR1\ngarbage\n' USR1

# svc -t keeps sending TERM; the service, wanted up, comes back.
mksvc t1 "$body"
echo HUP >t1/down-signal
startsv t1
ready t1
p1=$(svpid t1)
svc -t t1
got t1 TERM
restarted t1 "$p1"
ready t1
svc -d t1
got t1 HUP
check "t1: TERM for -t, HUP for -d" "TERM HUP" "$(echo $(cat t1/got))"
stopsv t1

# SIGTERM to supervise sends the down-signal, then supervise exits. (So
# does SIGINT, but a background job starts with it ignored.)
mksvc kt "$body"
echo USR2 >kt/down-signal
startsv kt
ready kt
kill -TERM "$SUP"
wait "$SUP"
check "SIGTERM to supervise: exit code" 0 $?
check "SIGTERM to supervise: the service got USR2" USR2 "$(cat kt/got)"

# Bad files: a warning, and TERM.
for bad in BOGUS 0 99999 '' 'HUP QUIT' SIG; do
	rm -rf bad
	mksvc bad "$body"
	printf '%s\n' "$bad" >bad/down-signal
	: >"$T/bad.err"
	startsv bad
	ready bad
	svc -d bad
	got bad TERM
	stopsv bad
	check "bad down-signal [$bad]: warning" \
		"supervise: warning: unable to read bad/down-signal: not a signal name or number" \
		"$(cat "$T/bad.err")"
done

# timeout-kill still escalates: the down-signal is ignored, KILL follows.
mksvc ig 'trap "" USR1
echo $$ >ready.new && mv ready.new ready
exec sleep 1000'
echo USR1 >ig/down-signal
echo 100 >ig/timeout-kill
startsv ig
ready ig
svc -d ig
waitstate ig "ig: down * seconds, normally up"
check "ig: killed by SIGKILL" 9 \
	"$(svstat -j ig | sed -n 's/.*"last_exit":{[^}]*"signal":\([0-9]*\).*/\1/p')"
stopsv ig

# The file is read at each start: a change applies from the next run.
mksvc ch "$body"
startsv ch
ready ch
echo HUP >ch/down-signal
p1=$(svpid ch)
svc -t ch
got ch TERM
restarted ch "$p1"
ready ch
svc -d ch
got ch HUP
stopsv ch

finish
