# container.sh - svscan -i DIR PROG as a container's init: process 1 of a
# pid namespace made with unshare, no container engine. PROG's exit code
# (and 128+N when a signal killed it) becomes svscan's, after every
# service went down in order and its logger wrote its last line; signals
# to svscan are passed on to PROG first; DIR/.setup/ runs before anything
# starts and stops everything when a script fails; PROG waits for the
# services to be up and ready (SVSCAN_WAIT_MS); orphans are reaped; and
# the exit codes and signal forwarding are compared with Debian's tini in
# the same kind of namespace. Needs root and unshare(1) for the namespace
# parts (the rest runs as any user). Times are printed, never judged.
. "$DAEMONBOX_SOURCE_DIR/tests/integration/lib.sh"

cd "$T" || exit 1
umask 022
PATH=$BIN:$PATH
export PATH
EV=$T/events

now_ms() { echo $(($(date +%s%N) / 1000000)); }
T_START=$(now_ms)
section() { printf '[%5d ms] %s\n' $(($(now_ms) - T_START)) "$*"; }

has_kids() { [ -n "$(children "$1")" ]; }
alive() { kill -0 "$1" 2>/dev/null; }
pstate() { sed 's/^.*) \(.\).*/\1/' "/proc/$1/stat" 2>/dev/null; }
nzombies() {
	for _c in $(children "$1"); do pstate "$_c"; echo; done | grep -c '^Z'
}
# kidcmds PID: the command line of each live child of PID, one a line.
kidcmds() {
	for _c in $(children "$1"); do
		tr '\0' ' ' <"/proc/$_c/cmdline" 2>/dev/null
		echo
	done | sed '/^$/d; s/ $//'
}
has_line() { grep -qxF -- "$2" "$1" 2>/dev/null; }
# before FILE A B: line A comes before line B in FILE (both there).
before() {
	awk -v a="$2" -v b="$3" '$0 == a && !na { na = NR }
		$0 == b && !nb { nb = NR } END { exit !(na && nb && na < nb) }' "$1"
}
# The services most scenarios use: a, which notes the TERM that stops it;
# b, whose logger (multilog, or cat where it is not built) must get the
# line b writes on its way out.
mkservices() {
	rm -rf "$1"
	mkdir -p "$1"
	mksvc "$1/a" "trap 'echo a TERM >>$EV; kill \$s; exit 0' TERM
echo a up >>$EV
sleep 100000 & s=\$!
wait \$s"
	mksvc "$1/b" "trap 'echo b TERM >>$EV; echo b last; kill \$s; exit 0' TERM
echo b first
sleep 100000 >/dev/null & s=\$!
wait \$s"
	if [ -x "$BIN/multilog" ]; then
		mksvc "$1/b/log" 'exec multilog ./main'
	else
		mksvc "$1/b/log" 'exec cat >>main/current'
		mkdir -p "$1/b/log/main"
	fi
}
blog() { cat "$1/b/log/main/current" 2>/dev/null; }

# prog.sh BEHAVIOUR: the main program of these tests. It notes its start
# (with its directory and $FOO) and then: exit0, exit3, kill9 itself,
# default (waits with every signal at its default action), trap (notes
# TERM INT QUIT HUP USR1 USR2 and goes on waiting; TERM then exits 5),
# go (exits 0 once $T/go exists).
cat >prog.sh <<EOF
#!/bin/sh
echo "prog start \$(pwd) \${FOO:-}" >>$EV
echo "prog: to stdout"
case \$1 in
exit0) echo prog exit >>$EV; exit 0 ;;
exit3) echo prog exit >>$EV; exit 3 ;;
kill9) echo prog exit >>$EV; kill -9 \$\$ ;;
go)
	echo "prog waiting" >>$EV
	while [ ! -e $T/go ]; do sleep 0.05; done
	echo prog exit >>$EV
	exit 0 ;;
trap)
	for sig in INT QUIT HUP USR1 USR2; do
		trap "echo prog \$sig >>$EV" \$sig
	done
	trap 'echo prog TERM >>$EV; kill \$s; echo prog exit >>$EV; exit 5' TERM ;;
esac
sleep 100000 & s=\$!
echo "prog waiting" >>$EV
while kill -0 \$s 2>/dev/null; do wait \$s; done
EOF
chmod +x prog.sh

