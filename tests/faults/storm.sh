# storm.sh - supervise under a storm of 10,000 control commands (2,000 in
# a sanitized build) from four parallel writers (raw one-byte writes into supervise/control, plus svc
# processes): it stays alive, obeys every byte in order, keeps the same
# service (no restart) and ends in the right state. Figure: CPU seconds
# supervise spent on the storm, and how long the storm took.
FAULTS_UNSHARE=1
. "$DAEMONBOX_SOURCE_DIR/tests/faults/lib.sh"

mksvc s 'exec sleep 1000'
startsv s
waitstate s "s: up (pid *"
pid0=$(svpid s)
cpu0=$(cpu "$SUP")

# Each writer sends 2,500 commands: 'c' (continue: a status write and a
# SIGCONT each) with a 'p' (pause) every 50th; the last writer uses svc
# for one command in ten, so that opens and closes by many processes mix
# with the raw writes.
nw=$(scaled 2500)
writer() {
	_n=0
	while [ $_n -lt "$nw" ]; do
		_n=$((_n + 1))
		if [ $((_n % 50)) = 0 ]; then
			printf p >s/supervise/control
		elif [ "$1" = svc ] && [ $((_n % 10)) = 0 ]; then
			svc -c s
		else
			printf c >s/supervise/control
		fi
	done
}
t0=$(now_ms)
writer raw & w1=$!
writer raw & w2=$!
writer raw & w3=$!
writer svc & w4=$!
track "$w1"; track "$w2"; track "$w3"; track "$w4"
wait "$w1" "$w2" "$w3" "$w4"
t1=$(now_ms)

alive "$SUP" && pass || fail "supervise died under the storm"
alive "$pid0" && pass || fail "the service died under the storm"
# Everything written is in the fifo; a 'c' then a 'd' behind it are only
# obeyed once the storm's bytes are all read.
check "same service (no restart)" "$pid0" "$(svpid s)"
svc -c s
svc -d s
waitstate s "s: down * normally up" 20
t2=$(now_ms)
cpu1=$(cpu "$SUP")
grep -q . s.err && fail "supervise wrote: $(head -3 s.err)" || pass
alive "$pid0" && fail "service still alive after svc -d" || pass
svc -u s
waitstate s "s: up (pid *) * seconds"
case $(svstat s) in *paused*) fail "paused after svc -u" ;; *) pass ;; esac
svc -dx s
wait_for 10 sh -c "! kill -0 $SUP" || fail "supervise did not exit on svc -dx"
wait "$SUP"
check "supervise exit code" 0 "$?"

figure "storm commands" $((nw * 4))
figure "storm writers took (ms)" $((t1 - t0))
figure "backlog drained, svc -d obeyed after (ms)" $((t2 - t1))
figure "supervise CPU seconds for the storm" \
	"$(awk -v a="$cpu0" -v b="$cpu1" 'BEGIN { printf "%.2f", b - a }')"
finish
