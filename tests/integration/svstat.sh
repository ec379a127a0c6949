# svstat.sh - svstat on hand-made service directories: all 24 state
# combinations of the spec's table, the failure lines, the seconds field,
# record sizes, and the impossible records daemonbox refuses as bad format.
. "$DAEMONBOX_SOURCE_DIR/tests/integration/lib.sh"

cd "$T" || exit 1
PATH=$BIN:$PATH
TAI0=4611686018427387914	# TAI64 label of the Unix epoch: 2^62 + 10

# hexbin HEX: writes the bytes spelt by HEX to stdout.
hexbin() {
	_h=$1 _f=
	while [ -n "$_h" ]; do
		_f="$_f\\$(printf '%03o' "0x${_h%"${_h#??}"}")"
		_h=${_h#??}
	done
	printf "$_f"
}

# le32 N: N as 4 bytes, low byte first, in hex.
le32() {
	printf '%08x' "$1" | sed 's/\(..\)\(..\)\(..\)\(..\)/\4\3\2\1/'
}

# status HEX-SECONDS PID PAUSED WANT [NANO [TAIL]]: the hex of a record.
status() {
	printf '%s%s%s%s%s%s' "$1" "${5:-0001e240}" "$(le32 "$2")" "$3" "$4" "${6:-}"
}

ago() {		# ago N: TAI64 seconds of N seconds ago, in hex
	printf '%016x' $((TAI0 + $(date +%s) - $1))
}
# mask: a record made 5 s ago shows 5 to 59 seconds (a slow machine); S.
mask() { sed -e "s/ [5-9] seconds/ S seconds/" -e "s/ [1-5][0-9] seconds/ S seconds/"; }

# The ok probe: supervise/ok of every "running" directory is a symlink to
# one fifo that a tracked background process holds open for reading.
mkfifo okfifo
sleep 1000 <>okfifo &
track $!
mkdir -p probe/supervise
ln -s "$T/okfifo" probe/supervise/ok
wait_for 5 "$BIN/svok" probe || fail "the reader of okfifo never came"

# mkdir_st DIR HEX: a running-looking service directory with that record.
mkdir_st() {
	mkdir -p "$1/supervise"
	ln -s "$T/okfifo" "$1/supervise/ok"
	hexbin "$2" >"$1/supervise/status"
}

# The 24 combinations (spec 2.3). pid 0 with the paused byte set is
# impossible: daemonbox reports it as bad format (0.76 ignores the byte).
BAD="unable to read supervise/status: bad format"
while read -r pid pz want down exp; do
	d=c-$pid-$pz-$want-$down
	case $want in u) w=75 ;; d) w=64 ;; 0) w=00 ;; esac
	mkdir_st "$d" "$(status "$(ago 5)" "$pid" "$pz" "$w")"
	[ "$down" = down ] && : >"$d/down"
	run svstat "$d"
	check "$d: exit" 0 "$RC"
	check "$d: stderr" "" "$ERR"
	check "$d" "$d: $exp" "$(printf '%s\n' "$OUT" | mask)"
done <<'EOF'
0 00 u up down S seconds, normally up, want up
0 00 d up down S seconds, normally up
0 00 0 up down S seconds, normally up
0 00 u down down S seconds, want up
0 00 d down down S seconds
0 00 0 down down S seconds
0 01 u up unable to read supervise/status: bad format
0 01 d up unable to read supervise/status: bad format
0 01 0 up unable to read supervise/status: bad format
0 01 u down unable to read supervise/status: bad format
0 01 d down unable to read supervise/status: bad format
0 01 0 down unable to read supervise/status: bad format
1234 00 u up up (pid 1234) S seconds
1234 00 d up up (pid 1234) S seconds, want down
1234 00 0 up up (pid 1234) S seconds
1234 01 u up up (pid 1234) S seconds, paused
1234 01 d up up (pid 1234) S seconds, paused, want down
1234 01 0 up up (pid 1234) S seconds, paused
1234 00 u down up (pid 1234) S seconds, normally down
1234 00 d down up (pid 1234) S seconds, normally down, want down
1234 00 0 down up (pid 1234) S seconds, normally down
1234 01 u down up (pid 1234) S seconds, normally down, paused
1234 01 d down up (pid 1234) S seconds, normally down, paused, want down
1234 01 0 down up (pid 1234) S seconds, normally down, paused
EOF

