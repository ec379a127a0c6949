# svscanboot.sh - svscanboot DIR end to end: leftovers stopped with svc -dx,
# svscan started with only PATH in its environment, its output shown by
# readproctitle, descriptors, and the exit status (readproctitle's).
# svscanboot runs svc, svscan and readproctitle from its own executable;
# the services get its fixed PATH (/command:/usr/local/bin:...), as with
# the 0.76 script; so it runs in a private mount namespace where $BIN is
# bind-mounted on /usr/local/bin (svscanboot_self.sh: fakes there).
. "$DAEMONBOX_SOURCE_DIR/tests/integration/lib.sh"

cd "$T" || exit 1
umask 022
PATH=$BIN:$PATH
export PATH
BOOTPATH=/command:/usr/local/bin:/usr/local/sbin:/bin:/sbin:/usr/bin:/usr/sbin:/usr/X11R6/bin

[ -d /usr/local/bin ] && unshare --mount sh -c "mount --bind '$BIN' /usr/local/bin" 2>/dev/null ||
	skip "unshare --mount with a bind mount is not possible here (needs root and namespaces)"

mksvc() {
	mkdir -p "$1"
	printf '#!/bin/sh\n%s\n' "$2" >"$1/run"
	chmod +x "$1/run"
}
svpid() { svstat "$1" | sed -n 's/.*: up (pid \([0-9]*\)).*/\1/p'; }
isup() { svstat "$1" | grep -q ': up (pid'; }
alive() { kill -0 "$1" 2>/dev/null; }
cmdline() { tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null | sed 's/ $//'; }
ppid() { sed 's/^.*) . \([0-9]*\).*/\1/' "/proc/$1/stat" 2>/dev/null; }
kid() {	# kid PID NAME: PID's child whose argv[0] is NAME
	for _c in $(children "$1"); do
		[ "$(tr '\0' '\n' </proc/$_c/cmdline 2>/dev/null | head -n 1)" = "$2" ] && echo $_c
	done
}
has_kid() { [ -n "$(kid "$1" "$2")" ]; }
fdlink() { readlink "/proc/$1/fd/$2"; }
title() { tr '\0' '|' <"/proc/$RP/cmdline"; }
title_has() { title | grep -q -- "$1"; }

# boot DIR: svscanboot DIR in the background, pid in $BOOT.
boot() {
	setsid unshare --mount sh -c 'mount --bind "$1" /usr/local/bin && exec "$1/svscanboot" "$2"' \
		sh "$BIN" "$1" >boot.out 2>boot.err &
	BOOT=$!
	track $BOOT
	GROUPS_="$GROUPS_ $BOOT"
}

mkdir s
mksvc s/a 'echo "a: complaint on stderr" >&2; exec sleep 1000'
mksvc s/b 'echo "b: to its log"; exec sleep 1000'
mksvc s/b/log 'exec cat >>out'

# A supervise left from a previous boot, with its service running.
supervise s/a 2>old.err &
OLDSUP=$!
track $OLDSUP
wait_for 5 isup s/a || fail "leftover supervise did not start"
OLDSVC=$(svpid s/a)

boot "$T/s"
wait_for 5 dead $OLDSUP || fail "leftover supervise not stopped (svc -dx)"
wait_for 5 dead "$OLDSVC" || fail "leftover service not stopped (svc -dx)"
wait $OLDSUP 2>/dev/null
wait_for 5 has_kid $BOOT svscan || fail "no svscan under svscanboot"
wait_for 5 has_kid $BOOT readproctitle || fail "no readproctitle under svscanboot"
SC=$(kid $BOOT svscan)
RP=$(kid $BOOT readproctitle)
check "svscanboot's argv" "$BIN/svscanboot|$T/s|" "$(tr '\0' '|' </proc/$BOOT/cmdline)"
# svscanboot's own executable, not what its fixed PATH finds.
check "svscan is ours (svscanboot's executable)" "$BIN/daemonbox" "$(readlink /proc/$SC/exe)"
check "readproctitle is ours" "$BIN/daemonbox" "$(readlink /proc/$RP/exe)"
check "svscan's argv" "svscan|$T/s|" "$(tr '\0' '|' </proc/$SC/cmdline)"
check "svscan's environment: PATH only" "PATH=$BOOTPATH|" "$(tr '\0' '|' </proc/$SC/environ)"
check "readproctitle's environment: PATH only" "PATH=$BOOTPATH|" "$(tr '\0' '|' </proc/$RP/environ)"
t=$(title)
case $t in
"readproctitle|service|errors:|"*) pass ;;
*) fail "readproctitle's arguments: $t" ;;
esac
rest=${t#readproctitle|service|errors:|}
check "title: 400 bytes and its NUL" 401 "${#rest}"
case $rest in ...*) pass ;; *) fail "title does not start with 3 dots: $rest" ;; esac
wait_for 5 title_has "a: complaint on stderr" || fail "service's stderr not in the title: $(title)"

# Descriptors: svscanboot on /dev/null; svscan's stdout and stderr the
# pipe readproctitle reads; its stdin /dev/null.
for f in 0 1 2; do check "svscanboot fd $f" /dev/null "$(fdlink $BOOT $f)"; done
check "svscan fd 0" /dev/null "$(fdlink $SC 0)"
p=$(fdlink $RP 0)
case $p in pipe:*) pass ;; *) fail "readproctitle fd 0 not a pipe: $p" ;; esac
check "svscan fd 1 = readproctitle's stdin" "$p" "$(fdlink $SC 1)"
check "svscan fd 2 = readproctitle's stdin" "$p" "$(fdlink $SC 2)"
check "readproctitle fd 1" /dev/null "$(fdlink $RP 1)"

# The services run under this svscan.
wait_for 5 isup s/a && wait_for 5 isup s/b && wait_for 5 isup s/b/log ||
	fail "services not up: $(svstat s/a s/b s/b/log)"
# (the first start of supervise a may find the leftover's lock still held;
# a supervise that dies young is retried 5 s later)
a_under_svscan() {
	[ "$(ppid "$(ppid "$(svpid s/a)")")" = "$SC" ]
}
wait_for 10 a_under_svscan && pass || fail "a's supervise is not svscan's child: $(svstat s/a);
svscan's children: $(for c in $(children $SC); do cmdline $c; echo; done); service's parent: $(ppid "$(svpid s/a)")"
wait_for 5 grep -q 'b: to its log' s/b/log/out || fail "b's log"
check "svscanboot wrote nothing" "" "$(cat boot.out boot.err)"

# The end: svscan killed (services go on), then the services told to exit;
# readproctitle sees end of file once the last holder of the pipe is gone,
# and svscanboot returns its status.
kill $SC
wait_for 5 dead $SC || fail "svscan survived SIGTERM"
check "services outlive svscan" yes "$(alive "$(svpid s/a)" && echo yes)"
check "readproctitle outlives svscan" yes "$(alive $RP && echo yes)"
svc -dx s/a s/b s/b/log
wait_for 10 dead $BOOT || fail "svscanboot did not end after the services exited"
wait $BOOT
check "svscanboot's status is readproctitle's" 0 $?

# A missing directory: svscan's complaint goes to the title, readproctitle
# reads end of file at once, status 0.
boot "$T/nodir"
wait_for 5 dead $BOOT || fail "svscanboot nodir did not end"
wait $BOOT
check "missing directory: status 0 (readproctitle's)" 0 $?
check "missing directory: nothing on svscanboot's stdout/stderr" "" "$(cat boot.out boot.err)"

finish
