# tai64nlocal.sh - tai64nlocal: the worked examples of spec tai64.md §5,
# time zones, what may follow a label, lines without one, labels that
# cannot be converted (copied unchanged), EOF inside a label, long and
# split lines, flushing when input pauses, exit codes.
. "$DAEMONBOX_SOURCE_DIR/tests/integration/lib.sh"

TZ=UTC
export TZ

# conv DESC INPUT EXPECTED: printf-format input and output; exit 0, no
# stderr, output byte for byte.
conv() {
	printf "$2" >"$T/stdin"
	printf "$3" >"$T/want"
	run "$BIN/tai64nlocal"
	check "$1: exit" 0 "$RC"
	check "$1: stderr" "" "$ERR"
	if cmp -s "$T/want" "$T/out"; then pass; else
		fail "$1: output"
		od -c "$T/want" | head -n 5 >&2
		od -c "$T/out" | head -n 5 >&2
	fi
}

# Worked examples.
conv "unix 0" '@400000000000000a00000000\n' '1970-01-01 00:00:00.000000000\n'
conv "unix 1e9" '@400000003b9aca0a00000000 x\n' \
	'2001-09-09 01:46:40.000000000 x\n'
conv "2023" '@4000000065920080075bcd15 end of year\n' \
	'2023-12-31 23:59:50.123456789 end of year\n'
conv "2026" '@400000006b07186906c7774c ONE\n' \
	'2026-11-25 17:18:23.113735500 ONE\n'
conv "pre-1970" '@3fffffffffffffff00000000 old\n' \
	'1969-12-31 23:59:49.000000000 old\n'
conv "nanos > 999999999" '@400000000000000affffffff\n@400000000000000a3b9aca00\n' \
	'1970-01-01 00:00:00.4294967295\n1970-01-01 00:00:00.1000000000\n'
conv "year 1000" '@3ffffff8df7d0c8a00000000\n' '1000-01-01 00:00:00.000000000\n'
conv "year 0" '@3ffffff1868b840a00000000\n' '0-01-01 00:00:00.000000000\n'
conv "year -1 (0.76's unsigned wrap)" '@3ffffff1868b840900000000\n' \
	'18446744073709551615-12-31 23:59:59.000000000\n'
conv "leading zeros" '@00400000000000000a00000000 z\n' \
	'1970-01-01 00:00:00.000000000 z\n'

# What ends the digits is copied, with the rest of the line.
conv "tab" '@400000000000000a00000000\tTAB\n' '1970-01-01 00:00:00.000000000\tTAB\n'
conv "colon" '@400000000000000a00000000:x\n' '1970-01-01 00:00:00.000000000:x\n'
conv "upper-case letter ends the label" '@400000000000000a00000000X y\n' \
	'1970-01-01 00:00:00.000000000X y\n'
conv "g ends the label" '@400000000000000a00000000g\n' '1970-01-01 00:00:00.000000000g\n'
conv "second @ not converted" \
	'@400000000000000a00000000 @400000000000000a00000000\n' \
	'1970-01-01 00:00:00.000000000 @400000000000000a00000000\n'

# Lines without a leading '@' pass through, a last line without "\n" too.
conv "plain lines" 'one\ntwo\n\n x@400000000000000a00000000\n' \
	'one\ntwo\n\n x@400000000000000a00000000\n'
conv "x@ not converted" 'x@400000000000000a00000000\n' 'x@400000000000000a00000000\n'
conv "last line without newline" 'one\n@400000000000000a00000000 two' \
	'one\n1970-01-01 00:00:00.000000000 two'
conv "empty input" '' ''
conv "binary bytes" 'a\000b\r\n@400000000000000a00000000\000z\n' \
	'a\000b\r\n1970-01-01 00:00:00.000000000\000z\n'

# EOF right after the digits: 0.76 prints nothing of that line.
conv "EOF after digits" 'x\n@400000000000000a00000000' 'x\n'
conv "EOF after @" 'x\n@' 'x\n'
conv "EOF after bad digits" 'x\n@4' 'x\n'

# Labels without a local time crash 0.76; they are copied unchanged here.
conv "@ without digits" '@ nohex\n@\n' '@ nohex\n@\n'
conv "16 digits" '@4000000000000000 short\n' '@4000000000000000 short\n'
conv "25 digits" '@400000000000000a000000000 long\n' '@400000000000000a000000000 long\n'
conv "25 digits that wrap in 0.76" '@1400000000000000a00000000\n' \
	'@1400000000000000a00000000\n'
conv "26 digits" '@400000000000000a0000000000:\n' '@400000000000000a0000000000:\n'
conv "upper-case digits" '@400000006B07186906c7774c x\n' \
	'@400000006B07186906c7774c x\n'
conv "zero label" '@000000000000000000000000\n' '@000000000000000000000000\n'
conv "out of range" '@7fffffffffffffff00000000\n@ffffffffffffffffffffffff\n' \
	'@7fffffffffffffff00000000\n@ffffffffffffffffffffffff\n'
conv "converted after unconvertible" \
	'@4 a\n@400000000000000a00000000 b\n@00 c\n' \
	'@4 a\n1970-01-01 00:00:00.000000000 b\n@00 c\n'

# A label with very many digits: leading zeros are counted, not held, so
# it still converts; 200 significant digits are copied through.
zeros=$(awk 'BEGIN { while (length(s) < 70000) s = s "0000000000"; printf "%s", s }')
printf '@%s400000000000000a00000000 z\n' "$zeros" >"$T/stdin"
run "$BIN/tai64nlocal"
check "70000 leading zeros" "1970-01-01 00:00:00.000000000 z" "$OUT"
digits=$(awk 'BEGIN { while (length(s) < 200) s = s "0123456789abcdef"; printf "%s", s }')
printf '@%s end\n' "$digits" >"$T/stdin"
run "$BIN/tai64nlocal"
check "200 digits copied" "@$digits end" "$OUT"
check "200 digits: exit" 0 "$RC"

