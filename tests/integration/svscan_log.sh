# svscan_log.sh - a service directory built in place, file by file, gets
# its logger whatever the order and spacing of the writes (issue #11):
# run, log/ and the directory itself created in every order, 0, 0.2 and
# 2 s apart, all at once under one svscan. Every process that wrote into
# a log pipe has each of its numbered lines in the log, from its first to
# its last; the service ends up writing into the pipe its logger reads;
# svscan restarts a service at most once for it, and says so. Then: a
# service wanted down stays down when its supervise is replaced, one
# started by svc -u over a down file comes back up, one run once (svc -o)
# is run once more and one run once already is not, one that ignores TERM
# is killed after SVSCAN_GRACE (supervise_waiting.sh: how the next
# supervise is told); a running service is left alone while its log/ has
# no run or is no directory; watches go when the log comes or the entry
# goes;
# svscan does not wake up while nothing happens, and rescans every 5 s
# where a service cannot be watched. Figures: which services were
# restarted, pick-up times of a symlink and a mv. In the fallback build
# every step is found by the 5-s rescan; the checks of watches are left
# out.
. "$DAEMONBOX_SOURCE_DIR/tests/integration/lib.sh"

cd "$T" || exit 1
umask 022
PATH=$BIN:$PATH
export PATH
[ -r "/proc/$$/task/$$/children" ] || skip "no /proc/PID/task/PID/children"

now_ms() { echo $(($(date +%s%N) / 1000000)); }
T0=$(now_ms)
section() { printf '[%5d ms] %s\n' $(($(now_ms) - T0)) "$*"; }
cmdline() { tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null | sed 's/ $//'; }
kidpid() {	# kidpid PID ARGS: PID's child whose command line is ARGS
	for _c in $(children "$1"); do
		[ "$(cmdline "$_c")" = "$2" ] && echo "$_c"
	done
}
svpid() { svstat "$1" | sed -n 's/.*: up (pid \([0-9]*\)).*/\1/p'; }
isup() { svstat "$1" | grep -q ': up (pid'; }
isdown() { svstat "$1" | grep -q ': down '; }
alive() { kill -0 "$1" 2>/dev/null; }
fdlink() { readlink "/proc/$1/fd/$2"; }
# logged DIR: what DIR's logger wrote, oldest first.
logged() { cat "$1"/log/main/@* "$1"/log/main/current 2>/dev/null; }
# nlogged DIR PID: how many lines of PID reached DIR's log.
nlogged() { logged "$1" | awk -v p="$2" '$1 == p' | wc -l; }
has_lines() { [ "$(nlogged "$1" "$2")" -ge "$3" ]; }
# piped DIR: the service of DIR writes into the pipe its logger reads.
piped() {
	_s=$(svpid "$1")
	_l=$(svpid "$1/log")
	[ -n "$_s" ] && [ -n "$_l" ] || return 1
	case $(fdlink "$_s" 1) in pipe:*) ;; *) return 1 ;; esac
	[ "$(fdlink "$_s" 1)" = "$(fdlink "$_l" 0)" ]
}
# watches: how many directories svscan's inotify descriptor watches.
watches() {
	for _f in $(ls "/proc/$S/fd"); do
		[ "$(fdlink "$S" "$_f")" = "anon_inode:inotify" ] || continue
		grep -c '^inotify wd:' "/proc/$S/fdinfo/$_f"
		return
	done
	echo none
}
nwatches() { [ "$(watches)" = "$1" ]; }
# rescanned: returns once svscan has looked at every entry made before
# the call (fallback build, where it has no watch to say so): a marker
# service created now is started by a scan that may have begun before the
# call, a second one created once the first is up by one that began after.
rescanned() {
	for _m in mark1 mark2; do
		mkdir "s/$_m"
		printf '#!/bin/sh\nexec sleep 1000\n' >"s/$_m/run"
		chmod +x "s/$_m/run"
		wait_for 30 isup "s/$_m" || fail "$_m never started"
	done
	mv s/mark1 gone-mark1
	mv s/mark2 gone-mark2
	svc -dx gone-mark1 gone-mark2
	rm -rf gone-mark1 gone-mark2
}
announced() { grep -c "^svscan: warning: $1/log appeared: restarting $1 to connect its logger\$" scan.err; }

