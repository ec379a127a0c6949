#!/usr/bin/env bash
# svscan.sh - what a scanner costs with many services: daemonbox svscan next
# to daemontools 0.76's svscan, s6-svscan and runit's runsvdir, in one run.
#
# usage: tests/bench/svscan.sh [DAEMONBOX [STATIC_DAEMONBOX]]
#   DAEMONBOX         the built binary (default: build/daemonbox at the top)
#   STATIC_DAEMONBOX  a second build, measured in its own column, e.g.
#       CC=musl-gcc cmake -S . -B build-musl -DDAEMONBOX_STATIC=ON \
#           -DDAEMONBOX_UNIT_TESTS=OFF -DCMAKE_BUILD_TYPE=MinSizeRel &&
#       cmake --build build-musl
# Environment (defaults in brackets):
#   N [1000]            services per scanner (run: exec sleep 100000)
#   IDLE_SECONDS [30]   how long the idle tree is watched
#   ROUNDS [5]          pick-ups timed per scanner
#   REPEAT [3]          start-ups timed per scanner (the median is shown)
#   BIG [off]           e.g. BIG=10000: afterwards, daemonbox only, that many
#                       services each with a log/ (a logger) brought up and
#                       held for BIG_HOLD [10] s. Needs about 4*BIG processes
#                       and 2*BIG descriptors in svscan: raises pid_max and
#                       the descriptor limit when root (pid_max is put back at
#                       the end), and runs the largest size that fits if not.
#   LOGGER [multilog t ./main, if multilog is in PATH; else cat >/dev/null]
#   DT_REFERENCE [/usr/bin]  where daemontools 0.76 is
#   ONLY [all]          the columns to measure, of: db dbs djb s6 runit
# A missing program's column says "absent". Runs in about
# 5 * (IDLE_SECONDS + 10 + REPEAT * 8) s plus about 50 s of the 5-second
# scanners' pick-ups, plus the BIG part (BIG=10000: about 15 minutes).
# Needs bash (EPOCHREALTIME), perl (Time::HiRes), Linux's /proc (with
# /proc/PID/task/PID/children). Service directories live in $TMPDIR
# (default /tmp); every status write lands on its file system.
#
# What each row means:
#   all up        seconds from starting the scanner until every one of
#                 its supervisors has a child named sleep (a logger's
#                 child: the logger): median over REPEAT start-ups, the
#                 kinds taking turns, fresh directories each time. The
#                 supervisors are the scanner's children, read from
#                 /proc/SCANNER/task/SCANNER/children, polled every 10 ms
#                 (the poller's own CPU is printed below the table).
#   up CPU ms     CPU time (schedstat) used until all up by the scanner,
#                 the supervisors and the services together (a service's
#                 sh and its exec'd sleep are one process): median of
#                 REPEAT. Less at the mercy of other load than the wall
#                 time; on C CPUs the wall time is at least this / C.
#   last: ...     the last start-up only: seconds until the scanner had
#                 forked all its supervisors; its up CPU split into
#                 scanner / supervisors / services.
#   idle CPU ms   over IDLE_SECONDS, starting 2 s after all up: CPU time of
#                 the scanner, and of all supervisors together, from
#                 /proc/PID/schedstat (ns); in brackets the same from
#                 utime+stime of /proc/PID/stat (whole 1/CLK_TCK ticks).
#   idle ctxsw    voluntary + nonvoluntary context switches over the same
#                 time (each wake-up is at least one).
#   PSS MB        sum of Pss in /proc/PID/smaps_rollup: scanner plus
#                 supervisors; and the services (sleeps, loggers) apart.
#   pick-up ms    mean time from rename(2)ing a complete service directory
#                 into the scan directory until its sleep runs (its
#                 supervise/status names a pid whose comm is sleep; polled
#                 every ms), over ROUNDS
#                 (min-max beside). For s6 it includes running
#                 `s6-svscanctl -a DIR`, which s6 needs to look at all; the
#                 5-second scanners (djb, runit) wait a random 0-5 s between
#                 rounds so the mean covers their scan phase.
#   service N+1   whether the first pick-up (service N+1) was started
#                 within 7 s: "refused" when the scanner said "too many
#                 services" (djb and runit stop at 1000). Then ROUNDS + 1
#                 services are taken down and out first to make room, and
#                 the pick-ups are timed after that.

