# supervise.sh - supervise driven through svc, svstat and svok: start-up
# files, what ./run gets, every command byte as the service sees it, the
# lock, the down file, exit, crash loops, kill -9, control-fifo abuse and
# signals sent to supervise itself.
. "$DAEMONBOX_SOURCE_DIR/tests/integration/lib.sh"

cd "$T" || exit 1
umask 022
PATH=$BIN:$PATH

# Usage and start-up failures.
expect "no argument" 100 "" "supervise: usage: supervise dir" supervise
expect "two arguments" 100 "" "supervise: usage: supervise dir" supervise a b
expect "missing dir" 111 "" \
	"supervise: fatal: unable to chdir to nodir: file does not exist" \
	supervise nodir

# Start-up files, modes and what ./run gets.
mksvc s1 'echo "$0 $#" >argv
ps -o pgid= -p $$ | tr -d " " >pgid
exec sleep 1000'
startsv s1
waitstate s1 "s1: up (pid *) * seconds"
wait_for 5 test -s s1/pgid
check "supervise/ mode" "drwx------" "$(ls -ld s1/supervise | cut -c1-10)"
check "control is a fifo 0600" "prw-------" "$(ls -l s1/supervise/control | cut -c1-10)"
check "ok is a fifo 0600" "prw-------" "$(ls -l s1/supervise/ok | cut -c1-10)"
check "lock mode" "-rw-------" "$(ls -l s1/supervise/lock | cut -c1-10)"
check "status mode" "-rw-r--r--" "$(ls -l s1/supervise/status | cut -c1-10)"
check "status size: 0.76's 18 bytes" 18 "$(wc -c <s1/supervise/status | tr -d ' ')"
check "xstatus mode" "-rw-r--r--" "$(ls -l s1/supervise/xstatus | cut -c1-10)"
check "xstatus size" 64 "$(wc -c <s1/supervise/xstatus | tr -d ' ')"
check "supervise/ holds 0.76's names and xstatus" ". .. control lock ok status xstatus" \
	"$(echo $(ls -a s1/supervise))"
check "run argv" "./run 0" "$(cat s1/argv)"
check "run shares supervise's process group" "$(ps -o pgid= -p $$ | tr -d ' ')" "$(cat s1/pgid)"
pid1=$(svpid s1)
# The service inherits supervise's descriptors except the six supervise
# opened itself (self-pipe, lock, control twice, ok): all close-on-exec.
nsup=$(ls /proc/"$SUP"/fd | wc -l)
nsvc=$(ls /proc/"$pid1"/fd | wc -l)
check "no descriptor of supervise leaks into the service" $((nsup - 6)) "$nsvc"
ls -l /proc/"$pid1"/fd | grep -q "$T/s1/supervise" &&
	fail "the service holds a supervise/ file" || pass
check "status pid is the running child" "sleep" "$(ps -o comm= -p "$pid1")"
# Status bytes 12..17: pid little-endian, not paused, want up; xstatus
# copies them and adds 18..19: no TERM sent, running.
le=$(printf '%08x' "$pid1" | sed 's/\(..\)\(..\)\(..\)\(..\)/\4\3\2\1/')
check "status bytes 12..17" "${le}0075" "$(od -An -tx1 -j12 -N6 s1/supervise/status | tr -d ' \n')"
check "xstatus bytes 0..17 are status" "$(od -An -tx1 s1/supervise/status | tr -d ' \n')" \
	"$(od -An -tx1 -N18 s1/supervise/xstatus | tr -d ' \n')"
check "xstatus bytes 18..21" "00014402" "$(od -An -tx1 -j18 -N4 s1/supervise/xstatus | tr -d ' \n')"

# A second supervise on the same directory.
expect "lock held" 111 "" \
	"supervise: fatal: unable to acquire s1/supervise/lock: temporary failure" \
	supervise s1

# svc -d, -u, -p, -c, -o, -x as svstat shows them.
svc -d s1
waitstate s1 "s1: down * seconds, normally up"
svc -u s1
waitstate s1 "s1: up (pid *) * seconds"
svc -p s1
waitstate s1 "s1: up (pid *) * seconds, paused"
p=$(svpid s1)
check "paused child is stopped" "T" "$(ps -o stat= -p "$p" | cut -c1)"
svc -c s1
waitstate s1 "s1: up (pid *) * seconds"
wait_for 5 sh -c "ps -o stat= -p $p | grep -q '^S'" && pass ||
	fail "continued child runs"
svc -o s1
want_once() { od -An -tx1 -j17 -N1 s1/supervise/status | grep -q 00; }
wait_for 5 want_once && pass || fail "once: want byte 0"
svc -k s1
waitstate s1 "s1: down * seconds, normally up"
check "once: not restarted" "down" "$(svstat s1 | cut -d' ' -f2)"
touch s1/down
waitstate s1 "s1: down * seconds"
svc -x s1
wait "$SUP"
check "svc -x on a down service: supervise exits 0" 0 $?
expect "svok after exit" 100 "" "" svok s1
expect "svstat after exit" 0 "s1: supervise not running" "" svstat s1

