# readproctitle.sh - readproctitle: argument checks and exit codes, and the
# title it keeps in its last argument (read back from /proc/PID/cmdline):
# '.' fill, the first 3 bytes kept, the tail of stdin shifted in, NUL
# bytes ignored, other arguments untouched.
. "$DAEMONBOX_SOURCE_DIR/tests/integration/lib.sh"

# Bad arguments: 100, silently.
expect "no arguments" 100 "" "" "$BIN/readproctitle"
expect "last argument of 4 bytes" 100 "" "" "$BIN/readproctitle" four
expect "short last argument after a long one" 100 "" "" \
	"$BIN/readproctitle" abcdefghij four
expect "empty last argument" 100 "" "" "$BIN/readproctitle" abcdefghij ""
# Exactly 5 bytes is enough; EOF ends it with 0.
expect "5 bytes, EOF" 0 "" "" "$BIN/readproctitle" 12345
printf 'some input\n\000more' >"$T/stdin"
expect "input, then EOF" 0 "" "" "$BIN/readproctitle" service errors: ......
rm -f "$T/stdin"
# A read error: 111, silently.
expect "read error (stdin is a directory)" 111 "" "" \
	sh -c 'exec "$0" abcdefghij <"$1"' "$BIN/readproctitle" "$T"

if [ ! -r "/proc/$$/cmdline" ]; then
	printf 'note: no /proc/PID/cmdline here; title checks not run\n'
	finish
fi

# title_is EXPECTED: the process's arguments, NULs shown as '|'.
title_is() {
	[ "$(tr '\0' '|' <"/proc/$pid/cmdline")" = "$1" ]
}
# title DESC EXPECTED: polls for the title, reports what it was.
title() {
	if wait_for 5 title_is "$2"; then pass; else
		fail "$1"
		printf '  expected: [%s]\n  actual:   [%s]\n' "$2" \
			"$(tr '\0' '|' <"/proc/$pid/cmdline")" >&2
	fi
}

mkfifo "$T/fifo"
"$BIN/readproctitle" service errors: abcdefghij <"$T/fifo" >"$T/rp.out" 2>&1 &
pid=$!
track "$pid"
exec 7>"$T/fifo"
p="$BIN/readproctitle|service|errors:|"
title "filled with dots" "$p..........|"
printf 'XY' >&7
title "bytes come in on the right" "$p........XY|"
printf '\000Z\n12345678' >&7
title "NUL ignored, first 3 bytes kept" "$p...2345678|"
printf 'abcdefghijklmnopqrstuvwxyz' >&7
title "only the tail shows" "$p...tuvwxyz|"
printf '\000\000\000' >&7
title "NULs alone change nothing" "$p...tuvwxyz|"
printf 'a\nb' >&7
title "newlines are kept" "$p...wxyza
b|"
exec 7>&-
wait "$pid"
check "exit 0 at EOF" 0 "$?"
check "no output" "" "$(cat "$T/rp.out")"

# A big input in one go, and a 5-byte title (2 bytes of tail).
awk 'BEGIN { for (i = 0; i < 10000; i++) printf "%d", i % 10; printf "END" }' \
	>"$T/big"
"$BIN/readproctitle" x 12345 <"$T/fifo" &
pid=$!
track "$pid"
exec 7>"$T/fifo"
title "5 bytes: dots" "$BIN/readproctitle|x|.....|"
cat "$T/big" >&7
title "5 bytes: the last 2 bytes" "$BIN/readproctitle|x|...ND|"
exec 7>&-
wait "$pid"
check "5 bytes: exit 0" 0 "$?"

finish