set -u
export LC_ALL=C
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
bin=${1:-$top/build/daemonbox}
sbin=${2:-}
nsvc=${N:-1000}
idle=${IDLE_SECONDS:-30}
rounds=${ROUNDS:-5}
repeat=${REPEAT:-3}
big=${BIG:-}
hold=${BIG_HOLD:-10}
ref=${DT_REFERENCE:-/usr/bin}

usage() {
	echo "usage: svscan.sh [DAEMONBOX [STATIC_DAEMONBOX]]" \
	    "(env: N IDLE_SECONDS ROUNDS BIG BIG_HOLD LOGGER)" >&2
	exit 100
}
for v in "$nsvc" "$idle" "$rounds" "$repeat" "$hold" ${big:+"$big"}; do
	case $v in '' | *[!0-9]* | 0) usage ;; esac
done
absolute() { (cd "$(dirname "$1")" && echo "$(pwd)/$(basename "$1")"); }
for b in "$bin" ${sbin:+"$sbin"}; do
	if [ ! -x "$b" ] || [ -d "$b" ]; then
		echo "svscan.sh: $b is not an executable (build first, or pass its path)" >&2
		exit 100
	fi
done
bin=$(absolute "$bin")
[ -n "$sbin" ] && sbin=$(absolute "$sbin")
if ! perl -MTime::HiRes -e 1 2>/dev/null; then
	echo "svscan.sh: needs perl with Time::HiRes" >&2
	exit 100
fi
if [ ! -r "/proc/$$/task/$$/children" ]; then
	echo "svscan.sh: needs /proc/PID/task/PID/children (Linux)" >&2
	exit 77
fi
if [ -z "${LOGGER:-}" ]; then
	if command -v multilog >/dev/null; then LOGGER='multilog t ./main'
	else LOGGER='cat >/dev/null'; fi
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/daemonbox-svscan.XXXXXX") || exit 111
case $tmp$bin$sbin in *[[:space:]]*)
	echo "svscan.sh: paths with blanks are not supported" >&2
	rmdir "$tmp"
	exit 100 ;;
esac
note() { echo "$*" >&2; }