# The down file: not started until svc -u.
startsv s1
waitstate s1 "s1: down * seconds"
svc -u s1
waitstate s1 "s1: up (pid *) * seconds, normally down"
svc -d s1
waitstate s1 "s1: down * seconds"
svc -x s1
wait "$SUP"
rm s1/down

# Every signal command as the service sees it. Perl, because a shell
# cannot trap SIGINT that a background job inherits as ignored (supervise,
# like 0.76, passes ignored signals on).
mkdir -p s2
cat >s2/run <<'PERL'
#!/usr/bin/perl
open(STDOUT, '>>', 'signals') or die;
for my $s (qw(HUP INT TERM ALRM CONT USR1 USR2)) {
	$SIG{$s} = sub { syswrite(STDOUT, "$s\n") };
}
open(my $p, '>', 'pid') or die; print $p "$$\n"; close $p;
syswrite(STDOUT, "start\n");
sleep 1 while 1;
PERL
chmod +x s2/run
startsv s2
wait_for 5 grep -q start s2/signals || fail "s2 did not start"
for c in h:HUP a:ALRM i:INT t:TERM c:CONT 1:USR1 2:USR2; do
	svc -"${c%%:*}" s2
	wait_for 5 grep -q "^${c#*:}$" s2/signals || fail "svc -${c%%:*}: no ${c#*:}"
done
: >s2/signals
svc -d s2
wait_for 5 grep -q CONT s2/signals || fail "svc -d: no CONT"
check "svc -d sends TERM then CONT" "TERM CONT" "$(tr '\n' ' ' <s2/signals | sed 's/ $//')"
waitstate s2 "s2: up (pid *) * seconds, want down"
check "xstatus byte 18: TERM sent" "01" "$(od -An -tx1 -j18 -N1 s2/supervise/xstatus | tr -d ' ')"
p=$(cat s2/pid)
svc -k s2
waitstate s2 "s2: down * seconds, normally up"
kill -0 "$p" 2>/dev/null && fail "svc -k left the service alive" || pass

# svc -x while the service runs: supervise stays until it ends; no restart.
svc -u s2
waitstate s2 "s2: up (pid *) * seconds"
svc -x s2
kill -0 "$SUP" && pass || fail "supervise left before its child"
svc -k s2
wait "$SUP"
check "svc -x with a child: exit 0 after it" 0 $?
check "status after exit: pid 0, want up" "000000000075" \
	"$(od -An -tx1 -j12 -N8 s2/supervise/status | tr -d ' \n')"
check "xstatus after exit: down" "0000000000750000" \
	"$(od -An -tx1 -j12 -N8 s2/supervise/xstatus | tr -d ' \n')"

# svc -dx in one command.
startsv s2
waitstate s2 "s2: up (pid *) * seconds"
svc -dx s2
: >s2/signals
svc -k s2 2>/dev/null
wait "$SUP"
check "svc -dx: exit 0" 0 $?

# The throttle is a deadline: a command sent right after a start is obeyed
# (0.76 sleeps through that second). How soon is a figure.
mksvc s3 'exec sleep 1000'
startsv s3
waitstate s3 "s3: up (pid *) * seconds"
svc -k s3
waitstate s3 "s3: up (pid *) * seconds"
t0=$(date +%s%N)
svc -d s3
waitstate s3 "s3: down * seconds, normally up" && pass
t1=$(date +%s%N)
printf 'svc -d right after a start: down after %d ms\n' $(((t1 - t0) / 1000000))
svc -x s3
wait "$SUP"

# A status write that fails is warned about and retried without a command.
startsv s3
waitstate s3 "s3: up (pid *) * seconds"
mkdir s3/supervise/status.new
svc -d s3
wait_for 5 grep -q "status.new" s3.err || fail "no warning for status.new"
check "status write failure warning" \
	"supervise: warning: unable to open s3/supervise/status.new: is a directory" \
	"$(grep status.new s3.err | head -n 1)"
check "old status kept" "75" "$(od -An -tx1 -j17 -N1 s3/supervise/status | tr -d ' ')"
svok s3 && pass || fail "supervise died of a failed status write"
rmdir s3/supervise/status.new
waitstate s3 "s3: down * seconds, normally up"
svc -x s3
wait "$SUP"

