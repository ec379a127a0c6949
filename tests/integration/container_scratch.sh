# container_scratch.sh - the FROM scratch image of
# docs/examples/Dockerfile.scratch without Docker: its file tree, made by
# the same script its build stage runs (docs/examples/scratch/mkroot.sh),
# from the static binary under test and the example service compiled
# statically; the tree's size (what the image layer holds) printed; then
# run as a container would run it, with no shell and no /proc: svscan -i
# as process 1 of a pid namespace whose root is the tree (unshare --root),
# with and without a main program, and the probes through chroot. Needs
# root, unshare(1), a static DAEMONBOX (tests/run's musl-static stage) and
# a C compiler that links statically (DAEMONBOX_CC, else musl-gcc, else
# cc); skips otherwise. With DAEMONBOX_SCRATCH_DIR (tests/run sets it),
# the tree holds what docs/examples/scratch/build.sh made there instead,
# as the Dockerfile's does: daemonbox with the applets of scratch/applets
# alone, and heartbeat.
. "$DAEMONBOX_SOURCE_DIR/tests/integration/lib.sh"

cd "$T" || exit 1
umask 022
EX=$DAEMONBOX_SOURCE_DIR/docs/examples

[ "$(id -u)" = 0 ] || skip "needs root (unshare --root, chroot)"
command -v unshare >/dev/null || skip "unshare not found (util-linux)"
command -v chroot >/dev/null || skip "chroot not found (coreutils)"

img=$DAEMONBOX
if [ -n "${DAEMONBOX_SCRATCH_DIR:-}" ]; then
	img=$DAEMONBOX_SCRATCH_DIR/daemonbox
	cp "$DAEMONBOX_SCRATCH_DIR/heartbeat" heartbeat ||
		fail "no heartbeat in $DAEMONBOX_SCRATCH_DIR"
	check "the image's applets: those of scratch/applets" \
	    "$(tr ';' '\n' <"$EX/scratch/applets" | sort)" "$("$img" --list)"
fi
# Static or not: a binary that needs a dynamic loader cannot run in a
# root that holds nothing else.
mkdir probe probe/bin
cp "$img" probe/bin/daemonbox
unshare --root="$T/probe" /bin/daemonbox --list >/dev/null 2>&1 ||
	skip "$img is not a static binary (tests/run's musl-static stage runs this test)"
rm -rf probe

hb=
[ -z "${DAEMONBOX_SCRATCH_DIR:-}" ] || hb="scratch/build.sh"
for cc in ${DAEMONBOX_CC:-} musl-gcc cc; do
	[ -z "$hb" ] || break
	command -v "$cc" >/dev/null || continue
	rm -rf probe heartbeat
	"$cc" -static -Os -s -o heartbeat "$EX/scratch/heartbeat.c" 2>/dev/null ||
		continue
	mkdir probe && cp heartbeat probe/hb
	# Static: it runs in a root that holds nothing else.
	if HEARTBEAT_SECONDS=1 timeout 10 unshare --root="$T/probe" /hb \
	    </dev/null 2>/dev/null | grep -q '^heartbeat: beat 1$'; then
		hb=$cc
		break
	fi
done
rm -rf probe
[ -n "$hb" ] || skip "no C compiler here links heartbeat.c statically"
printf 'heartbeat.c compiled with %s\n' "$hb"

# --- the tree ----------------------------------------------------------------
sh "$EX/scratch/mkroot.sh" "$img" heartbeat root || fail "mkroot.sh failed"
strip root/bin/daemonbox 2>/dev/null || true	# as the Dockerfile does
check "the tree: /bin and the service, nothing else" \
"bin
bin/daemonbox
etc
etc/service
etc/service/heartbeat
etc/service/heartbeat/notification-fd
etc/service/heartbeat/run" "$(cd root && find . ! -type l | sed 's|^\./||; /^\.$/d' | sort)"
nlinks=$(find root/bin -type l | wc -l)
check "one link per tool" "$("$img" --list | wc -l)" "$nlinks"
check "links relative, to daemonbox" "daemonbox" \
	"$(find root/bin -type l -exec readlink {} \; | sort -u)"