SCANNERS=()	# every scanner this script started
pidmax_old=
cleanup() {
	local p
	for p in "${SCANNERS[@]}"; do kill -KILL "$p" 2>/dev/null; done
	[ -f "$tmp/bench.pl" ] && perl "$tmp/bench.pl" teardown "$tmp" 30 >&2
	rm -rf "$tmp"
	if [ -n "$pidmax_old" ]; then
		echo "$pidmax_old" >/proc/sys/kernel/pid_max 2>/dev/null ||
		    note "svscan.sh: could not put pid_max back to $pidmax_old"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

cat >"$tmp/bench.pl" <<'EOF'
# bench.pl - the measuring half of svscan.sh. Commands:
#   mk DIR FIRST COUNT LOGRUN   service dirs DIR/sNNNNN (LOGRUN '' = no log/)
#   run KEY=VALUE...            measure one scanner (see svscan.sh)
#   teardown TMP SECONDS        stop every supervisor and process under TMP
use strict; use warnings;
use Time::HiRes qw(time usleep sleep);
use POSIX ();
use File::Path qw(make_path);

sub slurp { my $f = shift; open(my $h, '<', $f) or return undef; local $/; my $s = <$h>; close $h; return $s }
sub kids { my $p = shift; my $s = slurp("/proc/$p/task/$p/children"); return defined $s ? split(' ', $s) : () }
sub comm { my $s = slurp("/proc/$_[0]/comm"); return '' unless defined $s; chomp $s; return $s }
sub alive { my $s = slurp("/proc/$_[0]/stat"); return defined $s && $s !~ /\) [ZX] / }
sub mksvc {
	my ($d, $body) = @_;
	mkdir $d or die "mkdir $d: $!\n";
	open(my $h, '>', "$d/run") or die "$d/run: $!\n";
	print $h "#!/bin/sh\n$body\n"; close $h;
	chmod 0755, "$d/run" or die "chmod $d/run: $!\n";
}
# cpu PID: (schedstat ns, stat ticks, context switches)
sub cpu {
	my $p = shift;
	my ($ns) = split ' ', (slurp("/proc/$p/schedstat") // '0');
	my $st = slurp("/proc/$p/stat") // '';
	$st =~ s/.*\) //s;
	my @f = split ' ', $st;
	my $cs = 0;
	for (split /\n/, (slurp("/proc/$p/status") // '')) {
		$cs += $1 if /^(?:non)?voluntary_ctxt_switches:\s+(\d+)/;
	}
	return ($ns, ($f[11] // 0) + ($f[12] // 0), $cs);
}
sub pss {
	my $kb = 0;
	for my $p (@_) {
		my $s = slurp("/proc/$p/smaps_rollup") // next;
		$kb += $1 if $s =~ /^Pss:\s+(\d+)/m;
	}
	return $kb;
}

my $cmd = shift @ARGV // die "no command\n";
if ($cmd eq 'mk') {
	my ($dir, $first, $count, $logrun) = @ARGV;
	make_path($dir);
	for my $i ($first .. $first + $count - 1) {
		my $d = sprintf("%s/s%05d", $dir, $i);
		mksvc($d, 'exec sleep 100000');
		mksvc("$d/log", "exec $logrun") if $logrun ne '';
	}
	exit 0;
}
if ($cmd eq 'teardown') {
	my ($tmp, $secs) = @ARGV;
	# Every supervise/control fifo under TMP gets "dx": djb's, ours, s6's
	# and runsv's all read d (down) and x (exit once down).
	my @ctl = (glob("$tmp/*/scan/*/supervise/control"),
	    glob("$tmp/*/scan/*/log/supervise/control"));
	for my $c (@ctl) {
		if (sysopen(my $h, $c, POSIX::O_WRONLY() | POSIX::O_NONBLOCK())) {
			syswrite($h, "dx"); close $h;
		}
	}
	# Then whatever still has its cwd under TMP is killed, until none is
	# left (orphans are re-parented, zombies count as gone).
	my $end = time + $secs;
	my $round = 0;
	for (;;) {
		my @left;
		opendir(my $d, '/proc') or last;
		for my $p (grep { /^\d+$/ } readdir $d) {
			my $cwd = readlink("/proc/$p/cwd") // next;
			push @left, $p if index($cwd, "$tmp/") == 0 && alive($p);
		}
		closedir $d;
		last unless @left;
		if (time > $end) { warn "teardown: still running: @left\n"; last }
		# Give "dx" a moment to work, then kill.
		kill('KILL', @left) if ++$round > 20;
		sleep 0.1;
	}
	exit 0;
}
die "unknown command $cmd\n" unless $cmd eq 'run';

my %a = map { split /=/, $_, 2 } @ARGV;
my ($scanner, $t0, $nsups) = @a{qw(scanner t0 nsups)};
my %want = map { $_ => 1 } split /,/, $a{comms};
my $tck = $a{tck} || 100;
my $scandir = $a{scandir};
my %up;		# supervisor pid => its service's pid, once it runs
my ($forked, $allup);
my $end = time + $a{timeout};
# Each poll reads the scanner's children and those of every supervisor
# not yet up: every 10 ms, or every N/100 ms past 1000 supervisors.
my $poll_us = $nsups > 1000 ? $nsups * 10 : 10000;
$| = 1;
for (;;) {
	my @s = kids($scanner);
	$forked //= time if @s >= $nsups;
	for my $s (@s) {
		next if $up{$s};
		for my $c (kids($s)) {
			if ($want{comm($c)}) { $up{$s} = $c; last }
		}
	}
	if (keys(%up) >= $nsups) { $allup = time; last }
	die "the scanner (pid $scanner) died; see its log\n" unless alive($scanner);
	if (time > $end) {
		printf "up %d of %d after %d s\n", scalar(keys %up), $nsups, $a{timeout};
		die sprintf("only %d of %d services came up in %d s\n",
		    scalar(keys %up), $nsups, $a{timeout});
	}
	usleep($poll_us);
}
printf "forked %.3f\nallup %.3f\n", $forked - $t0, $allup - $t0;
{ my ($u, $s) = times; printf "pollcpu %.0f\n", ($u + $s) * 1000 }
# CPU spent on the way up (ns from schedstat), a figure that other load on
# the machine changes less than the wall time.
{
	my ($sc) = cpu($scanner);
	my ($su, $sv) = (0, 0);
	for my $s (keys %up) { $su += (cpu($s))[0]; $sv += (cpu($up{$s}))[0] }
	printf "upcpu_scan %.0f\nupcpu_sup %.0f\nupcpu_svc %.0f\n", $sc / 1e6, $su / 1e6, $sv / 1e6;
}
exit 0 if $a{only_up};

# Idle: from 2 s after all up (djb's supervise sleeps 1 s after a start).
sleep 2;
my @sups = sort { $a <=> $b } keys %up;
my @svcs = values %up;
my (%b, %e);
$b{$_} = [cpu($_)] for ($scanner, @sups);
sleep $a{idle};
$e{$_} = [cpu($_)] for ($scanner, @sups);
my $gone = grep { !alive($_) } ($scanner, @sups, @svcs);
print "gone $gone\n";
my @d = map { $e{$scanner}[$_] - $b{$scanner}[$_] } 0 .. 2;
printf "cpu_scan %.2f\ntick_scan %d\ncs_scan %d\n", $d[0] / 1e6, $d[1] * 1000 / $tck, $d[2];
my @t = (0, 0, 0);
for my $p (@sups) { $t[$_] += $e{$p}[$_] - $b{$p}[$_] for 0 .. 2 }
printf "cpu_sup %.2f\ntick_sup %d\ncs_sup %d\n", $t[0] / 1e6, $t[1] * 1000 / $tck, $t[2];

# Memory and descriptors, with everything still held.
my @svcpids = map { kids($_) } @sups;
printf "pss_tree %.1f\npss_svc %.1f\n", pss($scanner, @sups) / 1024, pss(@svcpids) / 1024;
if (opendir(my $fdd, "/proc/$scanner/fd")) {
	printf "fds %d\n", scalar(grep { !/^\./ } readdir $fdd);
	closedir $fdd;
}
if (open(my $lim, '<', "/proc/$scanner/limits")) {
	while (<$lim>) { printf "fdlimit %s\n", $1 if /^Max open files\s+(\d+)/ }
	close $lim;
}

# Pick-up: rename a complete service directory in, wait for its sleep.
# pickup NAME TIMEOUT: seconds until NAME's sleep runs, or undef.
my %known = map { $_ => 1 } kids($scanner);
sub statpid {	# the pid in DIR/supervise/status, 0 if none yet
	my $b = slurp("$_[0]/supervise/status") // return 0;
	return length($b) >= 32 ? unpack("x28 N", $b) : 0 if $a{fmt} eq 's6';
	return length($b) >= 18 ? unpack("x12 V", $b) : 0;
}
sub pickup {
	my ($name, $limit) = @_;
	my $src = "$a{stage}/$name";
	mksvc($src, 'exec sleep 100000');
	my $t = time;
	rename($src, "$scandir/$name") or die "rename $src: $!\n";
	system(split(' ', $a{trigger}), $scandir) if $a{trigger};
	# Up: the status file names a pid and that process is sleep. (Cheap
	# whatever the number of services, unlike reading the process tree.)
	for (;;) {
		my $p = statpid("$scandir/$name");
		return time - $t if $p > 0 && comm($p) eq 'sleep';
		return undef if time - $t > $limit;
		usleep(1000);
	}
}
my @lat;
sleep(rand($a{spacing})) if $a{spacing} > 0;
my $first = pickup('p0', 7);
if (defined $first) {
	print "extra ok\n";
	push @lat, $first * 1000;
} else {
	my $log = slurp($a{log}) // '';
	print $log =~ /too many/ ? "extra refused\n" : "extra none\n";
	# Make room: take ROUNDS + 1 services down and out, so that p0 and
	# the timed ones fit, then wait for p0 (not timed).
	for my $i (0 .. $a{rounds}) {
		my $d = sprintf("%s/s%05d", $scandir, $i);
		if (sysopen(my $h, "$d/supervise/control", POSIX::O_WRONLY() | POSIX::O_NONBLOCK())) {
			syswrite($h, "dx"); close $h;
		}
		rename($d, "$a{stage}/gone$i");
	}
	my $t = time;
	my $got;
	while (!$got && time - $t < 15) {
		for my $s (grep { !$known{$_} } kids($scanner)) {
			for my $c (kids($s)) {
				if (comm($c) eq 'sleep') { $known{$s} = 1; $got = 1 }
			}
		}
		usleep(10000);
	}
	print "room ", ($got ? "made" : "not made"), "\n";
}
for my $r (scalar(@lat) + 1 .. $a{rounds}) {
	sleep(rand($a{spacing})) if $a{spacing} > 0;
	my $l = pickup("p$r", 7);
	unless (defined $l) { @lat = (); last }
	push @lat, $l * 1000;
}
if (@lat) {
	my $sum = 0; $sum += $_ for @lat;
	my @v = sort { $a <=> $b } @lat;
	printf "pick %.1f\npickr %.1f-%.1f\n", $sum / @lat, $v[0], $v[-1];
} else {
	print "pick none\n";
}
EOF

# ---- the kinds of scanner ----------------------------------------------
# KIND: label, scanner command, PATH for it, pick-up trigger, scan spacing.
KINDS=()
declare -A LABEL CMD KPATH TRIG SPACE WHY FMT
LABEL[db]=daemonbox LABEL[dbs]=static LABEL[djb]=djb-0.76
LABEL[s6]=s6 LABEL[runit]=runit
sys=/usr/bin:/bin:/usr/sbin:/sbin

mkdir "$tmp/bin-db" && "$bin" --install "$tmp/bin-db" >/dev/null || exit 111
KINDS+=(db)
CMD[db]="$tmp/bin-db/svscan" KPATH[db]="$tmp/bin-db:$sys"
if [ -n "$sbin" ]; then
	mkdir "$tmp/bin-dbs" && "$sbin" --install "$tmp/bin-dbs" >/dev/null || exit 111
	KINDS+=(dbs)
	CMD[dbs]="$tmp/bin-dbs/svscan" KPATH[dbs]="$tmp/bin-dbs:$sys"
else
	WHY[dbs]="no static daemonbox given (second argument)"
fi
if [ -x "$ref/svscan" ] && [ -x "$ref/supervise" ]; then
	KINDS+=(djb)
	CMD[djb]="$ref/svscan" KPATH[djb]="$ref:$sys" SPACE[djb]=5
else
	WHY[djb]="no daemontools in $ref (DT_REFERENCE)"
fi
if command -v s6-svscan >/dev/null && command -v s6-supervise >/dev/null &&
    command -v s6-svscanctl >/dev/null; then
	KINDS+=(s6)
	# -c: room for the services and the pick-ups (the default is 1000).
	CMD[s6]="$(command -v s6-svscan) -c $((nsvc + rounds + 100))" KPATH[s6]=$sys
	TRIG[s6]="$(command -v s6-svscanctl) -a" FMT[s6]=s6
else
	WHY[s6]="s6-svscan, s6-supervise or s6-svscanctl not in PATH"
fi
if command -v runsvdir >/dev/null && command -v runsv >/dev/null; then
	KINDS+=(runit)
	CMD[runit]=$(command -v runsvdir) KPATH[runit]=$sys SPACE[runit]=5
else
	WHY[runit]="runsvdir or runsv not in PATH"
fi
if [ -n "${ONLY:-}" ]; then	# e.g. ONLY="dbs djb": just those columns
	kept=()
	for k in "${KINDS[@]}"; do
		case " $ONLY " in *" $k "*) kept+=("$k") ;; esac
	done
	KINDS=("${kept[@]}")
fi
tck=$(getconf CLK_TCK 2>/dev/null || echo 100)

# measure KIND NSUPS COMMS HOLD TIMEOUT [ONLY_UP]: start KIND's scanner
# on $tmp/KIND/scan (made beforehand), measure, stop it; figures into
# $tmp/KIND.out as "key value" lines.
measure() {
	local k=$1 t0 pid
	mkdir -p "$tmp/$k/stage"
	t0=$EPOCHREALTIME
	(export PATH=${KPATH[$k]}; exec ${CMD[$k]} "$tmp/$k/scan") \
	    </dev/null >>"$tmp/$k.log" 2>&1 &
	pid=$!
	disown "$pid"
	SCANNERS+=("$pid")
	perl "$tmp/bench.pl" run scanner="$pid" t0="$t0" nsups="$2" comms="$3" \
	    idle="$4" timeout="$5" tck="$tck" scandir="$tmp/$k/scan" \
	    stage="$tmp/$k/stage" rounds="$rounds" spacing="${SPACE[$k]:-0}" \
	    trigger="${TRIG[$k]:-}" log="$tmp/$k.log" only_up="${6:-}" \
	    fmt="${FMT[$k]:-djb}" \
	    >"$tmp/$k.out" ||
	    note "svscan.sh: ${LABEL[$k]}: measuring failed; its log:" \
	        "$(tail -5 "$tmp/$k.log")"
	kill -KILL "$pid" 2>/dev/null
	perl "$tmp/bench.pl" teardown "$tmp" 30 >&2
}
declare -A R
load() {	# load KIND: R[key,KIND] from $tmp/KIND.out
	local key val
	while read -r key val; do R[$key,$1]=$val; done <"$tmp/$1.out"
}

# ---- 1. N plain services under each scanner --------------------------------
# The start-up is timed REPEAT times, the kinds taking turns, each time on
# fresh directories; the last time goes on into the idle, memory and
# pick-up measures. Its rows show the median, min-max below.
declare -A UPS CPUS
for ((rep = 1; rep <= repeat; rep++)); do
	for k in "${KINDS[@]}"; do
		rm -rf "${tmp:?}/$k"
		perl "$tmp/bench.pl" mk "$tmp/$k/scan" 0 "$nsvc" '' || exit 111
		if [ "$rep" -lt "$repeat" ]; then
			note "${LABEL[$k]}: $nsvc services up, $rep of $repeat"
			measure "$k" "$nsvc" sleep 0 120 1
		else
			note "${LABEL[$k]}: $nsvc services up, $rep of $repeat;" \
			    "idle ${idle} s, $rounds pick-ups"
			measure "$k" "$nsvc" sleep "$idle" 120
		fi
		load "$k"
		UPS[$k]+=" ${R[allup,$k]:-}"
		CPUS[$k]+=" $(( ${R[upcpu_scan,$k]:-0} + ${R[upcpu_sup,$k]:-0} + ${R[upcpu_svc,$k]:-0} ))"
		unset "R[allup,$k]"
	done
done
median() {	# median VALUE...: "median min-max"
	printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 }
	    END { if (!NR) exit; m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
	          printf "%g %g-%g\n", m, v[1], v[NR] }'
}
for k in "${KINDS[@]}"; do
	read -r R[allup,$k] R[allupr,$k] <<<"$(median ${UPS[$k]})"
	read -r R[upsum,$k] R[upsumr,$k] <<<"$(median ${CPUS[$k]})"
done

cols=(db dbs djb s6 runit)
rows=(allup allupr upsum upsumr forked upcpu cpu_scan cpu_sup cs_scan cs_sup pss_tree pss_svc extra pick pickr)
declare -A RLAB
RLAB[allup]="all $nsvc up, s (median)"
RLAB[allupr]="  min-max of $repeat"
RLAB[upsum]="up CPU ms, all (median)"
RLAB[upsumr]="  min-max of $repeat"
RLAB[forked]="  last: sups forked, s"
RLAB[upcpu]="  last: scan/sup/svc ms"
RLAB[cpu_scan]="idle CPU ms scanner"
RLAB[cpu_sup]="idle CPU ms supervisors"
RLAB[cs_scan]="idle ctxsw scanner"
RLAB[cs_sup]="idle ctxsw supervisors"
RLAB[pss_tree]="PSS MB scanner+sups"
RLAB[pss_svc]="PSS MB services"
RLAB[extra]="service $((nsvc + 1)) taken"
RLAB[pick]="pick-up ms (mean)"
RLAB[pickr]="  min-max of $rounds"
cell() {	# cell ROW KIND
	case $1 in
	cpu_scan) echo "${R[cpu_scan,$2]:--}(${R[tick_scan,$2]:--})" ;;
	cpu_sup) echo "${R[cpu_sup,$2]:--}(${R[tick_sup,$2]:--})" ;;
	upcpu) echo "${R[upcpu_scan,$2]:--}/${R[upcpu_sup,$2]:--}/${R[upcpu_svc,$2]:--}" ;;
	*) echo "${R[$1,$2]:--}" ;;
	esac
}
echo
echo "svscan benchmark: $nsvc services (exec sleep 100000) per scanner;" \
    "idle ${idle} s; $rounds pick-ups"
