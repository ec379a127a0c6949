# multilog.sh - multilog next to daemontools 0.76's: each scenario runs in
# a fresh directory with the oracle and with ours; stdout, stderr, exit
# code and every file left behind (name, type, mode, size, bytes) must be
# the same, once TAI64N labels in names and stamps are masked. Rotation
# scenarios use inputs whose cut points do not depend on how input is
# chunked (0.76's exact points do; see multilog.8).
. "${DAEMONBOX_SOURCE_DIR:-$(dirname "$0")/../..}/tests/compat/lib.sh"

cd "$T" || exit 1
umask 022
[ -x "$REF/multilog" ] || skip "no multilog in $REF"

# snapshot DIR: one line per file under DIR, sorted by real name: its
# name, ls mode string, size, checksum (stamps masked), stamped lines.
snapshot() {
	(cd "$1" && find . ! -name . | LC_ALL=C sort |
	while IFS= read -r f; do
		m=$(ls -ld "$f" | awk '{ print $1 }')
		if [ -d "$f" ] || [ -p "$f" ]; then
			printf '%s %s\n' "$f" "$m"
		else
			printf '%s %s %s %s %s\n' "$f" "$m" \
			    "$(wc -c <"$f" | tr -d ' ')" \
			    "$(sed 's/^@[0-9a-f]\{24\} /@STAMP /' "$f" | cksum)" \
			    "$(grep -c '^@[0-9a-f]\{24\} ' "$f")"
		fi
	done) | sed 's/@[0-9a-f]\{24\}\./@LABEL./g'
}

# scenario DESC FUNCTION: FUNCTION runs in a fresh directory with $ML set
# to the oracle, then to ours; everything it leaves must match.
scenario() {
	for side in ref our; do
		rm -rf "$T/$side"
		mkdir "$T/$side"
		if [ "$side" = ref ]; then ML=$REF/multilog; else ML=$BIN/multilog; fi
		(cd "$T/$side" && "$2") >"$T/$side.out" 2>"$T/$side.err"
		echo "$?" >"$T/$side.rc"
		for k in out err; do
			sed 's/@[0-9a-f]\{24\}/@LABEL/g' "$T/$side.$k" >"$T/$side.tmp"
			mv "$T/$side.tmp" "$T/$side.$k"
		done
		snapshot "$T/$side" >"$T/$side.snap"
	done
	for k in rc out err snap; do
		if cmp -s "$T/ref.$k" "$T/our.$k"; then pass; else
			fail "$1: $k differs"
			diff "$T/ref.$k" "$T/our.$k" | head -n 12 >&2
		fi
	done
}

lines() {
	awk -v n="$1" -v l="$2" 'BEGIN {
		for (i = 1; i <= n; i++) printf "%0" l "d\n", i }'
}

# poll SECONDS CMD...: like wait_for, for use inside scenarios.
poll() { wait_for "$@"; }

