#!/usr/bin/env bash
# supervise.sh - what a supervisor costs, daemonbox next to daemontools 0.76,
# s6-supervise and runsv (and busybox's static svc/svok for call latency).
#
# usage: tests/bench/supervise.sh [DAEMONBOX [STATIC_DAEMONBOX]]
#   DAEMONBOX         the built binary (default: build/daemonbox at the top)
#   STATIC_DAEMONBOX  a second build, measured in its own column, e.g.
#       CC=musl-gcc cmake -S . -B build-musl -DDAEMONBOX_STATIC=ON \
#           -DDAEMONBOX_UNIT_TESTS=OFF -DCMAKE_BUILD_TYPE=MinSizeRel &&
#       cmake --build build-musl
# Environment (defaults in brackets):
#   IDLE_SECONDS [60]   how long the idle supervisors are watched
#   CRASH_SECONDS [20]  how long a crash-looping service is supervised
#   SUPERVISORS [20]    copies of each supervisor for memory and idle
#   KILL_ROUNDS [10]    kills per supervisor for the restart latency
#   CALLS [500]         runs per figure for the call latency
#   DT_REFERENCE [/usr/bin]  where daemontools 0.76 is; BUSYBOX [/bin/busybox]
# A missing program's column says "absent". Runs in about
# IDLE_SECONDS + CRASH_SECONDS + 35 s. Needs bash (EPOCHREALTIME), perl
# (Time::HiRes), Linux's /proc, and paths without blanks. The service
# directories live in $TMPDIR (default /tmp): every status write of every
# supervisor here is a create + rename, so the crash-loop and kill rows
# depend on that file system (compare TMPDIR=/dev/shm).
#
# What each row means:
#   PSS/RSS/private  mean per supervisor of Pss, Rss, Private_* from
#       /proc/PID/smaps_rollup, with SUPERVISORS copies of every kind up at
#       once (services: exec sleep 100000). PSS splits shared pages among
#       their users, so the static binary's text counts 1/N per copy, and
#       libc's is split among every process that maps it (the sleeps too).
#   wake-ups  voluntary + nonvoluntary context switches of all SUPERVISORS
#       copies together over IDLE_SECONDS, services running (goal: 0).
#   crash CPU  the supervisor's own CPU time (not its children's) while its
#       run is `exit 1`, over CRASH_SECONDS, counted from 1.5 s after its
#       start: ms from /proc/PID/schedstat (ns resolution) and, beside it,
#       utime+stime from /proc/PID/stat (1/CLK_TCK steps, often 10 ms).
#       `starts` is how often run ran meanwhile: every supervisor waits 1 s
#       between starts, but not in the same way, so read the two together.
#   kill->pid  median time from writing `k` into supervise/control (what
#       svc -k, s6-svc -k and sv kill do; written directly so the tool's
#       own start-up is not in it) to a new pid in supervise/status, over
#       KILL_ROUNDS kills. Each kill waits until its service has been up
#       for 1.2 s, since all of them hold restarts 1 s apart; the kinds
#       take turns, so a round costs a little over a second for all.
#   call rows  median wall time of one run of the tool from bash, fork and
#       exec included (that is the point: it is what a script pays), from
#       $EPOCHREALTIME before and after, over CALLS runs; the tools take
#       turns, one run each per round, so a busy moment hits all alike.
#       svc -c (SIGCONT, harmless) stands for control; sv cont/status for
#       runit, s6-svc -c, s6-svstat, s6-svok for s6; busybox runs on
#       daemonbox's service dir.
#       The true row is the floor, fork + exec + exit alone: /bin/true
#       (dynamic) and busybox true (static).

set -u
export LC_ALL=C
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
bin=${1:-$top/build/daemonbox}
sbin=${2:-}
idle=${IDLE_SECONDS:-60}
crash=${CRASH_SECONDS:-20}
nsup=${SUPERVISORS:-20}
rounds=${KILL_ROUNDS:-10}
calls=${CALLS:-500}
ref=${DT_REFERENCE:-/usr/bin}
busybox=${BUSYBOX:-/bin/busybox}

usage() {
	echo "usage: supervise.sh [DAEMONBOX [STATIC_DAEMONBOX]]" \
	    "(env: IDLE_SECONDS CRASH_SECONDS SUPERVISORS KILL_ROUNDS CALLS)" >&2
	exit 100
}
for v in "$idle" "$crash" "$nsup" "$rounds" "$calls"; do
	case $v in '' | *[!0-9]* | 0) usage ;; esac