echo "daemonbox: $bin"
[ -n "$sbin" ] && echo "static:    $sbin"
echo "service dirs in $tmp ($(stat -f -c %T "$tmp" 2>/dev/null || echo '?'));" \
    "$(nproc) CPUs; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-26s' ""
for c in "${cols[@]}"; do printf ' %14s' "${LABEL[$c]}"; done
echo
for r in "${rows[@]}"; do
	printf '%-26s' "${RLAB[$r]}"
	for c in "${cols[@]}"; do
		if [ -z "${WHY[$c]:-}" ]; then v=$(cell "$r" "$c"); else v=absent; fi
		printf ' %14s' "$v"
	done
	echo
done
for c in "${cols[@]}"; do
	[ -n "${WHY[$c]:-}" ] && echo "note: ${LABEL[$c]} skipped: ${WHY[$c]}"
	[ -n "${R[gone,$c]:-}" ] && [ "${R[gone,$c]}" != 0 ] &&
	    echo "note: ${LABEL[$c]}: ${R[gone,$c]} processes died while idle"
done
echo "note: the poller's CPU until all up, ms:$(for c in "${KINDS[@]}"; do
	printf ' %s %s' "${LABEL[$c]}" "${R[pollcpu,$c]:-?}"; done)"
echo "note: idle CPU in brackets: utime+stime ticks (1/$tck s) as ms;" \
    "s6 pick-up includes s6-svscanctl -a (it does not look by itself)"

