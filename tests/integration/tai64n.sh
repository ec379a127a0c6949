# tai64n.sh - tai64n: one "@" + 24 hex label and a space per line, the
# clock mapping, partial and long lines, flushing when input pauses, exit
# codes on EOF and on read and write errors.
. "$DAEMONBOX_SOURCE_DIR/tests/integration/lib.sh"

# check_bytes DESC EXPECTED ACTUAL: the files are equal byte for byte.
check_bytes() {
	if cmp -s "$2" "$3"; then pass; else
		fail "$1"
		od -c "$2" | head -n 5 >&2
		od -c "$3" | head -n 5 >&2
	fi
}
unlabel() { sed 's/^@[0-9a-f]\{24\} //' "$1"; }
nlabels() { grep -c '^@[0-9a-f]\{24\} ' "$1"; }

# One line: the label is daemontools' clock mapping of now.
printf 'ONE\n' >"$T/stdin"
before=$(date +%s)
run "$BIN/tai64n"
after=$(date +%s)
check "ONE: exit" 0 "$RC"
check "ONE: stderr" "" "$ERR"
printf '%s\n' "$OUT" | grep -q '^@4[0-9a-f]\{23\} ONE$' && pass ||
	fail "ONE: output shape: [$OUT]"
sec=$(printf '%s' "$OUT" | cut -c2-17)
nano=$(printf '%s' "$OUT" | cut -c18-25)
unix=$((0x$sec - 0x400000000000000a))
if [ "$unix" -ge "$before" ] && [ "$unix" -le "$after" ]; then pass; else
	fail "label seconds $unix not within [$before, $after] (2^62 + 10 offset)"
fi
check "nanoseconds end in 500 (usec * 1000 + 500)" 500 $((0x$nano % 1000))
if [ $((0x$nano)) -le 999999500 ]; then pass; else fail "nano out of range"; fi

# Arguments are ignored.
run "$BIN/tai64n" -x --help foo
check "arguments ignored: exit" 0 "$RC"
check "arguments ignored: output" "ONE" "$(unlabel "$T/out")"
check "arguments ignored: stderr" "" "$ERR"

# Empty input: no output, exit 0.
: >"$T/stdin"
expect "empty input" 0 "" "" "$BIN/tai64n"
check "empty input: no bytes" 0 "$(wc -c <"$T/out" | tr -d ' ')"

# Several lines, empty ones included; a final line without a newline gets
# its label and no newline.
printf 'a\n\nbb\nccc' >"$T/stdin"
run "$BIN/tai64n"
check "lines: exit" 0 "$RC"
check "lines: one label each" 4 "$(nlabels "$T/out")"
unlabel "$T/out" >"$T/got"
check_bytes "lines: text kept, no newline added" "$T/stdin" "$T/got"
check "lines: empty line is label + space" "yes" \
	"$(sed -n 2p "$T/out" | grep -q '^@[0-9a-f]\{24\} $' && echo yes)"
check "lines: output length" $((9 + 4 * 26)) "$(wc -c <"$T/out" | tr -d ' ')"

# Only "\n" ends a line: CR, NUL and other bytes are copied as they are.
printf 'a\rb\000c\tz\n' >"$T/stdin"
run "$BIN/tai64n"
check "binary bytes: one label" 1 "$(nlabels "$T/out")"
tail -c +27 "$T/out" >"$T/got"
check_bytes "binary bytes kept" "$T/stdin" "$T/got"

# Many lines, more than one read's worth.
awk 'BEGIN { for (i = 0; i < 20000; i++) print "line " i " of a busy log" }' \
	>"$T/stdin"
run "$BIN/tai64n"
check "many lines: exit" 0 "$RC"
check "many lines: labels" 20000 "$(nlabels "$T/out")"
unlabel "$T/out" >"$T/got"
check_bytes "many lines: text" "$T/stdin" "$T/got"

# A line longer than any buffer is streamed, with one label.
awk 'BEGIN { s = "x"; while (length(s) < 300000) s = s s; print s; printf "end" }' \
	>"$T/stdin"
run "$BIN/tai64n"
check "long line: exit" 0 "$RC"
check "long line: labels" 2 "$(nlabels "$T/out")"
unlabel "$T/out" >"$T/got"
check_bytes "long line: text" "$T/stdin" "$T/got"

# Output is flushed whenever input pauses, even mid-line; the rest of that
# line gets no second label.
mkfifo "$T/fifo"
"$BIN/tai64n" <"$T/fifo" >"$T/stream" 2>"$T/stream.err" &
pid=$!
track "$pid"
exec 7>"$T/fifo"
printf 'first\n' >&7
wait_for 5 grep -q '^@[0-9a-f]\{24\} first$' "$T/stream" && pass ||
	fail "pause: a complete line is written at once"
printf 'par' >&7
wait_for 5 grep -q '^@[0-9a-f]\{24\} par$' "$T/stream" && pass ||
	fail "pause: a partial line is written with its label"
printf 'tial\n' >&7
wait_for 5 grep -q '^@[0-9a-f]\{24\} partial$' "$T/stream" && pass ||
	fail "pause: the rest of the line follows without a label"
exec 7>&-
wait "$pid"
check "pause: exit at EOF" 0 "$?"
check "pause: lines" 2 "$(nlabels "$T/stream")"
check "pause: stderr" "" "$(cat "$T/stream.err")"

# I/O errors: 111, silently.
printf 'x\n' >"$T/stdin"
expect "write error (/dev/full)" 111 "" "" sh -c '"$0" >/dev/full' "$BIN/tai64n"
rm -f "$T/stdin"
expect "write error (stdout closed)" 111 "" "" sh -c 'echo x | "$0" >&-' "$BIN/tai64n"
expect "read error (stdin is a directory)" 111 "" "" sh -c '"$0" <"$1"' "$BIN/tai64n" "$T"

finish