done
absolute() { (cd "$(dirname "$1")" && echo "$(pwd)/$(basename "$1")"); }
for b in "$bin" ${sbin:+"$sbin"}; do
	if [ ! -x "$b" ] || [ -d "$b" ]; then
		echo "supervise.sh: $b is not an executable (build first, or pass its path)" >&2
		exit 100
	fi
done
bin=$(absolute "$bin")
[ -n "$sbin" ] && sbin=$(absolute "$sbin")
if ! perl -MTime::HiRes -e 1 2>/dev/null; then
	echo "supervise.sh: needs perl with Time::HiRes" >&2
	exit 100
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/daemonbox-bench.XXXXXX") || exit 111
case $tmp$bin$sbin in *[[:space:]]*)
	echo "supervise.sh: paths with blanks are not supported" >&2
	rmdir "$tmp"
	exit 100 ;;
esac
declare -A LIVE	# the supervisors this script started and has not killed
cleanup() {
	stop_sups "${!LIVE[@]}"
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP
cd "$tmp" || exit 111

note() { echo "$*" >&2; }

# scan_procs: KIDS[ppid] = " pid pid...", COMM[pid] = comm, from /proc.
declare -A KIDS COMM
scan_procs() {
	local f line rest comm
	KIDS=()
	COMM=()
	for f in /proc/[0-9]*/stat; do
		{ read -r line <"$f"; } 2>/dev/null || continue
		comm=${line#*\(}
		comm=${comm%\)*}
		rest=${line##*\) }
		set -- $rest
		KIDS[$2]+=" ${line%% *}"
		COMM[${line%% *}]=$comm
	done
}

# stop_sups PID...: stop each supervisor (so it starts nothing more), then
# kill it and the children it had, all by pid.
stop_sups() {
	local p k
	[ $# -gt 0 ] || return 0
	for p; do kill -STOP "$p" 2>/dev/null; done
	scan_procs
	for p; do
		kill -KILL "$p" 2>/dev/null
		for k in ${KIDS[$p]:-}; do kill -KILL "$k" 2>/dev/null; done
		unset "LIVE[$p]"	# its pid may be reused from now on
	done
}

# ---- the kinds of supervisor -------------------------------------------
# KIND: label, supervisor command, status format (djb = 0.76's 18 bytes,
# which runit's and ours begin with; s6 = s6's own), tool commands.
KINDS=()
declare -A LABEL SUPCMD FMT SVSTAT SVC SVOK WHY
LABEL[db]=daemonbox LABEL[dbs]=static LABEL[djb]=djb-0.76
LABEL[s6]=s6 LABEL[runit]=runit LABEL[bb]=busybox LABEL[true]=/bin/true

mkdir "$tmp/bin-db" && "$bin" --install "$tmp/bin-db" >/dev/null || exit 111
KINDS+=(db)
SUPCMD[db]="$tmp/bin-db/supervise" FMT[db]=djb
SVSTAT[db]="$tmp/bin-db/svstat" SVC[db]="$tmp/bin-db/svc -c" SVOK[db]="$tmp/bin-db/svok"
if [ -n "$sbin" ]; then
	mkdir "$tmp/bin-dbs" && "$sbin" --install "$tmp/bin-dbs" >/dev/null || exit 111
	KINDS+=(dbs)
	SUPCMD[dbs]="$tmp/bin-dbs/supervise" FMT[dbs]=djb
	SVSTAT[dbs]="$tmp/bin-dbs/svstat" SVC[dbs]="$tmp/bin-dbs/svc -c"
	SVOK[dbs]="$tmp/bin-dbs/svok"
else
	WHY[dbs]="no static daemonbox given (second argument)"
fi
if [ -x "$ref/supervise" ] && [ -x "$ref/svc" ] && [ -x "$ref/svstat" ] && [ -x "$ref/svok" ]; then
	KINDS+=(djb)
	SUPCMD[djb]="$ref/supervise" FMT[djb]=djb
	SVSTAT[djb]="$ref/svstat" SVC[djb]="$ref/svc -c" SVOK[djb]="$ref/svok"
else
	WHY[djb]="no daemontools in $ref (DT_REFERENCE)"
fi
if command -v s6-supervise >/dev/null && command -v s6-svc >/dev/null &&
    command -v s6-svstat >/dev/null && command -v s6-svok >/dev/null; then
	KINDS+=(s6)
	SUPCMD[s6]=$(command -v s6-supervise) FMT[s6]=s6
	SVSTAT[s6]=$(command -v s6-svstat) SVC[s6]="$(command -v s6-svc) -c"
	SVOK[s6]=$(command -v s6-svok)
else
	WHY[s6]="s6-supervise, s6-svc, s6-svstat or s6-svok not in PATH"
fi
if command -v runsv >/dev/null && command -v sv >/dev/null; then
	KINDS+=(runit)
	SUPCMD[runit]=$(command -v runsv) FMT[runit]=djb
	SVSTAT[runit]="$(command -v sv) status" SVC[runit]="$(command -v sv) cont"
	SVOK[runit]=	# runit has no svok
else
	WHY[runit]="runsv or sv not in PATH"
fi
# busybox: only the applets it has; svstat's place is taken by sv status.
bb_list=
if [ -x "$busybox" ]; then
	bb_list=" $("$busybox" --list 2>/dev/null | tr '\n' ' ') "
	mkdir "$tmp/bin-bb"
	for a in svc svok sv; do
		case $bb_list in *" $a "*) ln -s "$busybox" "$tmp/bin-bb/$a" ;; esac
	done
	[ -e "$tmp/bin-bb/sv" ] && SVSTAT[bb]="$tmp/bin-bb/sv status"
	[ -e "$tmp/bin-bb/svc" ] && SVC[bb]="$tmp/bin-bb/svc -c"
	[ -e "$tmp/bin-bb/svok" ] && SVOK[bb]="$tmp/bin-bb/svok"
else
	WHY[bb]="no $busybox (BUSYBOX)"
fi

# mksvc DIR BODY: a service directory whose run is a sh script.
mksvc() {
	mkdir -p "$1" && printf '#!/bin/sh\n%s\n' "$2" >"$1/run" && chmod +x "$1/run"
}

# startsup KIND DIR: start the supervisor in the background; pid in $SUP.
startsup() {
	${SUPCMD[$1]} "$2" </dev/null >>"$tmp/$1.log" 2>&1 &
	SUP=$!
	disown "$SUP"
	LIVE[$SUP]=1
}

# svcpid KIND DIR: the pid in DIR/supervise/status (0 if down, -1 if none).
svcpid() {
	perl -e '
		my ($fmt, $f) = @ARGV; my $b = "";
		open(my $h, "<:raw", $f) or do { print "-1\n"; exit };
		read($h, $b, 64); close $h;
		if ($fmt eq "s6") { print length($b) >= 32 ? unpack("x28 N", $b) : -1 }
		else { print length($b) >= 18 ? unpack("x12 V", $b) : -1 }
		print "\n"' "${FMT[$1]}" "$2/supervise/status"
}

# ---- 1. memory -----------------------------------------------------------
declare -A PIDS R	# PIDS[kind] = its supervisors; R[row,kind] = figure
note "starting $nsup supervisors of each kind: ${KINDS[*]}"
for k in "${KINDS[@]}"; do
	PIDS[$k]=
	for ((i = 1; i <= nsup; i++)); do
		mksvc "$tmp/$k/$i" 'exec sleep 100000'
		startsup "$k" "$tmp/$k/$i"
		PIDS[$k]+=" $SUP"
	done
done
# Up means: the supervisor's child is sleep and the status names it.
deadline=$((SECONDS + 20))
while :; do
	scan_procs
	missing=0
	for k in "${KINDS[@]}"; do
		for p in ${PIDS[$k]}; do
			if [ ! -e "/proc/$p" ]; then
				note "supervise.sh: a ${LABEL[$k]} supervisor died; see $tmp/$k.log:"
				cat "$tmp/$k.log" >&2
				exit 111
			fi
			c=${KIDS[$p]:-}
			c=${c# }
			[ -n "$c" ] && [ "${COMM[${c%% *}]:-}" = sleep ] || missing=$((missing + 1))
		done
	done
	[ "$missing" = 0 ] && break
	if [ "$SECONDS" -ge "$deadline" ]; then
		note "supervise.sh: $missing services did not come up in 20 s"
		exit 111
	fi
	sleep 0.1
done
for k in "${KINDS[@]}"; do
	i=1
	for p in ${PIDS[$k]}; do
		c=${KIDS[$p]# }
		if [ "$(svcpid "$k" "$tmp/$k/$i")" != "${c%% *}" ]; then
			note "supervise.sh: ${LABEL[$k]}: status file does not name pid ${c%% *}"
			exit 111
		fi
		i=$((i + 1))
	done
done
# djb's supervise sleeps 1 s after each start; let that and the status
# writes after the starts pass before anything is measured.
sleep 2
for k in "${KINDS[@]}"; do
	pss=0 rss=0 priv=0
	for p in ${PIDS[$k]}; do
		while read -r key val _; do
			case $key in
			Pss:) pss=$((pss + val)) ;;
			Rss:) rss=$((rss + val)) ;;
			Private_Clean: | Private_Dirty:) priv=$((priv + val)) ;;
			esac
		done <"/proc/$p/smaps_rollup"
	done
	R[pss,$k]=$(awk -v a="$pss" -v n="$nsup" 'BEGIN { printf "%.1f", a / n }')
	R[rss,$k]=$(awk -v a="$rss" -v n="$nsup" 'BEGIN { printf "%.1f", a / n }')
	R[priv,$k]=$(awk -v a="$priv" -v n="$nsup" 'BEGIN { printf "%.1f", a / n }')
done

# ---- 2. idle wake-ups ------------------------------------------------------
ctxsw() {	# ctxsw PID...: sum of context switches so far
	local p key val n=0
	for p; do
		while read -r key val; do
			case $key in
			voluntary_ctxt_switches: | nonvoluntary_ctxt_switches:) n=$((n + val)) ;;
			esac
		done <"/proc/$p/status"
	done
	echo "$n"
}
declare -A CS0
for k in "${KINDS[@]}"; do CS0[$k]=$(ctxsw ${PIDS[$k]}); done
note "watching the idle supervisors for $idle s"
sleep "$idle"
for k in "${KINDS[@]}"; do R[wake,$k]=$(($(ctxsw ${PIDS[$k]}) - ${CS0[$k]})); done

