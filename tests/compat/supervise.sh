# supervise.sh - daemonbox's supervise, svc, svstat and svok against
# daemontools 0.76: (a) svstat/svok/svc on hand-made directories, byte for
# byte; (b) 0.76's svc/svstat/svok driving our supervise; (c) ours driving
# 0.76's supervise; (d) both supervises' status bytes and files; (e) runit's
# `sv status` refusing a daemonbox service exactly as it refuses 0.76's.
. "${DAEMONBOX_SOURCE_DIR:-$(dirname "$0")/../..}/tests/compat/lib.sh"

cd "$T" || exit 1
umask 022
NORMALIZE='s/ [0-9][0-9]* seconds/ S seconds/'
TAI0=4611686018427387914	# TAI64 label of the Unix epoch: 2^62 + 10

hexbin() {	# hexbin HEX: the bytes spelt by HEX
	_h=$1 _f=
	while [ -n "$_h" ]; do
		_f="$_f\\$(printf '%03o' "0x${_h%"${_h#??}"}")"
		_h=${_h#??}
	done
	printf "$_f"
}
le32() { printf '%08x' "$1" | sed 's/\(..\)\(..\)\(..\)\(..\)/\4\3\2\1/'; }
# status HEX-SECONDS PID PAUSED WANT [TAIL]: the hex of a record.
status() { printf '%s0001e240%s%s%s%s' "$1" "$(le32 "$2")" "$3" "$4" "${5:-}"; }
ago() { printf '%016x' $((TAI0 + $(date +%s) - $1)); }

# ---- (a) hand-made directories -------------------------------------------
mkfifo okfifo
sleep 1000 <>okfifo &
track $!
mkdir -p probe/supervise
ln -s "$T/okfifo" probe/supervise/ok
wait_for 5 "$BIN/svok" probe || fail "the reader of okfifo never came"
mkdir_st() {	# mkdir_st DIR HEX: a running-looking directory with that record
	mkdir -p "$1/supervise"
	ln -s "$T/okfifo" "$1/supervise/ok"
	hexbin "$2" >"$1/supervise/status"
}
# The 24 combinations of the spec minus pid 0 with the paused byte set
# (daemonbox calls that record bad format; 0.76 ignores the byte).
for pid in 0 1234; do
	for pz in 00 01; do
		[ $pid = 0 ] && [ $pz = 01 ] && continue
		for w in 75 64 00; do
			for down in up down; do
				d=c-$pid-$pz-$w-$down
				mkdir_st $d "$(status "$(ago 5)" $pid $pz $w)"
				[ $down = down ] && : >$d/down
				same "svstat $d" svstat $d
			done
		done
	done
done
same "svstat several" svstat c-0-00-75-up c-1234-01-64-down c-1234-00-00-up
mkdir nosup
mkdir -p dead/supervise
mkfifo dead/supervise/ok
hexbin "$(status "$(ago 5)" 1234 00 75)" >dead/supervise/status
mkdir -p nostatus/supervise
ln -s "$T/okfifo" nostatus/supervise/ok
mkdir_st loopdown "$(status "$(ago 5)" 0 00 75)"
ln -s down loopdown/down
mkdir -p okdir/supervise/ok
mkdir_st sz20 "$(status "$(ago 5)" 1234 01 64 0101)"
mkdir_st sz52 "$(status "$(ago 5)" 1234 00 75 \
	"01014401090100000000$(ago 7)$(printf "%032d" 0)")"
mkdir_st short17 "$(status "$(ago 5)" 1234 00 75 | cut -c1-34)"
mkdir_st empty ""
mkdir_st future "$(status "$(ago -1000)" 1 00 75)"
mkdir_st bigpid "$(status "$(ago 5)" 4294967295 00 75)"
mkdir_st pz-ff "$(status "$(ago 5)" 1234 ff 64)"
mkdir_st reg "$(status "$(ago 5)" 1234 00 75)"
rm reg/supervise/ok
: >reg/supervise/ok
: >plain
for d in nodir plain nosup dead nostatus loopdown okdir sz20 sz52 \
    short17 empty future bigpid pz-ff reg -x --; do
	same "svstat $d" svstat "$d"
done
same "svstat all failures at once" svstat nodir nosup dead nostatus loopdown
same "svstat no arguments" svstat
# Not compared: supervise/status that cannot be read (a directory). 0.76
# decodes its zeroed buffer and prints "down 4611686020223... seconds";
# daemonbox prints "unable to read supervise/status: is a directory".
for sec in 0 1 2; do	# the seconds field itself, unmasked
	_i=0 r= o=
	while [ $_i -lt 20 ]; do	# until the clock did not tick meanwhile
		_t=$(date +%s)
		hexbin "$(status "$(printf '%016x' $((TAI0 + _t - sec)))" 0 00 64)" \
			>c-0-00-64-up/supervise/status
		r=$("$REF/svstat" c-0-00-64-up)
		o=$("$BIN/svstat" c-0-00-64-up)
		[ "$(date +%s)" = "$_t" ] && break
		_i=$((_i + 1))
	done
	check "svstat $sec seconds, unmasked" "$r" "$o"
	check "svstat $sec seconds, value" "c-0-00-64-up: down $sec seconds, normally up" "$o"
done

# svok.
mkdir -p running/supervise
ln -s "$T/okfifo" running/supervise/ok
same "svok usage" svok
for d in nodir plain nosup dead okdir running reg; do
	same "svok $d" svok $d
done
same "svok extra arguments" svok running nodir
same "svok extra arguments, not running" svok dead running

# svc: error cases (directories without a reader or without control).
mkdir emptydir
same "svc illegal option" svc -z nodir
same "svc illegal uppercase" svc -udU dead
same "svc illegal -- later" svc -u -d- dead
same "svc no arguments" svc
same "svc options only" svc -dx
same "svc chdir" svc -u nodir
same "svc chdir: a file" svc -u plain
same "svc no control" svc -u emptydir
same "svc no reader" svc -u dead/..
same "svc all fail" svc -t nodir emptydir plain nodir
same "svc after --" svc -u -- -d
same "svc --X" svc --u nodir
same "svc options after a directory" svc nodir -u
mkdir -p nr/supervise
mkfifo nr/supervise/control
same "svc supervise not running" svc -u nr
same "svc supervise not running, no options" svc nr

# svc: the bytes written, from both, for the same options.
sent() {	# sent SVC ARG...: what a blocking reader of nr's control got
	_svc=$1
	shift
	rm -f got ended
	(cat nr/supervise/control >got; : >ended) &
	track $!
	deadline 60
	while "$_svc" "$@" nr 2>svcerr; [ -s svcerr ]; do
		[ "$(date +%s)" -lt "$_dl" ] || break
		sleep 0.02
	done
	wait_for 5 test -e ended
	od -An -c got | tr -s ' '
	[ -e ended ] && echo opened
}
for opts in -u -ddu "-h -h -a" -xd -udopchaitkx -xktiahcpodu "-t --" --u "-k -p -c -p" ""; do
	# shellcheck disable=SC2086
	check "svc $opts: bytes" "$(sent "$REF/svc" $opts)" "$(sent "$BIN/svc" $opts)"
done

# ---- (b), (c), (d): each side's tools driving the other's supervise -------
mksvc() {	# the service records its pid and the signals it gets
	mkdir -p "$1"
	cat >"$1/run" <<'EOF'
#!/bin/sh
echo $$ >pid.new && mv pid.new pid	# never seen empty
for s in HUP ALRM; do trap "echo $s >>signals" $s; done
echo start >>signals
while :; do sleep 1 & wait $!; done
EOF
	chmod +x "$1/run"
}

# waitst TOOLS DIR PATTERN: poll TOOLS/svstat (up to DEADLINE) until its
# line matches.
_st_is() { case $("$1/svstat" "$2") in "$2: "$3) return 0 ;; esac; return 1; }
waitst() {
	wait_for "$DEADLINE" _st_is "$1" "$2" "$3" && return 0
	fail "$2 never reached '$3' (last: $("$1/svstat" "$2"))"
	return 1
}