verdict() {	# verdict A OP B
	case $1$3 in *[!0-9.]* | '') echo "no figure"; return ;; esac
	if awk "BEGIN { exit !($1 $2 $3) }"; then echo met; else echo MISSED; fi
}
g=${sbin:+dbs}
g=${g:-db}
idlecpu=$(awk -v a="${R[cpu_scan,$g]:-x}" -v b="${R[cpu_sup,$g]:-x}" \
    'BEGIN { if (a b ~ /x/) print "x"; else printf "%.2f", a + b }')
idlecs=$(( ${R[cs_scan,$g]:-0} + ${R[cs_sup,$g]:-0} ))
echo "goals (${LABEL[$g]} column):"
echo "  $nsvc up <= 1.0 s: ${R[allup,$g]:-} s, $(verdict "${R[allup,$g]:-}" "<=" 1.0)"
echo "  idle CPU 0: $idlecpu ms, $(verdict "$idlecpu" "==" 0)"
echo "  idle wake-ups 0: $idlecs, $(verdict "$idlecs" "==" 0)"
echo "  pick-up < 100 ms: ${R[pick,$g]:-} ms, $(verdict "${R[pick,$g]:-}" "<" 100)"
echo "  service $((nsvc + 1)) taken: ${R[extra,$g]:-}"
# Goals the test suite checked as time limits before issue #12; it now
# prints them as figures (a busy machine must not fail a test).
echo "goals of figures the tests print (ctest -V -R" \
    "'integration_svscan|faults_ignoreterm'), not measured here:"