# The service: numbered lines "PID N" from 0, ten every 50 ms; on TERM it
# writes the last number into ./last and exits. A trap runs between two
# commands, so the number is counted in the command that writes it: with
# the count a command of its own, a TERM between the two made ./last one
# short of the log (seen about once in 150 stops).
cat >run <<'EOF'
#!/bin/sh
i=0
trap 'echo $((i - 1)) >last; exit 0' TERM
while :; do
	j=0
	while [ $j -lt 10 ]; do echo "$$ $(((i += 1) - 1))"; j=$((j + 1)); done
	sleep 0.05
done
EOF
chmod +x run
mkdir logtmpl
printf '#!/bin/sh\nexec multilog s16777215 ./main\n' >logtmpl/run
chmod +x logtmpl/run

# build ORDER DELAY NAME: creates s/NAME in place, step by step.
build() {
	_d=s/$3
	case $1 in
	runfirst)	# the issue's: mkdir S; cp run S/; sleep; cp -a log S/
		mkdir "$_d" && cp run "$_d/run"
		sleep "$2"
		cp -a logtmpl "$_d/log" ;;
	logfirst)
		mkdir "$_d" && cp -a logtmpl "$_d/log"
		sleep "$2"
		cp run "$_d/run" ;;
	mkdirfirst)
		mkdir "$_d"
		sleep "$2"
		cp run "$_d/run"
		sleep "$2"
		cp -a logtmpl "$_d/log" ;;
	logdirlate)	# log/ without its run for a while
		mkdir "$_d" && cp run "$_d/run"
		sleep "$2"
		mkdir "$_d/log"
		sleep "$2"
		cp logtmpl/run "$_d/log/run" ;;
	esac
}

# check_stream NAME: every process whose lines reached s/NAME's log has
# all of them there, from 0 on, each once and in order; the last one
# (stopped by svc -d) up to the number it wrote in ./last.
check_stream() {
	_last=$(cat "s/$1/last" 2>/dev/null)
	_p=$2
	logged "s/$1" | awk -v last="$_last" -v lastpid="$_p" '
		NF != 2 || $1 !~ /^[0-9]+$/ || $2 !~ /^[0-9]+$/ { bad++; next }
		{
			if (!($1 in next_)) { pids++; if ($2 != 0) gaps++ }
			else if ($2 != next_[$1]) gaps++
			next_[$1] = $2 + 1
			lines++
		}
		END {
			if (!(lastpid in next_) || next_[lastpid] != last + 1) tail = 1
			printf "lines %d pids %d bad %d gaps %d tail %d\n",
				lines, pids, bad + 0, gaps + 0, tail + 0
		}'
}

mkdir s
(cd s && SVSCAN_GRACE=1 exec setsid svscan -i) </dev/null >scan.out 2>scan.err &
S=$!
track $S
GROUPS_="$GROUPS_ $S"
if fallback; then
	in_s() { [ "$(readlink "/proc/$S/cwd")" = "$T/s" ]; }
	wait_for 10 in_s || fail "svscan never went into its directory"
	check "fallback build: no directory watch" none "$(watches)"
else
	wait_for 10 nwatches 1 || fail "svscan does not watch its directory: $(watches)"
fi

# --- every order, 0, 0.2 and 2 s apart, all at once ----------------------
section "every order, 0, 0.2 and 2 s apart"
names=
bpids=
for order in runfirst logfirst mkdirfirst logdirlate; do
	for delay in 0 0.2 2; do
		n=$order-$(echo $delay | tr . _)
		names="$names $n"
		build $order $delay $n &
		bpids="$bpids $!"
	done
done
for p in $bpids; do wait $p; done
section "all written"
for n in $names; do
	wait_for 30 piped s/$n || fail "$n: the service does not write into its logger's pipe ($(svstat s/$n s/$n/log))"
	pid=$(svpid s/$n)
	wait_for 30 has_lines s/$n "$pid" 20 || fail "$n: the logger got no lines from the service"
