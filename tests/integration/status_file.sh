# status_file.sh - supervise/status as third-party programs read it:
# exactly 0.76's 18 bytes in every state, read by a reader that unpacks
# the whole file as 18 bytes and by one that insists on that length; what
# supervise/ holds after many state changes; adoption after kill -9 at any
# moment of a burst of state changes.
. "$DAEMONBOX_SOURCE_DIR/tests/integration/lib.sh"

cd "$T" || exit 1
umask 022
PATH=$BIN:$PATH

# The pid in bytes 12..15 of FILE, little-endian.
le_pid() {
	set -- $(od -An -tu1 -j12 -N4 "$1")
	echo $(($1 + $2 * 256 + $3 * 65536 + $4 * 16777216))
}

# A reader in the manner of go-runit: refuses any length but 18.
strict_reader() {	# strict_reader DIR: prints "PID WANT"
	[ "$(wc -c <"$1/supervise/status" | tr -d ' ')" = 18 ] || return 1
	printf '%s %s\n' "$(le_pid "$1/supervise/status")" \
		"$(od -An -c -j17 -N1 "$1/supervise/status" | tr -d ' ')"
}

# A reader in the manner of curveprotect: unpacks the whole file at once
# as 18 bytes (python's struct raises on any other length).
unpack_reader() {	# unpack_reader DIR: prints "PID WANT"
	python3 - "$1/supervise/status" <<'PY'
import struct, sys
data = open(sys.argv[1], "rb").read()
sec, nano = struct.unpack(">QL", data[:12])
pid, paused, want = struct.unpack("<LBB", data[12:18])
struct.unpack(">QL4sBB", data)	# the whole file: raises unless 18 bytes
print(pid, chr(want) if want else "\\0")
PY
}

in_state() {	# in_state DIR STATE
	check "$2: status is 18 bytes" 18 "$(wc -c <"$1/supervise/status" | tr -d ' ')"
	_want=$(svstat "$1" | sed -n 's/.*up (pid \([0-9]*\)).*/\1/p')
	_w=$(od -An -c -j17 -N1 "$1/supervise/xstatus" | tr -d ' ')
	check "$2: strict reader" "${_want:-0} $_w" "$(strict_reader "$1")"
	if command -v python3 >/dev/null; then
		check "$2: whole-file reader" "${_want:-0} $_w" "$(unpack_reader "$1")"
	fi
	check "$2: xstatus pairs with status" \
		"$(od -An -tx1 "$1/supervise/status" | tr -d ' \n')" \
		"$(od -An -tx1 -N18 "$1/supervise/xstatus" | tr -d ' \n')"
	check "$2: supervise/ names" ". .. control lock ok status xstatus" \
		"$(echo $(ls -a "$1/supervise"))"
}
walk_states in_state

# Many state changes leave no file behind: each command byte on its own
# (the shell's printf writes into the fifo; no svc process each time), a
# few restarts between.
mksvc many 'exec sleep 1000'
startsv many
waitstate many "many: up (pid *) * seconds"
i=0
while [ $i -lt 500 ]; do
	printf p >many/supervise/control
	printf c >many/supervise/control
	case $i in *00) svc -t many ;; *50) svc -du many ;; esac
	i=$((i + 1))
done
# The last command: once it shows, every write before it is done.
svc -d many
waitstate many "many: down * seconds, normally up"
check "after 1,000 state changes: supervise/ names" \
	". .. control lock ok status xstatus" "$(echo $(ls -a many/supervise))"
check "after 1,000 state changes: status size" 18 \
	"$(wc -c <many/supervise/status | tr -d ' ')"
stopsv many