echo "  killed supervise restarted < 1500 ms; 200 services (100 with logs)" \
    "up < 10 s; young death retried after 5 s (< 7 s)"
echo "  init-mode shutdown, one service deaf to TERM: SVSCAN_GRACE + < 4 s"

# ---- 2. BIG services with loggers, daemonbox only ---------------------------
[ -n "$big" ] || exit 0
want=$big
# Processes: svscan, 2 supervise, the service and its logger per service.
procs_now=$(ls -d /proc/[0-9]* | wc -l)
pidmax=$(cat /proc/sys/kernel/pid_max)
need=$((4 * big + procs_now + 2000))
if [ "$pidmax" -lt "$need" ]; then
	if echo 4194304 >/proc/sys/kernel/pid_max 2>/dev/null; then
		pidmax_old=$pidmax
		note "raised pid_max from $pidmax to 4194304 (put back at the end)"
		pidmax=4194304
	else
		big=$(( (pidmax - procs_now - 2000) / 4 ))
		note "pid_max is $pidmax and cannot be raised: BIG lowered to $big"
	fi
fi
# Threads (RLIMIT_NPROC is per user; root is not held to it).
if [ "$(id -u)" != 0 ]; then
	nproc_lim=$(ulimit -u)
	if [ "$nproc_lim" != unlimited ] && [ "$nproc_lim" -lt "$need" ]; then
		ulimit -u "$need" 2>/dev/null ||
		    big=$(( (nproc_lim - procs_now - 2000) / 4 ))
	fi