done
section "every service writes into its logger"
restarted=
for n in $names; do
	a=$(announced $n)
	[ "$a" -gt 0 ] && restarted="$restarted $n"
	[ "$a" -le 1 ] && pass || fail "$n restarted $a times"
done
printf 'restarted to connect the logger:%s\n' "${restarted:- none}"
for n in $names; do
	pid=$(svpid s/$n)
	svc -d s/$n
	wait_for 30 isdown s/$n || fail "$n did not go down"
	wait_for 30 test -s s/$n/last || fail "$n wrote no last number"
	last=$(cat s/$n/last 2>/dev/null)
	logged_last() { logged s/$n | awk -v p="$pid" '$1 == p { l = $2 } END { print l }'; }
	caught_up() { [ "$(logged_last)" = "$last" ]; }
	wait_for 30 caught_up
	r=$(check_stream $n "$pid")
	printf '%s: %s\n' "$n" "$r"
	set -- $r
	check "$n: lines in order, none missing, none garbled" "bad 0 gaps 0" "$5 $6 $7 $8"
	check "$n: the log has every line up to the last one" "tail 0" "$9 ${10}"
done
# (supervise's complaints about a run or log/run not there yet are not
# svscan's business)
check "svscan said nothing else" "" "$(grep '^svscan:' scan.err | grep -v 'log appeared: restarting')"
check "nothing but the restarted services' lines on svscan's output" "" \
	"$(awk '$1 !~ /^[0-9]+$/' scan.out)"

# --- a service wanted down stays down -------------------------------------
section "a service wanted down stays down; one brought up over a down file comes back"
mkdir s/down s/updown
cp run s/down/run
cp run s/updown/run
: >s/updown/down
wait_for 10 isup s/down || fail "down: never up"
wait_for 10 test -p s/updown/supervise/control || fail "updown: no supervise"
svc -d s/down
svc -u s/updown
wait_for 10 isdown s/down || fail "down: not down"
wait_for 10 isup s/updown || fail "updown: svc -u did not start it"
SD=$(kidpid $S "supervise down")
SU=$(kidpid $S "supervise updown")
oldup=$(svpid s/updown)
cp -a logtmpl s/down/log
cp -a logtmpl s/updown/log
# (wait_for counts in $_n)
newsup() { _ns=$(kidpid $S "supervise $1"); [ -n "$_ns" ] && [ "$_ns" != "$2" ]; }
wait_for 10 newsup down "$SD" || fail "down: its supervise was not replaced"
wait_for 10 newsup updown "$SU" || fail "updown: its supervise was not replaced"
wait_for 10 isup s/down/log || fail "down: logger not up"
wait_for 10 piped s/updown || fail "updown: not up on the pipe: $(svstat s/updown)"
check "down: still down after its supervise was replaced" yes "$(isdown s/down && echo yes)"
[ "$(svpid s/updown)" != "$oldup" ] && pass || fail "updown: not restarted"
check "down: no restart announced" 0 "$(announced down)"
check "updown: its restart announced" 1 "$(announced updown)"
check "down: the new supervise writes into the pipe" \
	"$(fdlink "$(svpid s/down/log)" 0)" "$(fdlink "$(kidpid $S "supervise down")" 1)"