# Several directories in one call: one line each, in order.
run svstat c-0-00-u-up c-1234-01-d-down c-0-01-u-up
check "three at once: lines" 3 "$(printf '%s\n' "$OUT" | wc -l | tr -d ' ')"
check "three at once" "c-0-00-u-up: down S seconds, normally up, want up
c-1234-01-d-down: up (pid 1234) S seconds, normally down, paused, want down
c-0-01-u-up: $BAD" "$(printf '%s\n' "$OUT" | mask)"
# The down file is looked at by svstat itself, every time.
: >c-1234-00-u-up/down
check "down file added later" "c-1234-00-u-up: up (pid 1234) S seconds, normally down" \
	"$(svstat c-1234-00-u-up | mask)"
rm c-1234-00-u-up/down
mkdir c-1234-00-u-up/down
check "down as a directory counts" "c-1234-00-u-up: up (pid 1234) S seconds, normally down" \
	"$(svstat c-1234-00-u-up | mask)"
rmdir c-1234-00-u-up/down
ln -s nowhere c-1234-00-u-up/down
check "dangling down symlink does not count" "c-1234-00-u-up: up (pid 1234) S seconds" \
	"$(svstat c-1234-00-u-up | mask)"
rm c-1234-00-u-up/down

# Other lines (spec 2.4).
mkdir nosup
mkdir -p dead/supervise
mkfifo dead/supervise/ok
mkdir -p nostatus/supervise
ln -s "$T/okfifo" nostatus/supervise/ok
mkdir_st loopdown "$(status "$(ago 5)" 0 00 75)"
ln -s down loopdown/down
mkdir -p okdir/supervise/ok
mkdir_st statusdir "$(status "$(ago 5)" 0 00 75)"
rm statusdir/supervise/status
mkdir statusdir/supervise/status
: >plain
expect "failure lines" 0 "nodir: unable to chdir: file does not exist
plain: unable to chdir: not a directory
nosup: unable to open supervise/ok: file does not exist
dead: supervise not running
nostatus: unable to open supervise/status: file does not exist
loopdown: unable to stat down: symbolic link loop
okdir: unable to open supervise/ok: is a directory
statusdir: unable to read supervise/status: is a directory" "" \
	svstat nodir plain nosup dead nostatus loopdown okdir statusdir
# A stale status behind a dead supervise is not shown.
hexbin "$(status "$(ago 5)" 1234 00 75)" >dead/supervise/status
expect "stale status hidden" 0 "dead: supervise not running" "" svstat dead
# Every argument is a directory, even option-like ones.
expect "-x is a directory" 0 "-x: unable to chdir: file does not exist" "" svstat -x
expect "-- is a directory" 0 "--: unable to chdir: file does not exist" "" svstat --
expect "no arguments" 0 "" "" svstat
# Each directory from the original one (relative paths).
mkdir -p sub
mkdir_st sub/a "$(status "$(ago 5)" 77 00 75)"
check "relative paths" "sub/a: up (pid 77) S seconds
sub/a: up (pid 77) S seconds
./sub/../sub/a: up (pid 77) S seconds" \
	"$(svstat sub/a sub/a ./sub/../sub/a | mask)"

