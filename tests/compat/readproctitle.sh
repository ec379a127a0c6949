# readproctitle.sh - readproctitle against daemontools 0.76: exit codes and
# output for bad arguments, EOF and read errors, and the title each leaves
# in /proc/PID/cmdline after the same input.
. "$DAEMONBOX_SOURCE_DIR/tests/compat/lib.sh"

same "no arguments" readproctitle
same "4-byte last argument" readproctitle four
same "4-byte last argument after a long one" readproctitle abcdefghij four
same "empty last argument" readproctitle abcdefghij ""
same "5 bytes, EOF" readproctitle 12345
printf 'some input\n\000more' >"$T/stdin"
same "input, then EOF" readproctitle service errors: ......
rm -f "$T/stdin"

# A read error (stdin is a directory).
run sh -c 'exec "$0" abcdefghij <"$1"' "$REF/readproctitle" "$T"
rrc=$RC rout=$OUT rerr=$ERR
run sh -c 'exec "$0" abcdefghij <"$1"' "$BIN/readproctitle" "$T"
check "read error: exit code" "$rrc" "$RC"
check "read error: stdout" "$rout" "$OUT"
check "read error: stderr" "$rerr" "$ERR"

if [ ! -r "/proc/$$/cmdline" ]; then
	printf 'note: no /proc/PID/cmdline here; title checks not run\n'
	finish
fi

# args PID: the arguments after argv[0], NULs shown as '|'.
args() { tr '\0' '|' <"/proc/$1/cmdline" | sed '1s/^[^|]*|//'; }
ends_with() { case $(args "$1") in *"$2|") return 0 ;; esac; return 1; }

# titles DESC INPUTFILE ARGS...: runs both on the same input through a
# FIFO, waits until each title ends in the input's last bytes ("ND" of
# "END"), then compares the titles and the exit codes.
titles() {
	_d=$1 _in=$2
	shift 2
	rm -f "$T/fifo"
	mkfifo "$T/fifo"
	"$REF/readproctitle" "$@" <"$T/fifo" &
	rpid=$!
	track "$rpid"
	exec 7>"$T/fifo"
	rm -f "$T/fifo"
	mkfifo "$T/fifo"
	"$BIN/readproctitle" "$@" <"$T/fifo" &
	opid=$!
	track "$opid"
	exec 8>"$T/fifo"
	cat "$_in" >&7
	cat "$_in" >&8
	if wait_for 5 ends_with "$rpid" ND && wait_for 5 ends_with "$opid" ND
	then
		check "$_d: title" "$(args "$rpid")" "$(args "$opid")"
	else
		fail "$_d: titles did not settle: [$(args "$rpid")] [$(args "$opid")]"
	fi
	exec 7>&- 8>&-
	wait "$rpid"
	rrc=$?
	wait "$opid"
	check "$_d: exit code" "$rrc" "$?"
}

printf 'XY\000Z\n1234567END' >"$T/in"
titles "spec example" "$T/in" service errors: abcdefghij
printf 'END' >"$T/in"
titles "shorter than the title" "$T/in" service errors: ................................
printf 'a\nb\000\000c\nEND' >"$T/in"
titles "newlines and NULs" "$T/in" x abcdefghij
awk 'BEGIN {
	srand(3)
	for (i = 0; i < 20000; i++)
		printf "%c", 32 + int(rand() * 95)
	printf "\n\001END"
}' >"$T/in"
dots=$(awk 'BEGIN { while (length(s) < 400) s = s "."; printf "%s", s }')
titles "20000 bytes" "$T/in" readproctitle service errors: "$dots"
printf '1234END' >"$T/in"
titles "5-byte title" "$T/in" 12345

finish