check "no shell in the image" no "$(test -e root/bin/sh && echo yes || echo no)"
# As a layer is stored: a tar of 512-byte blocks (no 10 KiB records, as
# Docker's own writer makes it), and that gzipped, as registries hold it.
tarb=$(tar -C root --numeric-owner -b 1 -cf - . | wc -c)
gzb=$(tar -C root --numeric-owner -b 1 -cf - . | gzip -9n | wc -c)
dub=$(du -sk root | cut -f 1)
printf 'image layer: %s bytes as a tar (%s KiB), %s bytes gzipped; %s KiB on disk\n' \
	"$tarb" $(((tarb + 1023) / 1024)) "$gzb" "$dub"
printf 'of which daemonbox (stripped): %s bytes, heartbeat: %s bytes, %s links\n' \
	"$(wc -c <root/bin/daemonbox | tr -d ' ')" \
	"$(wc -c <root/etc/service/heartbeat/run | tr -d ' ')" "$nlinks"

# --- run it: the service alone, stopped by TERM ----------------------------------
alive() { kill -0 "$1" 2>/dev/null; }
has_line() { grep -qx -- "$2" "$1" 2>/dev/null; }
# container [ARG...]: the image's ENTRYPOINT (plus ARGs, as the CMD) as
# process 1 of a pid namespace rooted in the tree, with only the image's
# environment; with a /proc of its own when $PROC is set (a container
# engine mounts one), else none at all. Pid in $U, output in run.out and
# run.err.
container() {
	env -i PATH=/bin SVSCAN_GRACE=4 HEARTBEAT_SECONDS=1 \
	    unshare --pid --fork --kill-child ${PROC:+--mount-proc} \
	    --root="$T/root" /bin/svscan -i /etc/service "$@" \
	    </dev/null >run.out 2>run.err &
	U=$!
	track $U
}
mkdir root/proc
PROC=1
container
wait_for 30 has_line run.out "heartbeat: beat 2" || fail "heartbeat never beat twice"
check "probe: svok (liveness)" 0 "$(chroot root /bin/svok /etc/service/heartbeat; echo $?)"
check "probe: svwait -U -t 0 (readiness)" 0 \
	"$(chroot root /bin/svwait -U -t 0 /etc/service/heartbeat; echo $?)"
check "svstat: up and ready" yes "$(chroot root /bin/svstat /etc/service/heartbeat |
	grep -q ': up (pid [0-9]*) [0-9]* seconds, ready [0-9]* seconds$' && echo yes)"
I=$(cat /proc/$U/task/$U/children 2>/dev/null)
kill -TERM "$I"
wait_for 30 dead $U || fail "TERM: the container did not stop"
wait $U
check "TERM: exit 0" 0 "$?"
check "TERM: heartbeat stopped by it" yes \
	"$(grep -q '^heartbeat: stopped after [0-9]* beats$' run.out && echo yes)"
check "TERM: stderr" "" "$(cat run.err)"
umount root/proc 2>/dev/null
rmdir root/proc
PROC=

# --- with a main program: the CMD, and no /proc ----------------------------------
container /bin/svstat /etc/service/heartbeat
wait_for 30 dead $U || fail "svstat as the main program never ended"
wait $U
check "main program svstat: exit 0" 0 "$?"
check "main program: ran once heartbeat was up and ready" yes \
	"$(grep -q '^/etc/service/heartbeat: up (pid [0-9]*) [0-9]* seconds, ready [0-9]* seconds$' run.out && echo yes)"
check "main program: heartbeat stopped after it" yes \
	"$(grep -q '^heartbeat: stopped after [0-9]* beats$' run.out && echo yes)"
container /bin/svok /etc
wait_for 30 dead $U || fail "svok as the main program never ended"
wait $U
check "main program svok on a directory without supervise: its 100" 100 "$?"
check "main program svok: stderr" "" "$(cat run.err)"
check "main program svok: ran" yes "$(grep -q '^heartbeat: stopped' run.out && echo yes)"
container /bin/nowhere
wait_for 30 dead $U || fail "a missing main program: never ended"
wait $U
check "a missing main program: exit 111" 111 "$?"
check "a missing main program: the message" \
	"svscan: warning: unable to run /bin/nowhere: file does not exist" "$(cat run.err)"

finish
