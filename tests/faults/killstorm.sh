# killstorm.sh - kill -9 of every daemonbox process kind (svscan, the
# service's supervise, the log's supervise, multilog, the service itself)
# at random moments while numbered lines flow from a service through
# svscan's pipe into multilog. A killed svscan is started again at once,
# as init would. A kill that would leave a pipe holding data with no
# reader at all is not made, since nothing could keep those bytes: the
# last reader of a pipe of an earlier svscan, or svscan itself while the
# log supervise of an earlier svscan keeps the log's lock and nothing
# reads the new pipe (svscan's pipe is the only thing that
# outlives both sides). At the end the writer stops, the pipes drain, and
# the union of the log files must hold every number. multilog.8 allows
# the lines written in the instant before a kill to appear twice: such
# duplicates are counted apart and do not fail the test; lost lines do.
# Figures: kills of each kind, lines sent, lost, logged twice, and re-sent
# by a restarted writer.
FAULTS_UNSHARE=1	# a private /proc makes each look at the processes cheap
. "$DAEMONBOX_SOURCE_DIR/tests/faults/lib.sh"

have_multilog || skip "multilog not built"
STORM_S=${STORM_S:-15}

mkdir scan
mkdir -p scan/gen/log
# The writer: lines "N PID". N goes on from the last number recorded in
# ./sent, which is appended after the line went out, so a kill can only
# make it send a number again (with another PID), never skip one.
cat >scan/gen/run <<'EOF'
#!/bin/sh
n=$(tail -n 1 sent 2>/dev/null)
n=${n:-0}
while :; do
	[ -e stop ] && exec sleep 100000 >/dev/null
	i=0
	while [ $i -lt 50 ]; do
		n=$((n + 1))
		echo "$n $$"
		echo $n >>sent
		i=$((i + 1))
	done
	sleep 0.01
done
EOF
printf '#!/bin/sh\nexec multilog s100000 n1000 ./main\n' >scan/gen/log/run
chmod +x scan/gen/run scan/gen/log/run

startscan() {
	(cd scan && exec svscan) </dev/null >>scan.out 2>>scan.err &
	SCAN=$!
}
startscan
wait_for 10 svok scan/gen || fail "svscan did not start gen"
wait_for 10 svok scan/gen/log || fail "svscan did not start gen/log"