# Run once (svc -o): once more, on the pipe; once and done: stays down.
mkdir s/once s/oncedone
cp run s/once/run
printf '#!/bin/sh\necho done\nexec sleep 1000\n' >s/oncedone/run
chmod +x s/oncedone/run
: >s/once/down
wait_for 10 test -p s/once/supervise/control || fail "once: no supervise"
wait_for 10 isup s/oncedone || fail "oncedone: not up"
svc -o s/once
svc -ot s/oncedone	# run once, and that once is over
wait_for 10 isup s/once || fail "once: svc -o did not start it"
wait_for 10 grep -qx done scan.out || fail "oncedone: did not run"
wait_for 10 isdown s/oncedone || fail "oncedone: still up"
oldonce=$(svpid s/once)
cp -a logtmpl s/once/log
cp -a logtmpl s/oncedone/log
wait_for 10 piped s/once || fail "once: not up again on the pipe"
wait_for 10 isup s/oncedone/log || fail "oncedone: logger not up"
[ "$(svpid s/once)" != "$oldonce" ] && pass || fail "once: not restarted"
wantof() { svstat -j "$1" | sed -n 's/.*"want":"\([a-z]*\)".*/\1/p'; }
check "once: still run once" once "$(wantof s/once)"
newsupd() { [ -n "$(kidpid $S "supervise oncedone")" ] && [ "$(fdlink "$(kidpid $S "supervise oncedone")" 1)" = "$(fdlink "$(svpid s/oncedone/log)" 0)" ]; }
wait_for 10 newsupd || fail "oncedone: its supervise not replaced onto the pipe"
check "oncedone: stays down" yes "$(isdown s/oncedone && echo yes)"
check "once, oncedone: announced" "1 0" "$(announced once) $(announced oncedone)"
check "oncedone: ran once only" 1 "$(grep -cx done scan.out)"

svc -u s/down
wait_for 10 piped s/down || fail "down: svc -u did not start it on the pipe"
pid=$(svpid s/down)
wait_for 10 has_lines s/down "$pid" 20 || fail "down: no lines in the log after svc -u"

# --- a log/ with no logger to run: the service is left as it is ----------
section "a log/ without run, or not a directory: the running service is left alone"
mkdir s/norun s/filelog
cp run s/norun/run
cp run s/filelog/run
wait_for 10 isup s/norun && wait_for 10 isup s/filelog || fail "norun, filelog: not up"
pn=$(svpid s/norun)
pf=$(svpid s/filelog)
: >s/filelog/log
mkdir s/norun/log
# svscan watches norun/log for its run once it has looked at it, and by
# then at filelog's log too, which is older.
watched_ino() {
	_i=$(printf '%x' "$(stat -c %i "$1")")
	for _f in $(ls "/proc/$S/fd"); do
		[ "$(fdlink "$S" "$_f")" = "anon_inode:inotify" ] &&
			grep -q "^inotify wd:.* ino:$_i " "/proc/$S/fdinfo/$_f" && return 0
	done
	return 1
}
if fallback; then
	rescanned
else
	wait_for 10 watched_ino s/norun/log || fail "norun/log: not watched for its run"
fi
check "norun: same process, still on svscan's output" "$pn $T/scan.out" \
	"$(svpid s/norun) $(fdlink "$pn" 1)"
check "filelog: same process, still on svscan's output" "$pf $T/scan.out" \
	"$(svpid s/filelog) $(fdlink "$pf" 1)"
check "norun, filelog: no restart announced" "0 0" "$(announced norun) $(announced filelog)"
cp logtmpl/run s/norun/log/run
wait_for 10 piped s/norun || fail "norun: not on the pipe once log/run came"
rm s/filelog/log
cp -a logtmpl s/filelog/log
wait_for 10 piped s/filelog || fail "filelog: not on the pipe once log/ came"
check "norun, filelog: one restart each" "1 1" "$(announced norun) $(announced filelog)"

# --- a service that ignores TERM -----------------------------------------
section "a service that ignores TERM is killed after SVSCAN_GRACE"
mkdir s/deaf
sed 's/^trap .*/trap "" TERM/' run >s/deaf/run
chmod +x s/deaf/run
wait_for 10 isup s/deaf || fail "deaf: never up"
old=$(svpid s/deaf)
t0=$(now_ms)
cp -a logtmpl s/deaf/log
wait_for 30 piped s/deaf || fail "deaf: not restarted on the pipe: $(svstat s/deaf)"
printf 'deaf service on the pipe after %d ms (SVSCAN_GRACE=1)\n' $(($(now_ms) - t0))
dead "$old" && pass || fail "deaf: the old service still runs"
check "deaf: its restart announced" 1 "$(announced deaf)"

