# nproc.sh - fork failure through RLIMIT_NPROC, as a real unprivileged
# user (root is exempt from the limit): supervise warns "unable to fork
# for DIR, sleeping 60 seconds", does not spin, keeps answering svc during
# the back-off and exits at once on svc -dx. Figures: how fast svc -dx was
# obeyed during the back-off, supervise's CPU seconds.
FAULTS_UNSHARE=1
. "$DAEMONBOX_SOURCE_DIR/tests/faults/lib.sh"

need_root "creating a user"
mkuser
mksvc s 'exec sleep 1000'
chown -R "$FAULT_USER" s
# The user has no other process: supervise is the one its limit allows.
# LeakSanitizer needs a thread of its own at exit: not under this limit.
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
	setuidgid "$FAULT_USER" softlimit -p 1 supervise s 2>s.err &
SUP=$!
track "$SUP"
wait_for 10 svok s || fail "supervise did not come up"
wait_for 10 grep -q . s.err || fail "no warning about the fork"
check "fork warning" \
	"supervise: warning: unable to fork for s, sleeping 60 seconds: temporary failure" \
	"$(head -1 s.err)"
check "state during the back-off" "s: down" \
	"$(svstat s | sed 's/ [0-9]* seconds.*//')"
cpu0=$(cpu "$SUP")
# No retry before the back-off is over: no second warning, no CPU.
sleep 2
check "one fork attempt in 2 seconds" 1 "$(wc -l <s.err | tr -d ' ')"
cpu1=$(cpu "$SUP")
alive "$SUP" && pass || fail "supervise died"

# Commands are obeyed meanwhile: pause flag, down, then exit.
svc -d s
waitstate s "s: down * normally up" 5
svc -u s
waitstate s "s: down * normally up, want up" 5
t0=$(now_ms)
svc -dx s
wait_for 10 sh -c "! kill -0 $SUP" || fail "supervise ignored svc -dx during the back-off"
t1=$(now_ms)
wait "$SUP"
check "supervise exit code" 0 "$?"
check "still one warning" 1 "$(wc -l <s.err | tr -d ' ')"

figure "svc -dx obeyed during the fork back-off after (ms)" $((t1 - t0))
figure "supervise CPU seconds in 2 s of back-off" \
	"$(awk -v a="$cpu0" -v b="$cpu1" 'BEGIN { printf "%.2f", b - a }')"
finish