# ---- 3. crash loop ---------------------------------------------------------
cpu_ns() { local a; read -r a _ <"/proc/$1/schedstat"; echo "$a"; }
cpu_ticks() {
	local line
	read -r line <"/proc/$1/stat"
	set -- ${line##*\) }
	echo $((${12} + ${13}))	# utime, stime: fields 14 and 15
}
starts() { [ -f "$1" ] && wc -l <"$1" | tr -d ' ' || echo 0; }
declare -A CSUP NS0 TK0 ST0
crash_sups=()
for k in "${KINDS[@]}"; do
	mksvc "$tmp/crash-$k" 'echo >>starts; exit 1'
	startsup "$k" "$tmp/crash-$k"
	CSUP[$k]=$SUP
	crash_sups+=("$SUP")
done
sleep 1.5
for k in "${KINDS[@]}"; do
	NS0[$k]=$(cpu_ns "${CSUP[$k]}") TK0[$k]=$(cpu_ticks "${CSUP[$k]}")
	ST0[$k]=$(starts "$tmp/crash-$k/starts")
done
note "crash-looping a service under each supervisor for $crash s"
sleep "$crash"
tck=$(getconf CLK_TCK 2>/dev/null || echo 100)
for k in "${KINDS[@]}"; do
	p=${CSUP[$k]}
	R[cpu,$k]=$(awk -v a="$(cpu_ns "$p")" -v b="${NS0[$k]}" 'BEGIN { printf "%.2f", (a - b) / 1e6 }')
	R[tick,$k]=$(( ($(cpu_ticks "$p") - ${TK0[$k]}) * 1000 / tck ))
	R[starts,$k]=$(($(starts "$tmp/crash-$k/starts") - ${ST0[$k]}))
done
stop_sups "${crash_sups[@]}"

# ---- 4. restart latency ----------------------------------------------------
cat >"$tmp/kill.pl" <<'EOF'
# kill.pl ROUNDS KIND:FMT:DIR:SUPPID... - kill each service through its
# control fifo and time until a new pid is in its status file.
use strict; use warnings;
use Fcntl; use Time::HiRes qw(time usleep sleep);
my ($rounds, @svc) = @ARGV;
sub pid_of {
	my ($fmt, $dir) = @_; my $b = "";
	open(my $h, "<:raw", "$dir/supervise/status") or return -1;
	read($h, $b, 64); close $h;
	return length($b) >= 32 ? unpack("x28 N", $b) : -1 if $fmt eq "s6";
	return length($b) >= 18 ? unpack("x12 V", $b) : -1;
}
my (%lat, %up);
for my $r (1 .. $rounds) {
	for my $s (@svc) {
		my ($kind, $fmt, $dir) = split /:/, $s;
		my $old = pid_of($fmt, $dir);
		my $t0 = time;
		sysopen(my $c, "$dir/supervise/control", O_WRONLY | O_NONBLOCK)
		    or die "$kind: control: $!\n";
		syswrite($c, "k") == 1 or die "$kind: write: $!\n";
		close $c;
		my ($p, $t1);
		do {
			$p = pid_of($fmt, $dir); $t1 = time;
			die "$kind: no new pid after 5 s\n" if $t1 - $t0 > 5;
			usleep(50) unless $p > 0 && $p != $old;
		} until ($p > 0 && $p != $old);
		push @{$lat{$kind}}, ($t1 - $t0) * 1000;
		$up{$kind} = $t1;
	}
	my $last = 0;
	for (values %up) { $last = $_ if $_ > $last }
	my $wait = $last + 1.2 - time;
	sleep($wait) if $wait > 0 && $r < $rounds;
}
for my $k (sort keys %lat) {
	my @v = sort { $a <=> $b } @{$lat{$k}};
	my $n = @v;
	my $med = $n % 2 ? $v[$n / 2] : ($v[$n / 2 - 1] + $v[$n / 2]) / 2;
	printf "%s %.2f %.2f %.2f\n", $k, $med, $v[0], $v[-1];
}
EOF
args=()
for k in "${KINDS[@]}"; do args+=("$k:${FMT[$k]}:$tmp/$k/1"); done
note "killing each service $rounds times (about $((rounds * 11 / 10)) s)"
if out=$(perl "$tmp/kill.pl" "$rounds" "${args[@]}" 2>"$tmp/kill.err"); then
	while read -r k med lo hi; do
		R[kill,$k]=$med
		R[killr,$k]="$lo-$hi"
	done <<<"$out"
else
	note "restart latency failed: $(cat "$tmp/kill.err")"
fi

# ---- 5. call latency -------------------------------------------------------
# Every figure's tool runs once per round, all of them in turn, so load
# from elsewhere on the machine falls on all of them alike. CALL[id] is the
# command line, TIMES[id] its microseconds, one per line.
declare -A CALL TIMES
addcall() {	# addcall ROW KIND CMD...: time CMD under R[ROW,KIND]
	local id=$1,$2
	shift 2
	if "$@" >/dev/null 2>&1; then
		CALL[$id]="$*"
		TIMES[$id]=
	else
		R[$id]=failed
	fi
}
for k in "${KINDS[@]}" bb; do
	dir=$tmp/$k/1
	[ "$k" = bb ] && dir=$tmp/db/1
	[ -n "${SVSTAT[$k]:-}" ] && addcall svstat "$k" ${SVSTAT[$k]} "$dir"
	[ -n "${SVC[$k]:-}" ] && addcall svc "$k" ${SVC[$k]} "$dir"
	[ -n "${SVOK[$k]:-}" ] && addcall svok "$k" ${SVOK[$k]} "$dir"
done
addcall floor true /bin/true
case $bb_list in *" true "*) addcall floor bb "$busybox" true ;; esac
note "timing $calls calls of each of ${#CALL[@]} tools, in turn"
for ((i = 0; i < calls; i++)); do
	for id in "${!CALL[@]}"; do
		t0=$EPOCHREALTIME
		${CALL[$id]} >/dev/null 2>&1
		t1=$EPOCHREALTIME
		TIMES[$id]+="$((${t1/./} - ${t0/./}))