# --- not init mode: what follows DIR is ignored, as in 0.76 -------------
section "not init mode: what follows DIR is ignored, as in 0.76"
mkdir plain
mksvc plain/p 'exec sleep 100000'
(cd plain && exec svscan . "$T/prog.sh" exit3) </dev/null >plain.out 2>plain.err &
P=$!
track $P
wait_for 10 svok plain/p || fail "plain: service never up"
sleep 0.5	# PROG would have started with the service
check "without -i: PROG not run" "" "$(cat "$EV" 2>/dev/null)"
kill $P
wait $P 2>/dev/null
svc -dx plain/p

# --- svscan -i DIR PROG, not process 1: everything gone when it exits ------
section "svscan -i DIR PROG, not process 1: every process gone at its exit"
mkservices s1
# c's logger is docs/examples/log-prefix/run: c's lines on svscan's
# output, each after "c: ".
mksvc s1/c 'echo c says hi; exec sleep 100000'
mkdir s1/c/log
cp "$DAEMONBOX_SOURCE_DIR/docs/examples/log-prefix/run" s1/c/log/run
: >"$EV"
(exec svscan -i s1 "$T/prog.sh" go) </dev/null >s1.out 2>s1.err &
S=$!
track $S
wait_for 10 has_line "$EV" "prog waiting" || fail "s1: PROG never started"
pids="$(svstat s1/a s1/b s1/b/log s1/c s1/c/log |
	sed -n 's/.*up (pid \([0-9]*\)).*/\1/p')
$(children $S)"
check "s1: 5 services and 6 children (5 supervise and PROG)" 11 \
	"$(echo $pids | wc -w)"
t0=$(now_ms)
touch go
reap 30 $S
rm -f go
check "s1: exit code is PROG's" 0 "$RC"
printf 's1: PROG exit to svscan exit: %d ms\n' $(($(now_ms) - t0))
left=
for p in $pids; do alive "$p" && left="$left $p"; done
check "s1: every supervise, service and logger gone" "" "$left"
check "s1: services taken down after PROG exited" yes \
	"$(before "$EV" "prog exit" "a TERM" && before "$EV" "prog exit" "b TERM" && echo yes)"
check "s1: b's logger wrote b's last line" "b last" "$(blog s1 | tail -n 1)"
check "s1: PROG ran in svscan's starting directory" "prog start $T " \
	"$(grep '^prog start' "$EV")"
check "s1: PROG's stdout is svscan's" "prog: to stdout" \
	"$(grep -v '^c:' s1.out)"
check "s1: c's line through log-prefix/run" "c: c says hi" "$(grep '^c:' s1.out)"
check "s1: stderr" "" "$(cat s1.err)"

# --- a terminal: PROG gets its own process group and the terminal ---------
section "a terminal: PROG's own process group takes the terminal"
if command -v script >/dev/null && script -qec true /dev/null </dev/null >/dev/null 2>&1; then
	mkdir tty
	mksvc tty/t 'exec sleep 100000'
	cat >ttyprog.sh <<'EOF'
#!/bin/sh
set -- $(sed 's/^.*) //' /proc/$$/stat)
[ "$3" = $$ ] && [ "$6" = $$ ] && echo "own group, foreground" >tty.res ||
	echo "pgrp $3 tpgid $6 pid $$" >tty.res
EOF
	chmod +x ttyprog.sh
	script -qec "svscan -i tty $T/ttyprog.sh" /dev/null </dev/null >tty.out 2>&1
	check "tty: PROG in its own group, the terminal's foreground" \
		"own group, foreground" "$(cat tty.res 2>/dev/null)"
else
	printf 'SKIP tty: script(1) cannot make a terminal here\n'
fi

# --- the rest: process 1 of a pid namespace ------------------------------
# skip_rest MESSAGE: what ran so far passed: the test counts as skipped.
skip_rest() {
	[ "$failed" -eq 0 ] || finish
	printf '%s passed before this point\n' "$passed"
	skip "$*"
}
[ "$(id -u)" = 0 ] || skip_rest "the pid namespace parts need root (unshare)"
command -v unshare >/dev/null || skip_rest "unshare not found (util-linux)"
unshare --pid --fork --mount-proc true 2>/dev/null ||
	skip_rest "unshare --pid --fork --mount-proc fails here"
DEFSIG=
env --default-signal=INT true 2>/dev/null && DEFSIG=--default-signal=INT,QUIT

# boot NAME [VAR=VALUE...] INIT [ARG...]: INIT as process 1 of a new pid
# namespace, in the background, with SIGINT and SIGQUIT at their default
# action (sh gives an asynchronous command them ignored, which a
# container's process 1 never inherits); output in $T/NAME.out and .err.
# unshare's pid in $U, the init's (as seen from here) in $I.
boot() {
	_n=$1
	shift
	env $DEFSIG unshare --pid --fork --mount-proc --kill-child env "$@" \
	    </dev/null >"$T/$_n.out" 2>"$T/$_n.err" &
	U=$!
	track $U
	I=
	wait_for 10 kids_or_gone $U || { fail "$_n: unshare started nothing"; return 1; }
	I=$(children $U)
}
kids_or_gone() { has_kids "$1" || dead "$1"; }

