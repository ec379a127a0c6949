# envuidgid.sh - envuidgid: usage, unknown accounts (names only), GID then
# UID added or replaced where 0.76 puts them, ids left alone, run errors.
. "$DAEMONBOX_SOURCE_DIR/tests/integration/lib.sh"

cd "$T" || exit 1

usage="envuidgid: usage: envuidgid account child"
expect "no arguments" 100 "" "$usage" "$BIN/envuidgid"
expect "account only" 100 "" "$usage" "$BIN/envuidgid" nobody
expect "unknown account" 111 "" \
	"envuidgid: fatal: unknown account no-such-account" \
	"$BIN/envuidgid" no-such-account true
expect "numeric ids are not names" 111 "" \
	"envuidgid: fatal: unknown account 0" "$BIN/envuidgid" 0 true
expect "empty account" 111 "" "envuidgid: fatal: unknown account " \
	"$BIN/envuidgid" "" true

expect "appended: GID then UID" 0 "A=1
B=2
C=3
GID=65534
UID=65534" "" env -i A=1 B=2 C=3 "$BIN/envuidgid" nobody /usr/bin/env
expect "replaced (the verified example)" 0 "A=1
GID=65534
B=2
UID=65534" "" env -i A=1 UID=5 GID=6 B=2 "$BIN/envuidgid" nobody /usr/bin/env
expect "duplicates all replaced" 0 "GID=0
A=1
UID=0" "" env -i UID=1 A=1 UID=2 UID=3 "$BIN/envuidgid" root /usr/bin/env
expect "empty environment" 0 "GID=0
UID=0" "" env -i "$BIN/envuidgid" root /usr/bin/env

expect "ids unchanged" 0 "$(id -u) $(id -g)" "" \
	"$BIN/envuidgid" nobody sh -c 'echo $(id -u) $(id -g)'
expect "arguments passed" 0 "a b" "" "$BIN/envuidgid" nobody echo a b
expect "exit code passed" 9 "" "" "$BIN/envuidgid" nobody sh -c 'exit 9'
expect "missing program" 111 "" \
	"envuidgid: fatal: unable to run ./nonexistent: file does not exist" \
	"$BIN/envuidgid" nobody ./nonexistent
expect "unset PATH: /bin:/usr/bin" 0 "x" "" \
	env -i "$BIN/envuidgid" nobody echo x

finish