"
	done
done
for id in "${!CALL[@]}"; do
	R[$id]=$(printf '%s' "${TIMES[$id]}" | sort -n | awk '
		{ v[NR] = $1 }
		END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		      printf "%.3f", m / 1000 }')
done

# ---- the table -------------------------------------------------------------
cols=(db dbs djb s6 runit bb true)
rows=(pss rss priv wake cpu tick starts kill killr svstat svc svok floor)
declare -A RLAB
RLAB[pss]="PSS kB / supervisor"
RLAB[rss]="RSS kB / supervisor"
RLAB[priv]="private kB / supervisor"
RLAB[wake]="wake-ups, ${nsup}x idle ${idle} s"
RLAB[cpu]="crash CPU ms / ${crash} s"
RLAB[tick]="  same, stat ticks ms"
RLAB[starts]="  starts in ${crash} s"
RLAB[kill]="kill->new pid ms (med)"
RLAB[killr]="  min-max of ${rounds}"
RLAB[svstat]="svstat call ms (med)"
RLAB[svc]="svc -c call ms (med)"
RLAB[svok]="svok call ms (med)"
RLAB[floor]="true call ms (med)"
present() {	# is the column's program there at all?
	case $1 in
	true) return 0 ;;
	bb) [ -x "$busybox" ] ;;
	*) [ -z "${WHY[$1]:-}" ] ;;
	esac
}
echo
echo "supervise benchmark: $nsup supervisors of each kind; idle ${idle} s;" \
    "crash loop ${crash} s; $rounds kills; $calls calls per figure"
