# svscanboot_self.sh - svscanboot runs svc, svscan and readproctitle from
# its own executable, not from its fixed PATH: with fakes of all three
# (and of supervise) bind-mounted on /usr/local/bin, early in that PATH,
# none of them runs, and daemontools 0.76 in /usr/bin is not reached
# either; the services still get the fixed PATH. Needs root for the
# mount namespace.
. "$DAEMONBOX_SOURCE_DIR/tests/integration/lib.sh"

cd "$T" || exit 1
umask 022
PATH=$BIN:$PATH
export PATH
BOOTPATH=/command:/usr/local/bin:/usr/local/sbin:/bin:/sbin:/usr/bin:/usr/sbin:/usr/X11R6/bin

[ -d /usr/local/bin ] && [ ! -e /command ] &&
	unshare --mount sh -c "mount --bind '$BIN' /usr/local/bin" 2>/dev/null ||
	skip "unshare --mount with a bind mount is not possible here (needs root and namespaces)"
[ -r "/proc/$$/task/$$/children" ] || skip "no /proc/PID/task/PID/children"

svpid() { svstat "$1" | sed -n 's/.*: up (pid \([0-9]*\)).*/\1/p'; }
isup() { svstat "$1" | grep -q ': up (pid'; }
kid() {	# kid PID NAME: PID's child whose argv[0] is NAME
	for _c in $(children "$1"); do
		[ "$(tr '\0' '\n' </proc/$_c/cmdline 2>/dev/null | head -n 1)" = "$2" ] && echo $_c
	done
}
has_kid() { [ -n "$(kid "$1" "$2")" ]; }

# The impostors: each leaves a mark and fails.
mkdir fake
for f in svc svscan readproctitle supervise; do
	cat >fake/$f <<EOF
#!/bin/sh
echo "fake $f ran: \$*" >>"$T/fake.ran"
exit 111
EOF
	chmod +x fake/$f
done

mkdir s
mksvc s/a 'echo "$PATH" >path; exec sleep 1000'
mksvc s/b 'echo "b: logged"; exec sleep 1000'
mksvc s/b/log 'exec cat >>out'
# A supervise left from an earlier boot: only a real svc stops it.
supervise s/a 2>old.err &
OLDSUP=$!
track $OLDSUP
wait_for 5 isup s/a || fail "leftover supervise did not start"
OLDSVC=$(svpid s/a)

setsid unshare --mount sh -c 'mount --bind "$1" /usr/local/bin && exec "$2/svscanboot" "$3"' \
	sh "$T/fake" "$BIN" "$T/s" >boot.out 2>boot.err &
BOOT=$!
track $BOOT
GROUPS_="$GROUPS_ $BOOT"
wait_for 5 dead $OLDSUP || fail "leftover supervise not stopped: not our svc"
wait $OLDSUP 2>/dev/null
wait_for 5 has_kid $BOOT svscan || fail "no svscan under svscanboot"
wait_for 5 has_kid $BOOT readproctitle || fail "no readproctitle under svscanboot"
SC=$(kid $BOOT svscan)
RP=$(kid $BOOT readproctitle)
check "svscan is svscanboot's executable" "$BIN/daemonbox" "$(readlink /proc/$SC/exe)"
check "readproctitle is svscanboot's executable" "$BIN/daemonbox" "$(readlink /proc/$RP/exe)"
check "ps calls them by their names (links beside the binary)" "svscan readproctitle" \
	"$(cat /proc/$SC/comm) $(cat /proc/$RP/comm)"
wait_for 10 isup s/a && wait_for 10 isup s/b && wait_for 10 isup s/b/log ||
	fail "services not up: $(svstat s/a s/b s/b/log)"
[ "$(svpid s/a)" != "$OLDSVC" ] && pass || fail "a is still the leftover service"
wait_for 5 test -s s/a/path
check "the services get the fixed PATH" "$BOOTPATH" "$(cat s/a/path)"
wait_for 5 grep -q 'b: logged' s/b/log/out || fail "b's logger"
check "no fake ran" "" "$(cat fake.ran 2>/dev/null)"
check "svscanboot wrote nothing" "" "$(cat boot.out boot.err)"

kill $SC
wait_for 5 dead $SC || fail "svscan survived SIGTERM"
svc -dx s/a s/b s/b/log
wait_for 10 dead $BOOT || fail "svscanboot did not end after the services exited"
wait $BOOT
check "svscanboot's status is readproctitle's" 0 $?

finish