G=$T/scan/gen
# procs: "pid comm cwd fd0 fd1 age-in-ms" for each process of this test,
# in $T/ps.tab, and the pipes the current svscan holds, in $T/sp.
HZ=$(getconf CLK_TCK)
procs() {
	_l=$(mine)
	{
		cat /proc/uptime
		for _p in $_l; do echo /proc/$_p/stat; done |
			xargs -r cat 2>/dev/null
		for _p in $_l; do echo /proc/$_p/comm; done |
			xargs -r grep -H . 2>/dev/null
		for _p in $_l; do
			echo /proc/$_p/cwd /proc/$_p/fd/0 /proc/$_p/fd/1
		done | xargs -r ls -l 2>/dev/null
	} | awk -v hz="$HZ" '
		NR == 1 { up = $1; next }
		/^[0-9]+ \(/ { start[$1] = $22; next }
		/^\/proc\/[0-9]+\/comm:/ {
			split($0, a, "/"); sub(/^comm:/, "", a[4]); comm[a[3]] = a[4]
			next
		}
		/ -> / {
			split($(NF - 2), a, "/")
			k = a[4] == "cwd" ? "cwd" : a[5]
			v[a[3], k] = $NF
		}
		END {
			for (p in comm)
				printf "%s %s %s %s %s %d\n", p, comm[p], v[p, "cwd"],
				    v[p, 0], v[p, 1], (up - start[p] / hz) * 1000
		}' >ps.tab
	# svscan's log pipes: those it holds both ends of, but the self-pipe
	# (nonblocking); inherited descriptors are not both ends.
	{
		ls -l /proc/$SCAN/fd
		grep -H '^flags:' /proc/$SCAN/fdinfo/*
	} 2>/dev/null | awk '
		/ -> pipe:/ { pipe[$(NF - 2)] = $NF; next }
		/fdinfo\/[0-9]+:flags:/ {
			split($1, a, "/"); split(a[5], b, ":"); fl[b[1]] = $2
		}
		END {
			for (fd in pipe) {
				f = fl[fd]
				if (substr(f, length(f) - 3, 1) + 0 >= 4)
					continue
				if (substr(f, length(f), 1) == "0")
					r[pipe[fd]] = 1
				else
					w[pipe[fd]] = 1
			}
			for (p in r)
				if (p in w)
					print p
		}' | sort -u >sp
}
# pick KIND: the pids of a kind, from the procs table in $T/ps.
pick() {
	case $1 in
	svscan) echo "$SCAN" ;;
	supervise) awk -v d="$G" '$2 == "supervise" && $3 == d { print $1 }' ps.tab ;;
	logsupervise) awk -v d="$G/log" '$2 == "supervise" && $3 == d { print $1 }' ps.tab ;;
	multilog) awk '$2 == "multilog" { print $1 }' ps.tab ;;
	service) awk -v d="$G" '$2 == "run" && $3 == d { print $1 }' ps.tab ;;
	esac
}
# safe PID: after PID dies, does every pipe it reads still have a reader?
# A reader counts once it has lived 2 s: a supervise or multilog started
# while another holds the lock dies at once and keeps nothing.
safe() {
	if [ "$1" = "$SCAN" ]; then
		_mine=$(cat sp)
	else
		_mine=$(awk -v p="$1" '$1 == p && $4 ~ /^pipe:/ { print $4 }' ps.tab)
	fi
	for _pp in $_mine; do
		_other=$(awk -v p="$1" -v q="$_pp" '$1 != p && $4 == q && $6 >= 2000' ps.tab | wc -l)
		if [ "$1" != "$SCAN" ] && grep -qxF "$_pp" sp; then
			_other=$((_other + 1))
		fi
		[ "$_other" -gt 0 ] || return 1
	done
	return 0
}

k_svscan=0 k_supervise=0 k_logsupervise=0 k_multilog=0 k_service=0 refused=0
set -- svscan supervise logsupervise multilog service
end=$(($(now_ms) + STORM_S * 1000))
while [ "$(now_ms)" -lt $end ]; do
	sleep 0.$((1 + $(rnd 5)))
	procs
	eval "kind=\${$(($(rnd 5) + 1))}"
	victim=
	for p in $(pick "$kind"); do
		if safe "$p"; then victim=$p; break; fi
	done
	if [ -z "$victim" ]; then
		[ -n "$(pick "$kind")" ] && refused=$((refused + 1))
		continue
	fi
	kill -9 "$victim" 2>/dev/null || continue
	eval "k_$kind=\$((k_$kind + 1))"
	if [ "$kind" = svscan ]; then
		wait "$SCAN" 2>/dev/null
		startscan
	fi
done
alive "$SCAN" && pass || fail "svscan is gone"

# Stop the writer, then bring the log side back to one chain: a supervise
# of an earlier svscan still holds the old pipe's write end (killed: the
# current svscan's supervise adopts the service), and a log supervise of
# an earlier svscan is told to exit once its multilog has drained the old
# pipe to its end (svc -x), so that the current one can take the log.
: >scan/gen/stop
quiet() {
	_a=$(tail -n 1 scan/gen/sent)
	sleep 0.5
	[ "$_a" = "$(tail -n 1 scan/gen/sent)" ]
}
wait_for 10 quiet || fail "the writer did not stop"
sleep 1.5	# a multilog killed last is running again by now
told=
healthy() {
	procs
	_sp=$(cat sp)
	_ok=1
	for _p in $(pick supervise); do
		_f=$(awk -v p="$_p" '$1 == p { print $5 }' ps.tab)
		if ! echo "$_sp" | grep -qxF "$_f"; then
			kill -9 "$_p" 2>/dev/null
			_ok=0
		fi
	done
	for _p in $(pick logsupervise) $(pick multilog); do
		_f=$(awk -v p="$_p" '$1 == p { print $4 }' ps.tab)
		echo "$_sp" | grep -qxF "$_f" && continue
		_ok=0
		if [ -z "$told" ] && [ -n "$(pick logsupervise | grep -xF "$_p")" ]; then
			svc -x scan/gen/log
			told=1
		fi
	done
	[ -n "$(pick supervise)" ] && [ -n "$(pick logsupervise)" ] &&
	    [ -n "$(pick multilog)" ] || _ok=0
	[ $_ok = 1 ]
}
wait_for 30 healthy || fail "the log side never came back to one chain: $(cat ps.tab)"

# Drain: everything sent is in the logs once the last number is, and the
# files stop growing.
last=$(tail -n 1 scan/gen/sent)
logged() { cat scan/gen/log/main/@* scan/gen/log/main/current scan/gen/log/main/previous 2>/dev/null; }
drained() {
	logged | grep -q "^$last " || return 1
	_a=$(logged | wc -c)
	sleep 0.5
	[ "$_a" = "$(logged | wc -c)" ]
}
wait_for 20 drained || fail "the logs never caught up with $last"
logged >got
awk -v sent="$last" '
	!/^[0-9]+ [0-9]+$/ { bad++; next }
	{ n = $1 + 0; seen[n]++; pair[$0]++; if (n > max) max = n }
	END {
		if (sent > max) max = sent
		for (i = 1; i <= max; i++) if (!(i in seen)) lost++
		for (p in pair) if (pair[p] > 1) twice += pair[p] - 1
		for (i in seen) { resent += seen[i] - 1 }
		printf "%d %d %d %d %d\n", max, lost, twice, resent - twice, bad
	}' got >counts
read -r max lost twice resent bad <counts
check "lines lost" 0 "$lost"
check "malformed lines" 0 "$bad"
ntail=$(grep -c 'unable to' scan.err)
figure "kills (svscan supervise log-supervise multilog service)" \
	"$k_svscan $k_supervise $k_logsupervise $k_multilog $k_service ($refused unsafe picks skipped)"
figure "lines sent" "$max"
figure "lines lost" "$lost"
figure "lines logged twice (multilog kill instants)" "$twice"
figure "lines re-sent by a restarted writer" "$resent"
figure "svscan warnings" "$ntail"
finish
