# fghack.sh - fghack: usage, waiting until every copy of the pipe is
# closed, the 30 extra copies, the child's exit code, crashes, run errors.
. "$DAEMONBOX_SOURCE_DIR/tests/integration/lib.sh"

cd "$T" || exit 1

expect "no arguments" 100 "" "fghack: usage: fghack child" "$BIN/fghack"
expect "missing program" 111 "" \
	"fghack: fatal: unable to run ./nonexistent: file does not exist" \
	"$BIN/fghack" ./nonexistent
expect "exit code passed" 7 "" "" "$BIN/fghack" sh -c 'exit 7'
expect "output passed" 0 "hi" "" "$BIN/fghack" echo hi
expect "background child that closes the pipe at once" 0 "hi" "" \
	"$BIN/fghack" sh -c 'echo hi &'
expect "data on the pipe is discarded" 4 "" "" \
	"$BIN/fghack" sh -c 'echo junk >&3; exit 4'
expect "killed child" 111 "" "fghack: fatal: child crashed" \
	"$BIN/fghack" sh -c 'kill -9 $$'
expect "terminated child" 111 "" "fghack: fatal: child crashed" \
	"$BIN/fghack" sh -c 'kill -TERM $$'

# The child exits at once with 3 but leaves a background process holding
# the pipe: fghack waits for it, and only then reaps the child.
cat >daemon <<EOF2
#!/bin/sh
echo \$\$ >"$T/child"
( touch "$T/started"; while [ ! -f "$T/go" ]; do sleep 0.02; done ) &
exit 3
EOF2
chmod 755 daemon
"$BIN/fghack" ./daemon </dev/null >/dev/null 2>&1 &
pid=$!
track "$pid"
wait_for 5 test -f started || fail "background process did not start"
zombie() { ps -o stat= -p "$(cat "$T/child")" | grep -q Z; }
wait_for 5 zombie || fail "child did not exit"
if kill -0 "$pid" 2>/dev/null; then pass; else fail "fghack did not wait"; fi
touch go
wait "$pid"
check "exit code of the child after the wait" 3 "$?"

# Descriptors: the pipe's write end and 30 copies at the lowest free
# numbers (3 to 33 when only 0-2 are open), checked through Linux /proc:
# 31 copies, and no free descriptor below the last one.
if [ -d /proc/self/fd ]; then
	cat >fds <<'EOF2'
#!/bin/sh
p=$(readlink /proc/$$/fd/3)
n=0 holes=0 last=0
for i in $(seq 3 199); do
	l=$(readlink /proc/$$/fd/$i 2>/dev/null) || l=
	[ "$l" = "$p" ] && n=$((n + 1)) last=$i
done
for i in $(seq 3 $last); do
	[ -e /proc/$$/fd/$i ] || holes=$((holes + 1))
done
echo "$n copies, $holes free below the last"
EOF2
	chmod 755 fds
	# ctest may leave descriptors open: close the low ones at least
	expect "31 copies at the lowest free fds" 0 "31 copies, 0 free below the last" "" \
		sh -c 'exec 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&-; exec "$0" ./fds' \
		"$BIN/fghack"
fi

finish