# The seconds field: "0 seconds" in the same second, "1 seconds" one
# earlier (retried until the clock did not tick during the check).
secs_exact() {	# secs_exact N: svstat's seconds for a record N s old
	_i=0
	while [ $_i -lt 20 ]; do
		_t=$(date +%s)
		hexbin "$(status "$(printf '%016x' $((TAI0 + _t - $1)))" 0 00 64)" >w/supervise/status
		_o=$(svstat w)
		[ "$(date +%s)" = "$_t" ] && { printf '%s\n' "$_o"; return; }
		_i=$((_i + 1))
	done
	echo "clock kept ticking"
}
mkdir_st w "$(status "$(ago 0)" 0 00 64)"
check "0 seconds" "w: down 0 seconds, normally up" "$(secs_exact 0)"
check "1 seconds" "w: down 1 seconds, normally up" "$(secs_exact 1)"
check "2 seconds" "w: down 2 seconds, normally up" "$(secs_exact 2)"
# A pid printed unsigned, full 32 bits.
mkdir_st bigpid "$(status "$(ago 5)" 4294967295 00 75)"
check "pid ffffffff" "bigpid: up (pid 4294967295) S seconds" \
	"$(svstat bigpid | mask)"
# In the future (clock set back), within the year: 0 seconds.
mkdir_st future "$(status "$(ago -1000)" 1 00 75)"
expect "future: 0 seconds" 0 "future: up (pid 1) 0 seconds" "" svstat future
mkdir_st future2 "$(status "$(ago $((-365 * 86400)))" 0 00 75)"
expect "365 days ahead: 0 seconds" 0 "future2: down 0 seconds, normally up, want up" "" svstat future2
mkdir_st future3 "$(status "$(ago $((-366 * 86400 + 5)))" 1 01 64)"
expect "366 days ahead less 5 s: 0 seconds" 0 "future3: up (pid 1) 0 seconds, paused, want down" "" svstat future3
# A long time ago: the epoch itself is possible, and exact.
mkdir_st epoch "$(status "$(printf '%016x' $TAI0)" 0 00 64)"
run svstat epoch
s=$(printf '%s\n' "$OUT" | sed -n 's/^epoch: down \([0-9]*\) seconds, normally up$/\1/p')
now=$(date +%s)
[ -n "$s" ] && [ "$s" -ge $((now - 2)) ] && [ "$s" -le "$now" ] && pass ||
	fail "epoch record: $OUT (now $now)"
# Nanoseconds are ignored as long as they are possible.
mkdir_st nano "$(status "$(ago 5)" 9 00 75 3b9ac9ff)"
check "999999999 ns" "nano: up (pid 9) S seconds" "$(svstat nano | mask)"

# Any nonzero paused byte means paused.
mkdir_st pz-ff "$(status "$(ago 5)" 1234 ff 75)"
check "paused byte ff" "pz-ff: up (pid 1234) S seconds, paused" "$(svstat pz-ff | mask)"

# Sizes: 18 (0.76), 20 (runit), 52 and 60 (daemonbox) bytes and more are read.
mkdir_st sz18 "$(status "$(ago 5)" 1234 00 64)"
mkdir_st sz20 "$(status "$(ago 5)" 1234 00 64 0001e240 0101)"
mkdir_st sz52 "$(status "$(ago 5)" 1234 00 64 0001e240 \
	"01014401090100000000$(ago 7)$(printf "%032d" 0)")"
mkdir_st sz52z "$(status "$(ago 5)" 1234 00 64 0001e240 \
	"$(printf "%068d" 0)")"
mkdir_st sz60 "$(status "$(ago 5)" 1234 00 64 0001e240 \
	"01014401090100000000$(ago 7)$(printf "%048d" 0)")"
mkdir_st sz100 "$(status "$(ago 5)" 1234 00 64 0001e240 "$(printf '%0164d' 7)")"
for d in sz18 sz20 sz52 sz52z sz60 sz100; do
	check "$d bytes accepted" "$d: up (pid 1234) S seconds, want down" \
		"$(svstat $d | mask)"