# bytes DIR STATE: appends bytes 12..17 of the status, pid masked, to
# $T/DIR.bytes.
bytes() {
	_b=$(od -An -tx1 -j12 -N6 "$1/supervise/status" | tr -d ' \n')
	case $_b in 00000000*) ;; *) _b=PPPPPPPP${_b#????????} ;; esac
	echo "$2 $_b" >>"$1.bytes"
}

newpid() {	# newpid DIR OLD: waits for a pid file that is not OLD
	wait_for 5 sh -c "[ -s $1/pid ] && [ \"\$(cat $1/pid)\" != '$2' ]" ||
		fail "$1: no new run after $2"
	track "$(cat "$1/pid")"
}

# drive TOOLS SUPERVISE DIR
drive() {
	C=$1 d=$3
	mksvc "$d"
	"$2/supervise" "$d" 2>>"$d.err" &
	sp=$!
	track $sp
	wait_for 5 "$C/svok" "$d" || fail "$d: supervise did not come up"
	newpid "$d" ""
	p=$(cat "$d/pid")
	waitst "$C" "$d" "up (pid $p) * seconds"
	bytes "$d" up
	same "$d: svstat up" svstat "$d"
	same "$d: svok up" svok "$d"
	# Not -i: a supervise started by this shell with & inherits SIGINT
	# ignored and, like 0.76, keeps it ignored for ./run.
	for c in h:HUP a:ALRM; do
		"$C/svc" -"${c%%:*}" "$d"
		wait_for 5 grep -q "^${c#*:}$" "$d/signals" || fail "$d: svc -${c%%:*}: no ${c#*:}"
	done
	"$C/svc" -p "$d"
	waitst "$C" "$d" "up (pid $p) * seconds, paused"
	check "$d: paused child is stopped" T "$(ps -o stat= -p "$p" | cut -c1)"
	bytes "$d" paused
	same "$d: svstat paused" svstat "$d"
	"$C/svc" -c "$d"
	waitst "$C" "$d" "up (pid $p) * seconds"
	wait_for 5 sh -c "ps -o stat= -p $p | grep -q '^S'" || fail "$d: -c: not running"
	bytes "$d" continued
	"$C/svc" -t "$d"
	newpid "$d" "$p"
	p=$(cat "$d/pid")
	waitst "$C" "$d" "up (pid $p) * seconds"
	"$C/svc" -k "$d"
	newpid "$d" "$p"
	p=$(cat "$d/pid")
	waitst "$C" "$d" "up (pid $p) * seconds"
	"$C/svc" -d "$d"
	waitst "$C" "$d" "down * seconds, normally up"
	kill -0 "$p" 2>/dev/null && fail "$d: -d left $p running" || pass
	bytes "$d" down
	same "$d: svstat down" svstat "$d"
	"$C/svc" -o "$d"
	newpid "$d" "$p"
	p=$(cat "$d/pid")
	waitst "$C" "$d" "up (pid $p) * seconds"
	bytes "$d" once
	"$C/svc" -u "$d"
	wait_for 5 sh -c "od -An -tx1 -j17 -N1 $d/supervise/status | grep -q 75" ||
		fail "$d: -u after -o: want byte not u"
	bytes "$d" once-then-up
	touch "$d/down"
	waitst "$C" "$d" "up (pid $p) * seconds, normally down"
	same "$d: svstat normally down" svstat "$d"
	"$C/svc" -d "$d"
	waitst "$C" "$d" "down * seconds"
	bytes "$d" down-normally-down
	"$C/svc" -x "$d"
	wait $sp
	check "$d: supervise exit code after -x" 0 $?
	run "$C/svok" "$d"
	check "$d: svok after exit" 100 "$RC"
	check "$d: svstat after exit" "$d: supervise not running" "$("$C/svstat" "$d")"
	same "$d: svstat after exit" svstat "$d"
	# Started with the down file: stays down until -u.
	"$2/supervise" "$d" 2>>"$d.err" &
	sp=$!
	track $sp
	wait_for 5 "$C/svok" "$d" || fail "$d: supervise did not come up again"
	waitst "$C" "$d" "down * seconds"
	bytes "$d" start-down
	"$C/svc" -u "$d"
	newpid "$d" "$p"
	p=$(cat "$d/pid")
	waitst "$C" "$d" "up (pid $p) * seconds, normally down"
	"$C/svc" -dx "$d"
	wait $sp
	check "$d: supervise exit code after -dx" 0 $?
	check "$d: no message from supervise" "" "$(cat "$d.err")"
	# daemonbox's supervise adds one file, xstatus
	# (docs/status-format.md): listed apart, not compared.
	ls -la "$d/supervise" | awk 'NR > 1 { print $1, $NF }' |
		grep -v ' xstatus$' >"$d.files"
	ls -la "$d/supervise" | awk 'NR > 1 { print $1, $NF }' |
		grep ' xstatus$' >"$d.extra" || :
	wc -c <"$d/supervise/status" | tr -d ' ' >"$d.size"
}