echo "daemonbox: $bin"
[ -n "$sbin" ] && echo "static:    $sbin"
echo "service dirs in $tmp ($(stat -f -c %T "$tmp" 2>/dev/null || echo '?')):" \
    "status writes cost what this file system makes them cost"
printf '%-26s' ""
for c in "${cols[@]}"; do printf ' %10s' "${LABEL[$c]}"; done
echo
for r in "${rows[@]}"; do
	printf '%-26s' "${RLAB[$r]}"
	for c in "${cols[@]}"; do
		if present "$c"; then v=${R[$r,$c]:--}; else v=absent; fi
		printf ' %10s' "$v"
	done
	echo
done
for c in "${cols[@]}"; do
	[ -n "${WHY[$c]:-}" ] && echo "note: ${LABEL[$c]} skipped: ${WHY[$c]}"
done
[ -x "$busybox" ] && echo "note: busybox has:$(for a in svc svok sv; do
	case $bb_list in *" $a "*) printf ' %s' "$a" ;; esac; done);" \
    "its svstat row is sv status where it has sv; it runs on daemonbox's dirs"
echo "note: runit has no svok; its svstat/svc rows are sv status / sv cont"
echo "note: call rows include bash's fork+exec; the true row is that floor" \
    "(/bin/true: dynamic; busybox true: static)"

