# setuidgid.sh - setuidgid: usage, unknown accounts, the ids and the one
# group it leaves, what it leaves alone (environment, directory, fds), and
# its failures when not root.
. "$DAEMONBOX_SOURCE_DIR/tests/integration/lib.sh"

cd "$T" || exit 1
chmod 755 "$T"
[ "$(id -u)" = 0 ] || skip "setuidgid needs root"

usage="setuidgid: usage: setuidgid account child"
expect "no arguments" 100 "" "$usage" "$BIN/setuidgid"
expect "account only" 100 "" "$usage" "$BIN/setuidgid" nobody
expect "unknown account" 111 "" \
	"setuidgid: fatal: unknown account no-such-account" \
	"$BIN/setuidgid" no-such-account true
expect "numeric ids are not names" 111 "" \
	"setuidgid: fatal: unknown account 65534" "$BIN/setuidgid" 65534 true

expect "ids of nobody" 0 "65534 65534 65534 65534 65534" "" \
	"$BIN/setuidgid" nobody sh -c 'echo $(id -u) $(id -ru) $(id -g) $(id -rg) $(id -G)'
if [ -r /proc/self/status ]; then
	tab=$(printf '\t')
	expect "/proc/self/status" 0 "Uid:${tab}65534${tab}65534${tab}65534${tab}65534
Gid:${tab}65534${tab}65534${tab}65534${tab}65534
Groups:${tab}65534 " "" \
		"$BIN/setuidgid" nobody grep -E '^(Uid|Gid|Groups):' /proc/self/status
fi
expect "root keeps only group 0" 0 "0 0 0" "" \
	"$BIN/setuidgid" root sh -c 'echo $(id -u) $(id -g) $(id -G)'

expect "environment unchanged" 0 "HOME=/root
USER=root
A=1" "" env -i HOME=/root USER=root A=1 "$BIN/setuidgid" nobody /usr/bin/env
mkdir d
chmod 755 d
expect "directory unchanged" 0 "$(cd d && pwd -P)" "" \
	sh -c "cd d && exec '$BIN/setuidgid' nobody /bin/pwd -P"
run sh -c "exec '$BIN/setuidgid' nobody sh -c 'echo to-fd-5 >&5' 5>'$T/fd5'"
check "descriptors unchanged" "0:to-fd-5" "$RC:$(cat "$T/fd5")"
expect "arguments passed" 0 "a b" "" "$BIN/setuidgid" nobody echo a b
expect "exit code passed" 9 "" "" "$BIN/setuidgid" nobody sh -c 'exit 9'

# Not root any more: setgroups fails first; 0.76 words it as setgid.
expect "unprivileged: back to root" 111 "" \
	"setuidgid: fatal: unable to setgid: permission denied" \
	"$BIN/setuidgid" nobody "$BIN/setuidgid" root true
expect "unprivileged: even to itself" 111 "" \
	"setuidgid: fatal: unable to setgid: permission denied" \
	"$BIN/setuidgid" nobody "$BIN/setuidgid" nobody true

# The program is looked for after the ids changed.
expect "missing program" 111 "" \
	"setuidgid: fatal: unable to run ./nonexistent: file does not exist" \
	"$BIN/setuidgid" nobody ./nonexistent
mkdir locked
printf '#!/bin/sh\necho ran\n' >locked/prog
chmod 755 locked/prog
chmod 700 locked
expect "root finds it" 0 "ran" "" env PATH="$T/locked" "$BIN/setuidgid" root prog
expect "PATH directory closed to nobody: access denied" 111 "" \
	"setuidgid: fatal: unable to run prog: access denied" \
	env PATH="$T/locked" "$BIN/setuidgid" nobody prog
expect "access denied remembered, search goes on" 0 "x" "" \
	env PATH="$T/locked:/bin:/usr/bin" "$BIN/setuidgid" nobody echo x
printf '#!/bin/sh\necho ran\n' >own
chmod 700 own
expect "file closed to nobody" 111 "" \
	"setuidgid: fatal: unable to run ./own: access denied" \
	"$BIN/setuidgid" nobody ./own

finish