# As docker run -it starts process 1: a session of its own whose
# controlling terminal is the container's (setsid --ctty).
if [ -s tty.res ]; then
	section "process 1 with a terminal (docker run -it): PROG takes it"
	rm -f tty.res
	script -qec "unshare --pid --fork --mount-proc setsid --ctty svscan -i tty $T/ttyprog.sh" \
	    /dev/null </dev/null >tty-ns.out 2>&1
	check "tty as process 1: PROG in its own group, the terminal's foreground" \
		"own group, foreground" "$(cat tty.res 2>/dev/null)"
fi

# --- PROG exits 0, 3, or is killed by SIGKILL ------------------------------
for how in exit0:0 exit3:3 kill9:137; do
	b=${how%:*}
	want=${how#*:}
	section "process 1: PROG $b: svscan exits $want"
	mkservices ns
	: >"$EV"
	t0=$(now_ms)
	boot "ns-$b" FOO=bar svscan -i ns "$T/prog.sh" "$b"
	reap 60 $U
	printf '%s: boot to exit %d ms\n' "$b" $(($(now_ms) - t0))
	check "$b: svscan's exit code" "$want" "$RC"
	check "$b: a up, then PROG started" yes \
		"$(before "$EV" "a up" "prog start $T bar" && echo yes)"
	check "$b: a and b taken down after PROG exited" yes \
		"$(before "$EV" "prog exit" "a TERM" && before "$EV" "prog exit" "b TERM" && echo yes)"
	check "$b: the logger's last line on disk" "b first
b last" "$(blog ns)"
	check "$b: stderr" "" "$(cat "$T/ns-$b.err")"
done

# --- signals to svscan go to PROG first ------------------------------------
section "process 1: signals to svscan are passed on to PROG"
mkservices ns
: >"$EV"
boot ns-sig svscan -i ns "$T/prog.sh" trap
wait_for 30 has_line "$EV" "prog waiting" || fail "sig: PROG never started"
for sig in HUP INT QUIT USR1 USR2; do
	kill -$sig "$I"
	wait_for 10 has_line "$EV" "prog $sig" || fail "sig: PROG never got $sig"
done
check "sig: the services still up" "" "$(grep TERM "$EV")"
kill -TERM "$I"
reap 60 $U
check "sig: PROG exits 5 on TERM: svscan exits 5" 5 "$RC"
check "sig: PROG got TERM before the services" yes \
	"$(before "$EV" "prog TERM" "a TERM" && before "$EV" "prog exit" "b TERM" && echo yes)"
check "sig: the logger's last line on disk" "b last" "$(blog ns | tail -n 1)"
check "sig: stderr" "" "$(cat ns-sig.err)"

# --- .setup/ ------------------------------------------------------------------
section "process 1: .setup/ runs in order, before any service"
mkservices ns
mkdir ns/.setup ns/.setup/data
for n in 10 20 3; do
	printf '#!/bin/sh\necho setup %s >>%s\n' $n "$EV" >ns/.setup/$n-x
	chmod +x ns/.setup/$n-x
done
echo 'echo not run >>'"$EV" >ns/.setup/15-noexec
: >"$EV"
boot ns-setup svscan -i ns "$T/prog.sh" exit0
reap 60 $U
check "setup: exit code" 0 "$RC"
check "setup: scripts in order, then the services and PROG" "setup 10
setup 20
setup 3" "$(sed -n '1,3p' "$EV")"
check "setup: a non-executable file is skipped with a warning" \
	"svscan: warning: skipping .setup/15-noexec: access denied" "$(cat ns-setup.err)"
check "setup: PROG ran" yes "$(has_line "$EV" "prog exit" && echo yes)"

section "process 1: a setup script that fails stops everything"
mkservices ns
mkdir ns/.setup
printf '#!/bin/sh\necho setup 1 >>%s\n' "$EV" >ns/.setup/1
printf '#!/bin/sh\necho setup 2 >>%s\nexit 7\n' "$EV" >ns/.setup/2
printf '#!/bin/sh\necho setup 3 >>%s\n' "$EV" >ns/.setup/3
chmod +x ns/.setup/*
: >"$EV"
boot ns-fail svscan -i ns "$T/prog.sh" exit0
reap 60 $U
check "setup fails with 7: svscan exits 7" 7 "$RC"
check "setup fails: the message names the script" \
	"svscan: fatal: .setup/2 exited 7: nothing started" "$(cat ns-fail.err)"
check "setup fails: nothing else ran" "setup 1
setup 2" "$(cat "$EV")"
check "setup fails: no supervise started" no \
	"$(test -e ns/a/supervise && echo yes || echo no)"
printf '#!/bin/sh\nkill -9 $$\n' >ns/.setup/2
: >"$EV"
boot ns-fail9 svscan -i ns "$T/prog.sh" exit0
reap 60 $U
check "setup killed by SIGKILL: svscan exits 137" 137 "$RC"
check "setup killed: the message" \
	"svscan: fatal: .setup/2 was killed by signal 9: nothing started" "$(cat ns-fail9.err)"

section "process 1: SIGTERM during .setup/ goes to the script and stops"
printf '#!/bin/sh\ntrap "echo setup TERM >>%s; exit 0" TERM\necho setup 2 >>%s\nsleep 100000 & wait\n' \
	"$EV" "$EV" >ns/.setup/2
: >"$EV"
boot ns-setterm svscan -i ns "$T/prog.sh" exit0
wait_for 30 has_line "$EV" "setup 2" || fail "setterm: setup 2 never ran"
kill -TERM "$I"
reap 60 $U
check "TERM during setup: svscan exits 143 (as PROG killed by it)" 143 "$RC"
check "TERM during setup: the script got it, nothing else ran" "setup 1
setup 2
setup TERM" "$(cat "$EV")"
check "TERM during setup: stderr" "" "$(cat ns-setterm.err)"

# --- readiness --------------------------------------------------------------
section "process 1: PROG waits for the services to be up and ready"
rm -rf rd
mkdir rd
mksvc rd/r "echo r up >>$EV
while [ ! -e $T/ready ]; do sleep 0.05; done
echo r ready >>$EV
echo >&3
exec sleep 100000"
echo 3 >rd/r/notification-fd
mksvc rd/plain 'exec sleep 100000'
mksvc rd/off 'exec sleep 100000'
touch rd/off/down
cat >rdprog.sh <<EOF
#!/bin/sh
echo "prog start \$(svstat rd/plain | sed 's/(pid [0-9]*) [0-9]* seconds/PID/')" >>$EV
EOF
chmod +x rdprog.sh
: >"$EV"
t0=$(now_ms)
boot rd1 SVSCAN_WAIT_MS=600000 svscan -i rd "$T/rdprog.sh"
wait_for 30 has_line "$EV" "r up" || fail "rd: r never started"
sleep 1
check "rd: PROG not started while r is not ready" "r up" "$(cat "$EV")"
touch ready
reap 60 $U
printf 'rd: r ready to svscan exit: %d ms\n' $(($(now_ms) - t0))
check "rd: r ready, then PROG (plain up; off, normally down, not waited for)" "r up
r ready
prog start rd/plain: up PID" "$(cat "$EV")"
check "rd: stderr" "" "$(cat rd1.err)"

# A killed container leaves status files that say up and ready: they name
# processes long gone, and are not believed.
section "process 1: an old status that says ready is not believed"
rm -f ready
: >"$EV"
boot rd2 SVSCAN_WAIT_MS=600000 svscan -i rd "$T/prog.sh" trap
wait_for 30 has_line "$EV" "r up" || fail "rd2: r never started"
touch ready
wait_for 30 has_line "$EV" "prog waiting" || fail "rd2: PROG never started"
rm -f ready
kill -9 "$I"	# as a container killed: every supervise dies with it
reap 30 $U
# (svstat says "supervise not running": the files themselves are read.)
st_pid=$(od -An -tu1 -j12 -N4 rd/r/supervise/status | tr -s ' ' '+')
st_flags=$(od -An -tu1 -j22 -N1 rd/r/supervise/xstatus | tr -d ' ')
check "rd2: the old status says up and ready" "up ready" \
	"$([ $((0$st_pid)) -gt 0 ] && echo up) $([ $((st_flags & 4)) -ne 0 ] && echo ready)"
: >"$EV"
boot rd3 SVSCAN_WAIT_MS=600000 svscan -i rd "$T/rdprog.sh"
wait_for 30 has_line "$EV" "r up" || fail "rd3: r never started"
sleep 1
check "rd3: PROG waits for the new r" "r up" "$(cat "$EV")"
touch ready
reap 60 $U
check "rd3: then PROG" "r up
r ready
prog start rd/plain: up PID" "$(cat "$EV")"

section "process 1: SVSCAN_WAIT_MS passed: PROG starts, with a warning"
rm -f ready
: >"$EV"
t0=$(now_ms)
boot rd4 SVSCAN_WAIT_MS=1000 svscan -i rd "$T/rdprog.sh"
reap 60 $U
printf 'rd4: SVSCAN_WAIT_MS=1000, svscan exited after %d ms\n' $(($(now_ms) - t0))
check "rd4: PROG ran before r was ready" "r up
prog start rd/plain: up PID" "$(cat "$EV")"
check "rd4: the warning" \
	"svscan: warning: r is not ready after 1000 ms (SVSCAN_WAIT_MS): starting $T/rdprog.sh" \
	"$(cat rd4.err)"
boot rd5 SVSCAN_WAIT_MS=x svscan -i rd "$T/rdprog.sh"
wait_for 30 test -s rd5.err
kill -TERM "$I"
reap 60 $U
check "rd5: a bad SVSCAN_WAIT_MS" \
	"svscan: warning: ignoring SVSCAN_WAIT_MS=x: not a number of milliseconds" \
	"$(head -n 1 rd5.err)"
: >"$EV"
boot rd6 SVSCAN_WAIT_MS=600000 svscan -i rd "$T/rdprog.sh"
wait_for 30 has_line "$EV" "r up" || fail "rd6: r never started"
kill -TERM "$I"
reap 60 $U
check "rd6: TERM before PROG started: 143, PROG never ran" "143 no" \
	"$RC $(grep -q 'prog start' "$EV" && echo yes || echo no)"
check "rd6: stderr" "" "$(cat rd6.err)"

# --- orphans -------------------------------------------------------------------
section "process 1: 100 orphans that exit leave no zombie"
rm -rf or
mkdir or
NORPH=$(scaled 100)
mksvc or/o "i=0
while [ \$i -lt $NORPH ]; do (sleep 0.2 &); i=\$((i + 1)); done
echo forked >>$EV
exec sleep 100000"
: >"$EV"
boot orph svscan -i or "$T/prog.sh" go
wait_for 30 has_line "$EV" "forked" || fail "orph: the service never forked"
adopted=$(kidcmds "$I" | grep -c '^sleep 0.2$')
printf 'orphans adopted by process 1 when counted: %s of %s\n' "$adopted" "$NORPH"
settled() { [ "$(nzombies "$I")" = 0 ] && ! kidcmds "$I" | grep -q '^sleep 0.2$'; }
wait_for 60 settled || fail "orph: zombies or orphans left: $(nzombies "$I") zombies"
check "orph: no zombie" 0 "$(nzombies "$I")"
check "orph: process 1's children: supervise o and PROG" "$T/prog.sh go
supervise o" "$(kidcmds "$I" | sed 's/^\/bin\/sh //' | sort)"
touch go
reap 60 $U
rm -f go
check "orph: exit code" 0 "$RC"

# --- side by side with tini --------------------------------------------------
section "side by side with tini: exit codes and signals passed on"
TINI=$(command -v tini || true)
if [ -z "$TINI" ]; then
	printf 'SKIP tini comparison: tini not installed (apt-get install tini)\n'
	finish
fi
mkdir -p empty
mkservices cmp
# side INIT... : the exit code of one run, for BEHAVIOUR/SIGNAL in $how.
side() {
	: >"$EV"
	boot cmp "$@" "$T/prog.sh" "${how%/*}"
	if [ "${how#*/}" != - ]; then
		wait_for 30 has_line "$EV" "prog waiting" || fail "$how: PROG never waited"
		kill -"${how#*/}" "$I"
		if [ "$how" != trap/TERM ] && [ "${how%/*}" = trap ]; then
			wait_for 10 has_line "$EV" "prog ${how#*/}" ||
				fail "$*: PROG never got ${how#*/}"
			kill -TERM "$I"
		fi
	fi
	reap 60 $U
	echo "$RC"
}
printf '%-22s %6s %6s\n' "PROG, signal to init" tini svscan >table.txt
for how in exit0/- exit3/- kill9/- trap/TERM default/TERM default/INT \
    default/HUP default/QUIT default/USR1 default/USR2 trap/INT trap/HUP \
    trap/USR1; do
	rt=$(side "$TINI" --)
	rs=$(side svscan -i cmp)
	check "tini and svscan: $how" "$rt" "$rs"
	printf '%-22s %6s %6s\n' "$how" "$rt" "$rs" >>table.txt
done
cat table.txt

finish