# Long lines stream through, label or not.
long=$(awk 'BEGIN { s = "y"; while (length(s) < 200000) s = s s; printf "%s", s }')
printf '@400000000000000a00000000 %s\n%s\nend' "$long" "$long" >"$T/stdin"
printf '1970-01-01 00:00:00.000000000 %s\n%s\nend' "$long" "$long" >"$T/want"
run "$BIN/tai64nlocal"
cmp -s "$T/want" "$T/out" && pass || fail "long lines"

# A label cut by the end of a read: from a regular file, reads fill the
# 64 KiB buffer, so a line ending d bytes before 65536 puts the cut d
# bytes into the next label. Checked for every d, whatever the buffer.
d=0
ok=0
while [ "$d" -le 30 ]; do
	for f in stdin want; do
		awk -v d="$d" -v f="$f" 'BEGIN {
			s = "f"; while (length(s) < 65536) s = s s
			print substr(s, 1, 65536 - d - 1)
			t = f == "want" ? "1970-01-01 00:00:00.000000000" : ""
			print (t ? t : "@400000000000000a00000000") " " d
			print (t ? t : "@0000400000000000000a00000000") " " d
			print "@4000000000000000 " d
		}' >"$T/$f"
	done
	run "$BIN/tai64nlocal"
	if cmp -s "$T/want" "$T/out"; then ok=$((ok + 1)); else
		fail "label cut by a read at $d: $(sed 1d "$T/out")"
	fi
	d=$((d + 1))
done
check "labels cut by reads" 31 "$ok"

# Time zones (from TZ, read once at startup).
if [ -r /usr/share/zoneinfo/Asia/Kolkata ] &&
	[ -r /usr/share/zoneinfo/America/Los_Angeles ]; then
	printf '@400000003b9aca0a00000000\n' >"$T/stdin"
	run env TZ=Asia/Kolkata "$BIN/tai64nlocal"
	check "TZ=Asia/Kolkata" "2001-09-09 07:16:40.000000000" "$OUT"
	printf '@400000000000000a00000000\n' >"$T/stdin"
	run env TZ=America/Los_Angeles "$BIN/tai64nlocal"
	check "TZ=America/Los_Angeles" "1969-12-31 16:00:00.000000000" "$OUT"
	# Summer and winter in one run: the same hour of two dates.
	printf '@400000005d2a2a3a00000000\n@400000005e10b68a00000000\n' >"$T/stdin"
	run env TZ=America/Los_Angeles "$BIN/tai64nlocal"
	check "DST in one run" "2019-07-13 12:00:00.000000000
2020-01-04 08:00:00.000000000" "$OUT"
else
	printf 'note: zoneinfo missing, time-zone cases not run\n'
fi

# Arguments are ignored.
printf '@400000000000000a00000000\n' >"$T/stdin"
expect "arguments ignored" 0 "1970-01-01 00:00:00.000000000" "" \
	"$BIN/tai64nlocal" -x foo

# Round trip with tai64n: the same UTC day as date.
d1=$(date -u +%Y-%m-%d)
got=$(echo x | "$BIN/tai64n" | "$BIN/tai64nlocal")
d2=$(date -u +%Y-%m-%d)
case $got in
"$d1 "??:??:??.?????????" x" | "$d2 "??:??:??.?????????" x") pass ;;
*) fail "round trip: [$got]" ;;
esac

# A label split between reads, and flushing when input pauses.
mkfifo "$T/fifo"
"$BIN/tai64nlocal" <"$T/fifo" >"$T/stream" 2>"$T/stream.err" &
pid=$!
track "$pid"
exec 7>"$T/fifo"
printf 'plain\n' >&7
wait_for 5 grep -q '^plain$' "$T/stream" && pass ||
	fail "pause: a plain line is written at once"
# The first half of a label is held back, not copied (see the whole
# output below).
printf '@4000000000' >&7
printf '00000a00000000 split\n' >&7
wait_for 5 grep -q '^1970-01-01 00:00:00.000000000 split$' "$T/stream" &&
	pass || fail "pause: split label converted"
printf '@400000000000000a00000000 part' >&7
wait_for 5 grep -q '^1970-01-01 00:00:00.000000000 part$' "$T/stream" &&
	pass || fail "pause: partial line written with its stamp"
printf '@4000' >&7
exec 7>&-
wait "$pid"
check "pause: exit at EOF" 0 "$?"
printf 'plain\n1970-01-01 00:00:00.000000000 split\n1970-01-01 00:00:00.000000000 part@4000' \
	>"$T/want"
cmp -s "$T/want" "$T/stream" && pass || fail "pause: whole output"
check "pause: stderr" "" "$(cat "$T/stream.err")"

# I/O errors: 111, silently.
printf '@400000000000000a00000000\n' >"$T/stdin"
expect "write error (/dev/full)" 111 "" "" sh -c '"$0" >/dev/full' "$BIN/tai64nlocal"
rm -f "$T/stdin"
expect "write error (stdout closed)" 111 "" "" \
	sh -c 'echo x | "$0" >&-' "$BIN/tai64nlocal"
expect "read error (stdin is a directory)" 111 "" "" \
	sh -c '"$0" <"$1"' "$BIN/tai64nlocal" "$T"

finish
