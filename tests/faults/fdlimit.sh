# fdlimit.sh - file descriptor exhaustion. supervise with no descriptor to
# spare warns about every status write and every option file it cannot
# open, keeps the service running and obeying svc, and writes the right
# status once descriptors are back (prlimit on the running process).
# svscan with a hard limit too low for all its log pipes warns "unable to
# create pipe for NAME: process cannot open more files", keeps the others
# running, and starts the rest once the limit is raised. Figures: warnings,
# services running under the limit, seconds to recover.
FAULTS_UNSHARE=1
. "$DAEMONBOX_SOURCE_DIR/tests/faults/lib.sh"

EMFILE="process cannot open more files"
# The counts below assume nothing but 0-2 is inherited (ctest leaves its
# log open on fd 3).
exec 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&-
have_prlimit=1
command -v prlimit >/dev/null || {
	have_prlimit=0
	echo "prlimit not found (util-linux): recovery checks skipped"
}

# --- supervise: 9 descriptors are exactly what its set-up holds (0-2,
# self-pipe, lock, control twice, ok), so every later open fails. ./run
# must start within the limit too: cat (a shell opens its script above
# fd 10) reading a fifo that never ends.
mkfifo in
mkdir s
ln -s "$(command -v cat)" s/run
softlimit -o 9 supervise s <>in 2>s.err &
SUP=$!
track "$SUP"
wait_for 10 svok s || fail "supervise did not come up under -o 9"
child() { children "$SUP"; }
has_child() { [ -n "$(child)" ]; }
wait_for 10 has_child || fail "no service under -o 9"
c1=$(child)
check "the service runs" run "$(cat /proc/"$c1"/comm)"
# The service starts before ok takes the last descriptor, so the status
# written by the start is right: up.
check "status written before the descriptors ran out" "s: up (pid $c1)" \
	"$(svstat s | sed 's/ [0-9]* seconds.*//')"
if [ $have_prlimit = 1 ]; then
	# Descriptors come back: the retry (1 s, 2 s, 4 s ... after the
	# failures) writes the right status without any command.
	t0=$(now_ms)
	prlimit --pid "$SUP" --nofile=64:
	waitstate s "s: up (pid $c1) * seconds" 20
	t1=$(now_ms)
	figure "supervise: status right after descriptors returned, by retry (ms)" \
		$((t1 - t0))
	# Out again, now with the service running: svc is still obeyed.
	prlimit --pid "$SUP" --nofile=9:
fi
svc -d s
wait_for 10 sh -c "! kill -0 $c1" || fail "svc -d not obeyed under -o 9"
svc -u s
wait_for 10 has_child || fail "svc -u not obeyed under -o 9"
c2=$(child)
alive "$SUP" && pass || fail "supervise died of EMFILE"
# The exit and the restart under the limit could not write the status or
# read the option files: warned about.
wait_for 10 grep -q "status.new: $EMFILE" s.err ||
	fail "no warning about the status file"
check "status-write warning" \
	"supervise: warning: unable to open s/supervise/status.new: $EMFILE" \
	"$(grep status.new s.err | head -1)"
check "option-file warning" \
	"supervise: warning: unable to read s/timeout-kill: $EMFILE" \
	"$(grep timeout-kill s.err | head -1)"
nwarn=$(wc -l <s.err | tr -d ' ')
if [ $have_prlimit = 1 ]; then
	check "stale status after svc -d -u under the limit" \
		"s: up (pid $c1)" "$(svstat s | sed 's/ [0-9]* seconds.*//')"
	prlimit --pid "$SUP" --nofile=64:
	# Many failures make the retry interval long (up to 60 s); any
	# command writes the status at once.
	svc -c s
	waitstate s "s: up (pid $c2) * seconds" 5
fi
svc -dx s
wait_for 10 sh -c "! kill -0 $SUP" || fail "supervise did not exit on svc -dx"
wait "$SUP"
check "supervise exit code" 0 "$?"
figure "supervise warnings under the limit" "$nwarn"

# --- svscan: it raises its soft limit to the hard one at start, so the
# limit is lowered while it runs (raising it back needs no privilege).
# Lowered to what it holds plus two (one for the directory it reads):
# the four log services added then get no pipe.
if [ $have_prlimit = 0 ]; then
	finish
fi
mkdir scan new
mkservice() {	# NAME: built aside, then moved in whole
	mksvc new/$1 'exec sleep 1000'
	mksvc new/$1/log 'exec cat >/dev/null'
	mv new/$1 scan/$1
}
for i in 1 2 3 4; do mkservice s$i; done
mksvc scan/nolog 'exec sleep 1000'
(cd scan && exec prlimit --nofile=64:64 svscan) <>in >scan.out 2>scan.err &
SCAN=$!
track "$SCAN"
running() {
	_n=0
	for _d in scan/*/ scan/*/log/; do
		svok "$_d" 2>/dev/null && _n=$((_n + 1))
	done
	echo "$_n"
}
at_least() { [ "$(running)" -ge "$1" ]; }
wait_for 15 at_least 9 || fail "svscan did not start its services"
# Room for the directory and one descriptor more: no pipe fits.
nfd=$(ls /proc/$SCAN/fd | awk '$1 < 64' | wc -l)
prlimit --pid "$SCAN" --nofile=$((nfd + 2)):
for i in 5 6 7 8; do mkservice s$i; done
denied() {
	sed -n "s/^svscan: warning: unable to create pipe for \(.*\): $EMFILE\$/\1/p" \
	    scan.err | sort -u
}
all_denied() { [ "$(denied | wc -l)" -ge 4 ]; }
wait_for 15 all_denied || fail "no warning about some pipes"
under=$(running)
ndenied=$(denied | grep -c .)
check "services refused a pipe" "s5 s6 s7 s8" "$(denied | tr '\n' ' ' | sed 's/ $//')"
check "supervise processes running under the limit" 9 "$under"
for d in s5 s6 s7 s8; do
	svok "scan/$d" 2>/dev/null && fail "$d runs without its log pipe" || pass
done
check "svscan's warnings are all about pipes" "" \
	"$(grep -v "unable to create pipe for .*: $EMFILE" scan.err)"
alive "$SCAN" && pass || fail "svscan died"
t0=$(now_ms)
prlimit --pid "$SCAN" --nofile=64:
# The next rescan (5 s after a failure) starts the rest.
wait_for 15 at_least 17 ||
	fail "svscan did not start the rest once the limit rose (running: $(running))"
t1=$(now_ms)
figure "svscan: services refused a pipe / supervise running under the limit" \
	"$ndenied / $under"
figure "svscan: all 17 supervise running after the limit rose (ms)" $((t1 - t0))
finish