# kill -9 at a random moment of a burst of state changes: the next
# supervise adopts the process xstatus names. The service ignores TERM,
# so no command ends it and it is certainly alive when the next supervise
# looks: adopting anything else, or starting a second copy, is a bug.
mksvc ka "trap '' TERM; echo \$\$ >>pids; exec sleep 1000"
startsv ka
waitstate ka "ka: up (pid *) * seconds"
p=$(svpid ka)
round=1
rounds=${KILL_ROUNDS:-20}
while [ $round -le $rounds ]; do
	(
		while :; do
			for c in p c d u o t u c; do
				printf "$c" >ka/supervise/control 2>/dev/null || exit 0
			done
		done
	) &
	storm=$!
	track $storm
	sleep "$(awk -v s="$round$$" 'BEGIN { srand(s); printf "%.3f", rand() * 0.3 }')"
	kill -9 "$SUP"
	wait "$SUP" 2>/dev/null
	kill "$storm" 2>/dev/null
	wait "$storm" 2>/dev/null
	check "round $round: xstatus names the service" "$p" "$(le_pid ka/supervise/xstatus)"
	startsv ka
	waitstate ka "ka: up (pid $p) *" || break
	round=$((round + 1))
done
check "adopted in every round, never started again" 1 "$(wc -l <ka/pids | tr -d ' ')"
# Killed between its two writes: xstatus names the new run, status still
# the old one (a status.new in the way stands for the kill landing there).
mkdir ka/supervise/status.new
svc -k ka
wait_for 30 sh -c 'test "$(wc -l <ka/pids)" -eq 2' || fail "ka not restarted"
p2=$(tail -n 1 ka/pids)
wait_for 30 sh -c "test \"\$(od -An -tu1 -j12 -N2 ka/supervise/xstatus | tr -s ' ')\" = \" $((p2 % 256)) $((p2 / 256 % 256))\"" ||
	fail "xstatus does not name $p2"
check "between the writes: status names the old run" "$p" "$(le_pid ka/supervise/status)"
kill -9 "$SUP"
wait "$SUP" 2>/dev/null
rmdir ka/supervise/status.new
startsv ka
waitstate ka "ka: up (pid $p2) *"
check "between the writes: adopted, not started" 2 "$(wc -l <ka/pids | tr -d ' ')"
p=$p2

# The service gone while no supervise watched: started anew, not adopted.
kill -9 "$SUP"
wait "$SUP" 2>/dev/null
kill -9 "$p"
# Dead once gone or a zombie (its new parent may be slow to reap it).
dead() { ! test -e /proc/$1 || grep -q '^[0-9]* (.*) Z' /proc/$1/stat; }
wait_for 10 dead "$p" || fail "$p did not die"
startsv ka
waitstate ka "ka: up (pid *) * seconds"
q=$(svpid ka)
[ -n "$q" ] && [ "$q" != "$p" ] && pass || fail "a dead service was adopted ($p, $q)"
check "started once more" 3 "$(wc -l <ka/pids | tr -d ' ')"

# kill -9 at random moments while runs are killed and restarted too: a run
# alive afterwards is the supervised one, or one neither file ever named
# (started in the instant between fork and the first write, as with 0.76).
: >ka/pids
svc -k ka
orphans=0
round=1
while [ $round -le $rounds ]; do
	(
		while :; do
			for c in p c k u o d u; do
				printf "$c" >ka/supervise/control 2>/dev/null || exit 0
				sleep 0.05
			done
		done
	) &
	storm=$!
	track $storm
	sleep "$(awk -v s="$round$$" 'BEGIN { srand(s); printf "%.3f", 0.2 + rand() * 1.5 }')"
	kill -9 "$SUP"
	wait "$SUP" 2>/dev/null
	kill "$storm" 2>/dev/null
	wait "$storm" 2>/dev/null
	x=$(le_pid ka/supervise/xstatus)
	sp=$(le_pid ka/supervise/status)
	startsv ka
	svc -u ka
	waitstate ka "ka: up (pid *) *" || break
	q=$(svpid ka)
	for r in $(cat ka/pids); do
		[ "$r" = "$q" ] && continue
		dead "$r" && continue
		if [ "$r" = "$x" ] || [ "$r" = "$sp" ]; then
			fail "round $round: $r named by supervise/ but not adopted ($q is)"
		else
			orphans=$((orphans + 1))
		fi
		kill -9 "$r"
		wait_for 10 dead "$r"
	done
	round=$((round + 1))
done
echo "FIGURE runs orphaned by a kill between fork and first write: $orphans"
svc -k ka
svc -dx ka
wait "$SUP"

finish