# Fork failure (as an unprivileged user with one process allowed): warned
# about, retried, and supervise keeps obeying commands meanwhile.
if [ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1; then
	chmod 755 "$T"
	mksvc s6 'exec sleep 1000'
	chown -R nobody s6
	# LeakSanitizer needs a thread at exit, which one process cannot have.
	t0=$(date +%s)
	ASAN_OPTIONS="${ASAN_OPTIONS:-}:detect_leaks=0" \
		setuidgid nobody softlimit -p 1 supervise s6 2>"$T/s6.err" &
	SUP=$!
	track "$SUP"
	wait_for 5 grep -q "unable to fork" "$T/s6.err" || fail "no fork warning"
	check "fork failure warning" \
		"supervise: warning: unable to fork for s6, sleeping 60 seconds: temporary failure" \
		"$(head -n 1 "$T/s6.err")"
	waitstate s6 "s6: down * seconds, normally up, want up"
	svc -dx s6
	wait "$SUP"
	check "svc -dx during the fork back-off: exit 0" 0 $?
	# The back-off ends 60 s after the failure, itself after t0.
	[ $(($(date +%s) - t0)) -lt 60 ] && pass || fail "svc -dx waited for the back-off"
else
	printf 'note: not root or no nobody user: fork failure not tested\n'
fi

# Crash loop: restarted, at most once a second (a slow machine makes
# fewer starts, never more).
mksvc s4 'echo x >>starts; exit 1'
t0=$(date +%s%N)
startsv s4
wait_for 5 sh -c 'test "$(wc -l <s4/starts)" -ge 3' || fail "crash loop: not restarted"
n=$(wc -l <s4/starts)
el=$((($(date +%s%N) - t0) / 1000000))
[ "$n" -le $((el / 1000 + 1)) ] && pass || fail "crash loop: $n starts in $el ms"
svc -dx s4
wait "$SUP"

# A run that cannot be executed: one message per attempt, supervise lives.
mkdir s5
startsv s5
wait_for 5 grep -q "unable to start" s5.err
check "missing run" "supervise: fatal: unable to start s5/run: file does not exist" \
	"$(head -n 1 s5.err)"
printf '#!/bin/sh\nexit 0\n' >s5/run
: >s5.err
wait_for 5 grep -q "unable to start" s5.err
check "run not executable" "supervise: fatal: unable to start s5/run: access denied" \
	"$(head -n 1 s5.err)"
printf 'no interpreter line\n' >s5/run
chmod +x s5/run
: >s5.err
wait_for 5 grep -q "unable to start" s5.err
check "run without #!" "supervise: fatal: unable to start s5/run: exec format error" \
	"$(head -n 1 s5.err)"
svok s5 && pass || fail "supervise died of a bad run"
svc -dx s5
wait "$SUP"

# 50 kill -9 of the service (10 in a sanitized build): a new pid each time.
startsv s3
waitstate s3 "s3: up (pid *) * seconds"
last=$(svpid s3)
nkill=$(scaled 50)
newpid() { cur=$(svpid s3); [ -n "$cur" ] && [ "$cur" != "$last" ]; }
i=0
while [ $i -lt "$nkill" ]; do
	kill -9 "$last"
	wait_for 6 newpid || { fail "no restart after kill $i"; break; }
	last=$cur
	i=$((i + 1))
done
check "$nkill kill -9: all restarted" "$nkill" "$i"
svok s3 && pass || fail "supervise died under kill -9"

# 64 KiB of random bytes that are not commands: ignored; supervise obeys
# afterwards.
head -c 200000 /dev/urandom | tr -d 'udopchaitkx' | head -c 65536 >junk
check "junk size" 65536 "$(wc -c <junk | tr -d ' ')"
cat junk >s3/supervise/control &
jp=$!
track $jp
wait $jp
svok s3 && pass || fail "supervise died of junk"
svc -d s3
waitstate s3 "s3: down * seconds, normally up"

# 10,000 commands from 4 parallel loops (2,000 in a sanitized build).
svc -u s3
waitstate s3 "s3: up (pid *) * seconds"
nstorm=$(scaled 2500)
storm() {
	i=0
	while [ $i -lt "$nstorm" ]; do svc -c s3; i=$((i + 1)); done
}
storm & s1p=$!; storm & s2p=$!; storm & s3p=$!; storm & s4p=$!
track $s1p; track $s2p; track $s3p; track $s4p
wait $s1p $s2p $s3p $s4p
svok s3 && pass || fail "supervise died in the storm"
waitstate s3 "s3: up (pid *) * seconds"
ticks=$(awk '{print $14 + $15}' /proc/"$SUP"/stat)
printf 'supervise CPU after %d commands: %s ticks (1/%s s)\n' $((nstorm * 4)) "$ticks" "$(getconf CLK_TCK)"
svc -d s3
waitstate s3 "s3: down * seconds, normally up"

# SIGTERM to supervise means svc -dx: the service goes, then supervise.
svc -u s3
waitstate s3 "s3: up (pid *) * seconds"
p=$(svpid s3)
kill -TERM "$SUP"
wait "$SUP"
check "SIGTERM: supervise exits 0" 0 $?
kill -0 "$p" 2>/dev/null && fail "SIGTERM left the service running" || pass
check "SIGTERM: want down" "64" "$(od -An -tx1 -j17 -N1 s3/supervise/status | tr -d ' ')"

# SIGHUP to supervise means svc -x: it waits for the service to end.
startsv s3
waitstate s3 "s3: up (pid *) * seconds"
p=$(svpid s3)
kill -HUP "$SUP"
sleep 0.2
kill -0 "$SUP" && pass || fail "SIGHUP: supervise left before its child"
kill "$p"
wait "$SUP"
check "SIGHUP: exit 0 once the service ended" 0 $?

finish
