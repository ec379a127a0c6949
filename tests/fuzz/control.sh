#!/bin/sh
# control.sh [SECONDS] - fuzzes supervise's control-byte interpreter from the
# outside: random byte strings (no 'x') go into a running supervise's
# control fifo for SECONDS (default 10); after every burst supervise must be
# alive, svok must say so and svstat must print a sane line. Needs
# DAEMONBOX (the built binary). Prints the figures; exit 1 on a failure.
set -u
: "${DAEMONBOX:?set DAEMONBOX to the built daemonbox binary}"
SECS=${1:-10}
case $DAEMONBOX in /*) ;; *) DAEMONBOX=$(pwd)/$DAEMONBOX ;; esac
T=$(mktemp -d "${TMPDIR:-/tmp}/daemonbox-control.XXXXXX") || exit 1
SV=
cleanup() {
	[ -n "$SV" ] && kill -9 "$SV" 2>/dev/null
	[ -f "$T/child" ] && kill -9 "$(cat "$T/child")" 2>/dev/null
	# the service itself: its pid as supervise recorded it
	[ -n "$SV" ] && wait "$SV" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
BIN=$T/bin
mkdir "$BIN" && "$DAEMONBOX" --install "$BIN" >/dev/null || exit 1

fail() {
	printf 'control.sh: FAIL: %s\n' "$*" >&2
	exit 1
}

S=$T/svc
mkdir "$S"
cat >"$S/run" <<EOS
#!/bin/sh
echo \$\$ >"$T/child"
exec sleep 3600
EOS
printf '#!/bin/sh\nexit 0\n' >"$S/finish"
chmod +x "$S/run" "$S/finish"

"$BIN/supervise" "$S" </dev/null >"$T/sv.out" 2>"$T/sv.err" &
SV=$!
# Deadlines catch hangs only (60 s): a busy machine must not fail this.
dl=$(($(date +%s) + 60))
until "$BIN/svok" "$S" 2>/dev/null; do
	[ "$(date +%s)" -lt "$dl" ] || fail "supervise did not start"
	sleep 0.02
done

# A burst: 1..64 random bytes, or 1..16 command letters (half the time, so
# the interesting bytes come often). Never 'x': supervise would leave.
burst() {
	if [ $(($1 % 2)) -eq 0 ]; then
		len=$(( ($1 / 2) % 64 + 1 ))
		head -c "$len" /dev/urandom | tr -d x
	else
		len=$(( ($1 / 2) % 16 + 1 ))
		head -c 256 /dev/urandom | tr -dc 'udoahktic12p' | head -c "$len"
	fi
}

end=$(( $(date +%s) + SECS ))
bursts=0
bytes=0
while [ "$(date +%s)" -lt "$end" ]; do
	seed=$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')
	burst "$seed" >"$T/burst"
	# supervise holds the fifo open for reading: the open cannot block
	# unless it is gone, and then timeout ends it.
	timeout 60 sh -c 'cat "$1" >"$2"' sh "$T/burst" "$S/supervise/control" ||
		fail "cannot write to the control fifo (supervise gone?)"
	bursts=$((bursts + 1))
	bytes=$((bytes + $(wc -c <"$T/burst")))
	kill -0 "$SV" 2>/dev/null || fail "supervise died after burst $bursts: $(od -An -c "$T/burst")"
	"$BIN/svok" "$S" || fail "svok says supervise is not running"
	out=$("$BIN/svstat" "$S" 2>&1) || fail "svstat failed: $out"
	case $out in
	"$S: up (pid "[0-9]*") "[0-9]*" seconds"*|"$S: down "[0-9]*" seconds"*) ;;
	*) fail "svstat printed: $out" ;;
	esac
	sz=$(wc -c <"$S/supervise/status")
	[ "$sz" -ge 18 ] || fail "status file has $sz bytes"
done

# It still obeys: down, exit.
"$BIN/svc" -dx "$S" || fail "svc -dx failed"
dl=$(($(date +%s) + 60))
while kill -0 "$SV" 2>/dev/null; do
	[ "$(date +%s)" -lt "$dl" ] || fail "supervise did not exit after svc -dx"
	sleep 0.02
done
wait "$SV"
rc=$?
SV=
[ "$rc" -eq 0 ] || fail "supervise exited $rc"
if [ -s "$T/sv.err" ]; then
	printf 'control.sh: supervise wrote on stderr:\n' >&2
	cat "$T/sv.err" >&2
fi
printf 'control: %d bursts, %d bytes in %d s; supervise alive and sane\n' \
    "$bursts" "$bytes" "$SECS"