done
check "sizes" "18 20 52 52 60 100" "$(for d in sz18 sz20 sz52 sz52z sz60 sz100; do
	wc -c <$d/supervise/status | tr -d ' '; done | tr '\n' ' ' | sed 's/ $//')"

# Deliberate difference from 0.76: impossible records are bad format.
badrec() {	# badrec NAME HEX
	mkdir_st "$1" "$2"
	expect "bad format: $1" 0 "$1: $BAD" "" svstat "$1"
}
badrec want-x "$(status "$(ago 5)" 1234 00 78)"
badrec want-U "$(status "$(ago 5)" 0 00 55)"
badrec want-1 "$(status "$(ago 5)" 1234 00 01)"
badrec paused-down "$(status "$(ago 5)" 0 01 64)"
badrec paused-2-down "$(status "$(ago 5)" 0 ff 75)"
badrec all-zero "$(printf '%036d' 0)"
badrec before-epoch "$(status "$(printf '%016x' $((TAI0 - 1)))" 0 00 64)"
badrec tai-zero "$(status 0000000000000000 1 00 75)"
badrec future-400d "$(status "$(ago $((-400 * 86400)))" 0 00 75)"
badrec future-366d-5s "$(status "$(ago $((-366 * 86400 - 5)))" 0 00 75)"
badrec future-far "$(status 7fffffffffffffff 1 00 75)"
badrec top-bit "$(status ffffffffffffffff 1 00 75)"
badrec nano-1e9 "$(status "$(ago 5)" 1234 00 75 3b9aca00)"
badrec nano-max "$(status "$(ago 5)" 1234 00 75 ffffffff)"
badrec bad-tail "$(status "$(ago 5)" 1234 00 78 0001e240 0101)"
# Too short: 0 and 17 bytes (same text as 0.76).
badrec empty ""
badrec short17 "$(status "$(ago 5)" 1234 00 75 | cut -c1-34)"
badrec short1 "75"

# Random records must not crash svstat: exit 0, one line each.
i=0
args=
while [ $i -lt 40 ]; do
	n=18
	[ $((i % 2)) -eq 1 ] && n=52
	mkdir -p "r$i/supervise"
	ln -s "$T/okfifo" "r$i/supervise/ok"
	head -c $n /dev/urandom >"r$i/supervise/status"
	args="$args r$i"
	i=$((i + 1))
done
# shellcheck disable=SC2086
run svstat $args
check "random: exit" 0 "$RC"
check "random: stderr" "" "$ERR"
check "random: one line each" 40 "$(printf '%s\n' "$OUT" | wc -l | tr -d ' ')"
check "random: well-formed lines" 0 "$(printf '%s\n' "$OUT" | grep -Evc \
	"^r[0-9]+: (up \(pid [0-9]+\) |down )[0-9]+ seconds|^r[0-9]+: $BAD\$")"
# Random records that are possible apart from their time show normally.
i=0
while [ $i -lt 20 ]; do
	r=$(od -An -tx1 -N6 /dev/urandom | tr -d ' \n')
	pid=$((0x${r%????}))
	case $((0x${r#????} % 3)) in 0) w=75 ;; 1) w=64 ;; 2) w=00 ;; esac
	hexbin "$(status "$(ago 5)" "$pid" 00 $w)" >r0/supervise/status
	run svstat r0
	case $pid in 0) exp="down S seconds" ;; *) exp="up (pid $pid) S seconds" ;; esac
	o=$(printf '%s\n' "$OUT" | mask)
	case $o in "r0: $exp"*) pass ;; *) fail "random pid $pid want $w: $o" ;; esac
	i=$((i + 1))
done


# Deliberate difference from 0.76 (which exits 0): output that cannot be
# written is an error.
if [ -w /dev/full ]; then
	run sh -c "svstat nodir >/dev/full"
	check "stdout full: exit" 111 "$RC"
	check "stdout full: message" "svstat: fatal: unable to write output: out of disk space" "$ERR"
fi

finish