drive "$REF" "$BIN" ours	# (b) 0.76's tools, our supervise
drive "$BIN" "$REF" ref		# (c) our tools, 0.76's supervise

# (d) the same 0.76 bytes for the same states, the same files and modes.
check "status bytes 12..17 in every state" "$(cat ref.bytes)" "$(cat ours.bytes)"
check "status bytes: as the spec says" "up PPPPPPPP0075
paused PPPPPPPP0175
continued PPPPPPPP0075
down 000000000064
once PPPPPPPP0000
once-then-up PPPPPPPP0075
down-normally-down 000000000064
start-down 000000000064" "$(cat ours.bytes)"
check "files and modes in supervise/" "$(cat ref.files)" "$(cat ours.files)"
check "0.76 writes no xstatus" "" "$(cat ref.extra)"
check "ours adds xstatus alone" "-rw-r--r-- xstatus" "$(cat ours.extra)"
check "status size: 0.76 18" 18 "$(cat ref.size)"
check "status size: ours 18" 18 "$(cat ours.size)"

# ---- (e) runit's sv refuses ours as it refuses 0.76's --------------------
# runit's sv reads 20 bytes of supervise/status; 0.76 writes 18, and so do
# we (docs/status-format.md).
if [ -x /usr/bin/sv ]; then
	for k in ours:"$BIN" ref:"$REF"; do
		d=rs-${k%%:*}
		mksvc "$d"
		"${k#*:}/supervise" "$d" 2>>"$d.err" &
		sp=$!
		track $sp
		wait_for 60 "${k#*:}/svok" "$d" || fail "$d: supervise did not come up"
		newpid "$d" ""
		/usr/bin/sv status "./$d" 2>&1 | sed "s|$d|DIR|" >"$d.sv"
		"${k#*:}/svc" -dx "$d"
		wait $sp
	done
	check "sv status: the same refusal" "$(cat rs-ref.sv)" "$(cat rs-ours.sv)"
	check "sv status: bad format" \
		"warning: ./DIR: unable to read supervise/status: bad format" \
		"$(cat rs-ours.sv)"
else
	printf 'SKIP part (e): /usr/bin/sv (runit) not installed\n'
fi

finish