fi
# Descriptors: svscan holds both ends of each log pipe, plus about 8 more.
fdneed=$((2 * big + 16))
if [ "$(ulimit -Hn)" != unlimited ] && [ "$(ulimit -Hn)" -lt "$fdneed" ]; then
	if ! ulimit -Hn "$fdneed" 2>/dev/null; then
		big=$(( ($(ulimit -Hn) - 16) / 2 ))
		note "descriptor hard limit $(ulimit -Hn) cannot be raised: BIG lowered to $big"
	fi
fi
ulimit -Sn "$(ulimit -Hn)" 2>/dev/null
# Memory: about 300 kB of kernel and private pages per process.
avail=$(awk '/^MemAvailable:/ { print $2 }' /proc/meminfo)
if [ $((4 * big * 300)) -gt $((avail * 8 / 10)) ]; then
	big=$((avail * 8 / 10 / 1200))
	note "MemAvailable ${avail} kB: BIG lowered to $big"
fi
bigk=(db)
[ -n "$sbin" ] && bigk+=(dbs)
for k in "${bigk[@]}"; do
	note "${LABEL[$k]}: $big services with loggers ($LOGGER), held ${hold} s"
	rm -rf "${tmp:?}/$k"
	perl "$tmp/bench.pl" mk "$tmp/$k/scan" 0 "$big" "$LOGGER" || exit 111
	m0=$(awk '/^MemAvailable:/ { print $2 }' /proc/meminfo)
	lcomm=${LOGGER%% *}
	( measure "$k" $((2 * big)) "sleep,$lcomm" "$hold" 900 ) &
	mpid=$!
	# MemAvailable at the lowest while the tree is held.
	low=$m0
	while kill -0 "$mpid" 2>/dev/null; do
		m=$(awk '/^MemAvailable:/ { print $2 }' /proc/meminfo)
		[ "$m" -lt "$low" ] && low=$m
		sleep 0.5
	done
	wait "$mpid"
	load "$k"
	R[mem,$k]=$(( (m0 - low) / 1024 ))