# Ours adds one warning to this case (multilog.8), left out here and
# checked in tests/integration/multilog.sh.
s_noargs() {
	printf 'a\nb\n' | $ML 2>noargs.err
	_rc=$?
	grep -v '^multilog: warning: no action writes anywhere' noargs.err >&2
	rm -f noargs.err
	return $_rc
}
s_closed() { $ML ./d <&-; echo "rc $?"; }
s_fresh() { printf 'one\ntwo\n' | $ML ./d; echo "rc $?"; }
s_append() {
	printf 'one\n' | $ML ./d
	chmod 755 d
	printf 'two\n' | $ML ./d
}
s_select() {
	printf 'apple\nbanana\ncherry\n' |
	    $ML '-*' '+a*' ./A '-*' '+b*' ./B '+c*' ./C
}
s_patterns() {
	printf 'one\nonetwo\n\nxy one\n  one\nxy one \nx y one\n   one\nabab\naxbxb\na*\nab\na.b.\na?c\n[x]\n' |
	    $ML '-*' '+one' ./p1 '-*' '+one*' ./p2 '-*' '+*' ./p3 '-*' '+' ./p4 \
	    '-*' '+* one' ./p5 '-*' '+* * one' ./p6 '-*' '+*b' ./p7 '-*' '+*b*' ./p8 \
	    '-*' '+a*b' ./p9 '-*' '+**' ./p10 '-*' '+*.' ./p11 '-*' '+a?c' ./p12 \
	    '-*' '+[x]' ./p13 '+a*' '-*b' ./p14
}
s_alert() {
	x200=$(awk 'BEGIN { while (n++ < 200) printf "x" }')
	printf '%s\n%sy\nshort\n\nlast' "$x200" "$x200" | $ML e exyz '-short' e
}
s_status() {
	printf 'one\ntwo\n' | $ML =st
	awk 'BEGIN { while (n++ < 3000) printf "z" }' >big
	printf 'hi\n' | $ML =big
	printf 'a\nb\nc\n' | $ML '-b' =sel '-*' =none
}
s_status_fatal() { printf 'x\n' | $ML =nodir/st ./d; }
s_long() {
	awk 'BEGIN { while (n++ < 1499) printf "a"; print "Z" }' |
	    $ML e =st ./d '-*' '+*Z' ./z '-*' '+a*' ./a
	awk 'BEGIN { while (n++ < 1000) printf "b"; print ""
		n = 0; while (n++ < 1001) printf "c"; print "" }' | $ML ./e e
}
s_binary() { printf 'a\000b\n\000\nlast' | $ML e ./d =st; }
s_stamp() {
	printf 'ONE\n\nx\n' | $ML t ./all '-*' '+ONE' ./n '-*' '+* ONE' ./y e
	printf 'x\n' | $ML tfoo ./a
	printf 'x\n' | $ML ./b t
	awk 'BEGIN { while (n++ < 974) printf "c"; print "Q" }' |
	    $ML t e '-*' '+*Q' ./q ./all2
}
s_unknown() { printf 'x\n' | $ML x '' S Sfoo ./u; }
s_hardcut() {
	awk 'BEGIN { while (n++ < 10000) printf "L"; print "" }' | $ML s4096 ./r
	awk 'BEGIN { while (n++ < 10000) printf "L"; print "" }' |
	    $ML s4500junk n1 ./j
	awk 'BEGIN { for (k = 0; k < 3; k++) { n = 0
		while (n++ < 9000) printf "M"; print "" } }' | $ML sxyz n3 ./n3
}
s_big_s() {
	# s99999999 is 16777215: nothing to rotate in 100 kB either way.
	lines 1000 99 | $ML s99999999 n0 ./d
}
s_recovery() {
	mkdir r1 r2 r3
	printf 'unsafe\n' >r1/current
	chmod 644 r1/current
	printf 'in\n' >r1/previous
	printf 'out\n' >r1/processed
	chmod 744 r1/previous r1/processed
	printf 'old\n' >r1/state
	printf 'new\n' >r1/newstate
	printf 'in\n' >r2/previous
	printf 'half' >r2/processed
	: >r2/current
	printf 'clean\n' >r3/current
	chmod 744 r3/current
	printf 'x\n' >r3/previous
	printf 'next\n' | $ML ./r1 ./r2 ./r3
}
s_fatal() {
	: >afile
	printf 'x\n' | $ML ./ok ./afile/x
	echo "rc $?"
	printf 'x\n' | $ML ./no/such
	echo "rc $?"
	printf 'x\n' | $ML ./tw ./tw
	echo "rc $?"
}
s_signals() {
	mkfifo hold
	exec 3<>hold
	$ML ./al '-*' ./em <hold 3>&- &
	pid=$!
	poll 5 test -f em/current
	printf 'one\n' >&3
	poll 5 grep -q one al/current
	kill -ALRM "$pid"
	poll 5 sh -c 'ls al/@*.s'
	poll 5 test ! -e al/previous
	ls -l al/current | awk '{ print $1 }'
	printf 'two\npart' >&3
	poll 5 grep -q two al/current
	kill -TERM "$pid"
	delivered "$pid"
	printf 'ial\nafter\n' >&3
	wait "$pid"
	echo "rc $?"
	dd bs=6 count=1 <&3 2>/dev/null
	exec 3>&-
	rm hold
}
s_processor() {
	cat >proc.sh <<'EOF'
#!/bin/sh
tr a-z A-Z
n=$(cat <&4)
echo $((${n:-0} + 1)) >&5
pwd | sed 's|.*/||' >&2
ls -l previous processed newstate state | awk '{ print $1, $NF }' >&2
EOF
	chmod +x proc.sh
	mkfifo hold
	exec 3<>hold
	$ML "!$PWD/proc.sh" ./pr <hold 3>&- &
	pid=$!
	for w in ghi jkl; do
		printf '%s\n' "$w" >&3
		poll 5 grep -q "$w" pr/current
		kill -ALRM "$pid"
		poll 5 sh -c 'test "$(grep -l "$1" pr/@*.s)"' x "$(echo $w | tr a-z A-Z)"
		poll 5 test ! -e pr/previous
	done
	kill -TERM "$pid"
	wait "$pid"
	exec 3>&-
	rm hold proc.sh
	# A bare ! archives an empty file.
	awk 'BEGIN { while (n++ < 10000) printf "L"; print "" }' |
	    $ML s4096 '!' ./e
}
s_processor_fails() {
	mkfifo hold
	exec 3<>hold
	$ML '!if [ ! -e ../f1 ]; then : >../f1; exit 2; fi; cat' ./pf <hold 3>&- &
	pid=$!
	printf 'data\n' >&3
	poll 5 grep -q data pf/current
	kill -ALRM "$pid"
	poll 15 sh -c 'ls pf/@*.s'
	poll 5 test ! -e pf/processed
	kill -TERM "$pid"
	wait "$pid"
	exec 3>&-
	rm hold
}

s_rename_pause() {
	mkfifo hold
	exec 3<>hold
	$ML s4096 ./rn <hold 3>&- &
	pid=$!
	poll 5 test -f rn/current
	mkdir -p rn/previous/x
	awk 'BEGIN { while (n++ < 2100) printf "R"; print "" }' >&3
	poll 5 grep -q pausing "$T/$side.err"
	rm -rf rn/previous
	poll 8 sh -c 'ls rn/@*.s'
	echo tail >&3
	poll 5 grep -q tail rn/current
	kill -TERM "$pid"
	wait "$pid"
	exec 3>&-
	rm hold
}

scenario "no arguments" s_noargs
scenario "stdin closed" s_closed
scenario "fresh directory" s_fresh
scenario "clean restart appends" s_append
scenario "selection" s_select
scenario "patterns" s_patterns
scenario "alerts" s_alert
scenario "status files" s_status
scenario "status file fatal" s_status_fatal
scenario "1000-byte rule" s_long
scenario "NUL bytes" s_binary
scenario "t stamps" s_stamp
scenario "unknown actions" s_unknown
scenario "hard cuts, s and n" s_hardcut
scenario "s clamp" s_big_s
scenario "crash recovery" s_recovery
scenario "fatal set-up errors" s_fatal
scenario "SIGALRM and SIGTERM" s_signals
scenario "processor protocol" s_processor
scenario "failing processor pauses" s_processor_fails
scenario "failing rotation pauses" s_rename_pause
finish
