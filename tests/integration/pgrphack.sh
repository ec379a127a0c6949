# pgrphack.sh - pgrphack: usage, a new session and process group led by
# the program, even when setsid fails, and run errors.
. "$DAEMONBOX_SOURCE_DIR/tests/integration/lib.sh"

cd "$T" || exit 1

expect "no arguments" 100 "" "pgrphack: usage: pgrphack child" \
	"$BIN/pgrphack"
expect "missing program" 111 "" \
	"pgrphack: fatal: unable to run ./nonexistent: file does not exist" \
	"$BIN/pgrphack" ./nonexistent
printf 'echo hi\n' >junk
chmod 755 junk
expect "no /bin/sh fallback" 111 "" \
	"pgrphack: fatal: unable to run ./junk: exec format error" \
	"$BIN/pgrphack" ./junk

# leader: pid = process group = session
lead='set -- $(ps -o pid= -o pgid= -o sid= -p $$); [ "$1" = "$2" ] && [ "$1" = "$3" ] && echo leader || echo not'
expect "session and group leader" 0 "leader" "" "$BIN/pgrphack" sh -c "$lead"
# not a leader without it (the shell running this test leads its group,
# its children do not)
expect "control: not a leader" 0 "not" "" sh -c "$lead"
# already a leader: setsid fails, the program runs anyway
expect "setsid failure ignored" 0 "leader" "" \
	"$BIN/pgrphack" "$BIN/pgrphack" sh -c "$lead"
expect "arguments passed" 0 "a b" "" "$BIN/pgrphack" echo a b
expect "exit code passed" 3 "" "" "$BIN/pgrphack" sh -c 'exit 3'

finish