done
echo
echo "daemonbox with $big services, each with a logger ($LOGGER);" \
    "held ${hold} s; pid_max $pidmax; fd limit $(ulimit -Hn)"
[ "$big" != "$want" ] && echo "note: BIG=$want asked, $big ran (limits above)"
printf '%-26s' ""
for c in "${bigk[@]}"; do printf ' %14s' "${LABEL[$c]}"; done
echo
brows=(allup forked upcpu cpu_scan cpu_sup cs_scan cs_sup pss_tree pss_svc mem fds fdlimit pick pickr gone)
RLAB[allup]="all $((2 * big)) sups' children up, s"
RLAB[cpu_scan]="held CPU ms scanner"
RLAB[cpu_sup]="held CPU ms supervisors"
RLAB[cs_scan]="held ctxsw scanner"
RLAB[cs_sup]="held ctxsw supervisors"
RLAB[pss_svc]="PSS MB services+loggers"
RLAB[mem]="MemAvailable drop MB"
RLAB[fds]="svscan open fds"
RLAB[fdlimit]="svscan fd limit"
RLAB[pick]="pick-up ms (mean, no log)"
RLAB[gone]="died while held"
for r in "${brows[@]}"; do
	printf '%-26s' "${RLAB[$r]}"
	for c in "${bigk[@]}"; do printf ' %14s' "$(cell "$r" "$c")"; done
	echo
done