# The issue's goals, for the static build when there is one.
g=${sbin:+dbs}
g=${g:-db}
verdict() {	# verdict A OP B
	case $1 in *[!0-9.]* | '') echo "no figure"; return ;; esac
	case $3 in *[!0-9.]* | '') echo "no figure"; return ;; esac
	if awk "BEGIN { exit !($1 $2 $3) }"; then echo met; else echo MISSED; fi
}
echo "goals (${LABEL[$g]} column):"
echo "  PSS <= 32 kB: ${R[pss,$g]} kB, $(verdict "${R[pss,$g]:-}" "<=" 32)"
echo "  no idle wake-ups: ${R[wake,$g]}, $(verdict "${R[wake,$g]:-}" "==" 0)"
per20=
[ -n "${R[cpu,$g]:-}" ] &&
	per20=$(awk -v a="${R[cpu,$g]}" -v s="$crash" 'BEGIN { printf "%.2f", a * 20 / s }')
echo "  crash loop <= 2 ms / 20 s: $per20 ms, $(verdict "$per20" "<=" 2)"
# The issue's 2 ms was set where djb's supervise took 4.2 ms: on a slower
# machine or file system the same goal is about 48% of djb's figure here.
if [ -n "${R[cpu,djb]:-}" ] && [ -n "${R[cpu,$g]:-}" ]; then
	rel=$(awk -v a="${R[cpu,$g]}" -v b="${R[cpu,djb]}" 'BEGIN { printf "%.0f", (b > 0 ? a * 100 / b : 0) }')
	echo "  crash loop <= 48% of djb's here (2 vs 4.2 ms in the issue): $rel%," \
	    "$(verdict "$rel" "<=" 48)"
fi
for r in svc svok; do
	b=${R[$r,bb]:-}
	case $b in '' | failed) continue ;; esac
	v=${R[$r,$g]:-}
	echo "  $r <= busybox's $b ms: $v ms, $(verdict "$v" "<=" "$b")"
done
b=${R[svok,bb]:-}
case $b in '' | failed) ;; *)
	echo "  svstat <= busybox's svok $b ms (it has no svstat): ${R[svstat,$g]} ms," \
	    "$(verdict "${R[svstat,$g]:-}" "<=" "$b")" ;;
esac
# Goals the test suite checked as time limits before issue #12; it now
# prints them as figures (a busy machine must not fail a test).
echo "goals of figures the tests print (ctest -V -R" \
    "'integration_(supervise|extensions|svc)|faults_'), not measured here:"
echo "  svc -d right after a start: down < 500 ms (0.76 sleeps 1 s);" \
    "timeout-finish T: down < T + 1700 ms; svwait -x: < 3 s"
echo "  svc on a full fifo gives up after 2 s (< 3.5 s); timeout-kill 500:" \
    "down < 5 s; 10,000 svc -c: supervise's CPU printed"