# --- symlink and mv of complete directories: at once, with their logger ---
section "a complete directory linked or moved in"
for how in ln mv; do
	mkdir -p staged/$how
	printf '#!/bin/sh\n: >started\nexec sleep 1000\n' >staged/$how/run
	chmod +x staged/$how/run
	cp -a logtmpl staged/$how/log
	t0=$(now_ms)
	case $how in
	ln) ln -s ../staged/ln s/ln ;;
	mv) mv staged/mv s/mv ;;
	esac
	d=staged/ln
	[ $how = mv ] && d=s/mv
	wait_for 10 test -e $d/started || fail "$how: never started"
	printf 'pick-up (%s in -> run started): %d ms\n' $how $(($(now_ms) - t0))
	wait_for 10 isup $d/log || fail "$how: logger not up"
	check "$how: no restart" 0 "$(announced $how)"
done

# --- watches: only entries without a log; none once forgotten -------------
section "watches, and no wake-ups while idle"
mkdir s/plain
printf '#!/bin/sh\nexec sleep 1000\n' >s/plain/run
chmod +x s/plain/run
wait_for 10 isup s/plain || fail "plain: never up"
if fallback; then
	skipcheck "watches, and no wake-up while idle: no watches in this" \
	    "build, and a rescan every 5 s"
	mv s/plain gone
	svc -dx gone
else
# The scan directory and plain; every other service has its log.
wait_for 10 nwatches 2 || fail "watches with one log-less service: $(watches), wanted 2"
sleep 0.5
v0=$(sed -n 's/^voluntary_ctxt_switches:[[:space:]]*//p' /proc/$S/status)
sleep 1.5
v1=$(sed -n 's/^voluntary_ctxt_switches:[[:space:]]*//p' /proc/$S/status)
check "svscan idle for 1.5 s: no wake-up" 0 $((v1 - v0))
mv s/plain gone
svc -dx gone
kill -HUP $S
wait_for 10 nwatches 1 || fail "watches once plain is forgotten: $(watches), wanted 1"
fi

# --- no watch to be had: the 5-second rescan finds the log ---------------
section "no watch to be had: the 5-second rescan finds the log"
# A user namespace has its own limit on inotify watches: one, for the
# scan directory.
LIMIT1='echo 1 >/proc/sys/user/max_inotify_watches && cd "$1" && exec svscan -i'
if fallback; then
	skipcheck "no watch to be had: nothing is watched in this build, where" \
	    "every log above was found by the rescan"
elif unshare --user --map-root-user sh -c 'echo 1 >/proc/sys/user/max_inotify_watches' 2>/dev/null; then
	mkdir s2
	mkdir s2/nw && cp run s2/nw/run
	(exec setsid unshare --user --map-root-user sh -c "$LIMIT1" sh s2) \
		</dev/null >s2.out 2>s2.err &
	S2=$!
	track $S2
	GROUPS_="$GROUPS_ $S2"
	wait_for 10 isup s2/nw || fail "nw: never up"
	wait_for 10 grep -q 'unable to watch' s2.err
	case $(head -n 1 s2.err) in
	"svscan: warning: unable to watch nw for a new log, rescanning every 5 seconds: too many watches") pass ;;
	*) fail "no watch: the warning: $(head -n 1 s2.err)" ;;
	esac
	t0=$(now_ms)
	cp -a logtmpl s2/nw/log
	wait_for 30 piped s2/nw || fail "nw: the log was not found by the rescan"
	printf 'no watch: log connected after %d ms (rescan every 5 s)\n' $(($(now_ms) - t0))
	check "no watch: warned once" 1 "$(grep -c 'unable to watch' s2.err)"
	kill -TERM $S2
	wait_for 30 dead $S2 || fail "svscan in the user namespace did not exit"
else
	printf 'SKIP no watch: no user namespace with its own inotify limit here\n'
fi

# --- the end: svscan -i takes everything down -----------------------------
section "shutdown"
kill -TERM $S
wait_for 30 dead $S || fail "svscan -i did not exit"
wait $S
check "svscan -i exit code" 0 $?
check "svscan's messages at the end" "" "$(grep '^svscan:' scan.err | grep -v 'log appeared: restarting')"
section "done"
finish
