# multilog.sh - multilog end to end: every action, the 1000-byte rule,
# status files, alerts, stamps (t and our T), rotation by size and the
# archives kept, the large S size, processors (fds 0 1 4 5, state,
# failures and crashes with their pauses), SIGALRM, SIGTERM, modes, crash
# recovery at start-up, locks and fatal errors, write errors that pause
# (RLIMIT_FSIZE) and lose nothing, and no loss under kill -9 at random
# moments, rotations included.
. "$DAEMONBOX_SOURCE_DIR/tests/integration/lib.sh"

cd "$T" || exit 1
umask 022
PATH=$BIN:$PATH
ML=$BIN/multilog

# modeof FILE: its permission bits in octal (ls, for Linux and FreeBSD).
modeof() {
	ls -ld "$1" | awk '{ v = 0
		for (i = 2; i <= 10; i++) v = v * 2 + (substr($1, i, 1) != "-")
		printf "%o\n", v }'
}
sizeof() { wc -c <"$1" | tr -d ' '; }
count() { ls -d "$@" 2>/dev/null | wc -l | tr -d ' '; }
strip() { sed 's/^@[0-9a-f]\{24\} //'; }

# lines N LEN: N lines of LEN bytes (numbered, zero-padded) and a newline.
lines() {
	awk -v n="$1" -v l="$2" 'BEGIN {
		for (i = 1; i <= n; i++) printf "%0" l "d\n", i }'
}

# ---- no arguments: stdin read and thrown away
printf 'a\nb\n' >stdin
nowhere="multilog: warning: no action writes anywhere: every line is dropped (a directory is named with a leading . or /, as ./main)"
expect "no script" 0 "" "$nowhere" "$ML"
# A directory named without ./ is no directory (0.76): warned about.
expect "t main" 0 "" "$nowhere" "$ML" t main
expect "e writes somewhere" 0 "" "$(printf 'a\nb')" "$ML" e
rm -f stdin
# A directory that cannot be made says why, not "file does not exist".
if [ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1; then
	mkdir owned
	expect "log directory not made: the reason" 111 "" \
		"multilog: fatal: unable to open directory ./owned/main: access denied" \
		"$BIN/setuidgid" nobody "$ML" t ./owned/main
else
	echo "not root: the access-denied check skipped"
fi
# Read from a terminal (started by hand): said so.
if command -v script >/dev/null && script -qec true /dev/null >/dev/null 2>&1; then
	script -qfec "$ML e" /dev/null </dev/null >tty.out 2>&1 &
	sp=$!
	track $sp
	wait_for 60 grep -q "multilog: warning: reading log lines from the terminal" tty.out &&
		pass || fail "no warning on a terminal: $(cat tty.out)"
	kill "$sp" 2>/dev/null
	wait "$sp" 2>/dev/null
else
	echo "no script(1) for a terminal: that check skipped"
fi

# ---- a fresh directory, modes, contents
printf 'one\ntwo\n' | "$ML" ./d
check "rc fresh" 0 $?
check "dir mode" 700 "$(modeof d)"
check "lock mode" 600 "$(modeof d/lock)"
check "state mode" 644 "$(modeof d/state)"
check "current mode after exit" 744 "$(modeof d/current)"
check "current" "$(printf 'one\ntwo')" "$(cat d/current)"
check "state empty" 0 "$(sizeof d/state)"
check "files" "current lock state" "$(ls d | tr '\n' ' ' | sed 's/ $//')"
# A second run appends to the clean current; an existing dir keeps its mode.
chmod 755 d
printf 'three\n' | "$ML" ./d
check "appended" "$(printf 'one\ntwo\nthree')" "$(cat d/current)"
check "dir mode kept" 755 "$(modeof d)"
check "no archive on clean restart" 0 "$(count d/@*)"
rm -rf d

# Closed stdin: the input ends at once (0.76 reads its "." there).
"$ML" ./cl <&-
check "stdin closed" "0 0" "$? $(sizeof cl/current)"
rm -rf cl

# ---- selection, left to right (spec example)
printf 'apple\nbanana\ncherry\n' | "$ML" '-*' '+a*' ./A '-*' '+b*' ./B '+c*' ./C
check "A" apple "$(cat A/current)"
check "B" banana "$(cat B/current)"
check "C" "$(printf 'banana\ncherry')" "$(cat C/current)"
rm -rf A B C
# Patterns: no backtracking, literal metacharacters, whole line.
printf 'abab\nab?\nabc\nx y one\n' | "$ML" '-*' '+*b*' ./p1 '-*' '+a?c' '+ab?' ./p2 '-*' '+* * one' ./p3
check "*b* matches" "$(printf 'abab\nab?\nabc')" "$(cat p1/current)"
check "? literal" 'ab?' "$(cat p2/current)"
check "two stars" 'x y one' "$(cat p3/current)"
printf 'abab\n' | "$ML" '-*b' ./p4
check "*b does not match abab" abab "$(cat p4/current)"
rm -rf p1 p2 p3 p4

# ---- e: alerts on stderr; 200 bytes then "..."
l200=$(awk 'BEGIN { while (n++ < 200) printf "x" }')
l201=${l200}y
printf '%s\n%s\nshort\nlast' "$l200" "$l201" >stdin
run "$ML" e
check "e rc" 0 "$RC"
check "e stdout" "" "$OUT"
check "e output" "$(printf '%s\n%s...\nshort\nlast' "$l200" "$l200")" "$ERR"
check "e 200 bytes" 201 "$(head -n 1 err | wc -c | tr -d ' ')"
# exyz is e too; e uses the selection at its position.
printf 'keep\ndrop\n' >stdin
run "$ML" '-drop' exyz '-*' e
check "exyz" keep "$ERR"
rm -f stdin

# ---- =file: 1001 bytes, mode 600, never truncated
printf 'one\ntwo\n' | "$ML" =st
check "status size" 1001 "$(sizeof st)"
check "status mode" 600 "$(modeof st)"
check "status text" two "$(head -c 3 st)"
check "status padding" 998 "$(tail -c +4 st | tr -cd '\n' | wc -c | tr -d ' ')"
awk 'BEGIN { while (n++ < 3000) printf "z" }' >big
printf 'hi\n' | "$ML" =big
check "status not truncated" 3000 "$(sizeof big)"
check "status overwritten" "hi" "$(head -c 2 big)"
check "status tail kept" zzz "$(tail -c 3 big)"
# Only selected lines; none selected leaves the file as it was.
printf 'a\nb\nc\n' | "$ML" '-b' =sel
check "last selected" c "$(head -c 1 sel)"
printf 'x\n' | "$ML" '-*' =sel
check "nothing selected" c "$(head -c 1 sel)"
printf 'x\n' >stdin
expect "status missing parent" 111 "" \
    "multilog: fatal: unable to create nodir/st: file does not exist" \
    "$ML" =nodir/st
rm -f stdin st big sel

# ---- the 1000-byte rule
l1500=$(awk 'BEGIN { while (n++ < 1499) printf "a"; printf "Z" }')
printf '%s\n' "$l1500" | "$ML" e =st ./d 2>err
check "long line whole in dir" 1501 "$(sizeof d/current)"
check "long line e" 204 "$(wc -c <err | tr -d ' ')"
check "long line = first 1000" 1000 "$(head -n 1 st | wc -c | tr -d ' ' | awk '{print $1 - 1}')"
check "long line = size" 1001 "$(sizeof st)"
rm -rf d st
# Patterns see the first 1000 bytes only.
printf '%s\n' "$l1500" | "$ML" '-*' '+*Z' ./z '-*' '+a*' ./a
check "byte 1500 not seen" 0 "$(sizeof z/current)"
check "first 1000 match a*" 1501 "$(sizeof a/current)"
rm -rf z a
# A line of exactly 1000 bytes, one of 1001 (e shows 200 + ...).
l1000=$(awk 'BEGIN { while (n++ < 1000) printf "b" }')
printf '%s\n%sc\n' "$l1000" "$l1000" | "$ML" ./d
check "1000 and 1001" 2003 "$(sizeof d/current)"
rm -rf d
# NUL bytes pass; a last line without newline gets one.
printf 'a\000b\nlast' | "$ML" ./d
check "nul and eof line" "$(printf 'a\000b\nlast\n' | od -An -c)" "$(od -An -c d/current)"
rm -rf d

# ---- t: TAI64N stamps (26 bytes of the 1000), patterns see them
printf 'ONE\n\nx\n' | "$ML" t ./all '-*' '+ONE' ./n '-*' '+* ONE' ./y
check "t no match without *" 0 "$(sizeof n/current)"
check "t stamp format" 1 "$(grep -c '^@[0-9a-f]\{24\} ONE$' y/current)"
check "t empty line" 1 "$(grep -c '^@[0-9a-f]\{24\} $' all/current)"
check "t lines" 3 "$(wc -l <all/current | tr -d ' ')"
# Stamps end in 500 ns, as daemontools' do; and tai64nlocal reads them.
check "t nano ends in 500" 500 "$(($(printf '%d' "0x$(head -c 25 y/current | tail -c 8)") % 1000))"
check "tai64nlocal reads t" 1 "$(tai64nlocal <y/current | grep -c '^[0-9-]* [0-9:.]* ONE$')"
rm -rf n y all
# tfoo first works; t later is ignored.
printf 'x\n' | "$ML" tfoo ./a
printf 'x\n' | "$ML" ./b t
check "tfoo" 1 "$(grep -c '^@[0-9a-f]\{24\} x$' a/current)"
check "t not first" x "$(cat b/current)"
rm -rf a b
# With t, a long line is judged on the stamp and 974 bytes.
l974=$(awk 'BEGIN { while (n++ < 974) printf "c" }')
printf '%sQ\n' "$l974" | "$ML" t e '-*' '+*Q' ./q 2>err
check "t: byte 975 not seen" 0 "$(sizeof q/current)"
check "t: e 200 + ..." 204 "$(wc -c <err | tr -d ' ')"
rm -rf q err

# ---- T: ISO 8601 UTC stamps (daemonbox)
printf 'hello\n' | "$ML" T ./iso
check "T format" 1 "$(grep -c '^[0-9]\{4\}-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9]\{6\}Z hello$' iso/current)"
check "T is UTC today" "$(date -u +%Y-%m-%d)" "$(cut -c1-10 iso/current)"
printf 'x\n' | "$ML" ./iso2 T
check "T not first ignored" x "$(cat iso2/current)"
rm -rf iso iso2

# ---- unknown actions are ignored
printf 'x\n' | "$ML" x '' S Sfoo ./u
check "unknown ignored" x "$(cat u/current)"
rm -rf u

# ---- rotation by size
lines 400 99 | "$ML" s4096 n100 ./r
ok=1
for f in r/@*; do
	s=$(sizeof "$f")
	[ "$s" -ge 2096 ] && [ "$s" -le 4096 ] || ok=0
	[ "$(tail -c 1 "$f" | od -An -c | tr -d ' ')" = '\n' ] || ok=0
	[ "$(modeof "$f")" = 744 ] || ok=0
	case $f in r/@[0-9a-f]*.s) ;; *) ok=0 ;; esac
done
check "archives: 2096..4096 bytes, whole lines, 744, .s" 1 "$ok"
check "nothing lost or doubled" "$(lines 400 99 | cksum)" "$(cat r/@* r/current | cksum)"
check "archive names" "$(count r/@*)" "$(ls r | grep -c '^@[0-9a-f]\{24\}\.s$')"
rm -rf r
# n3: at most 2 archives, the newest.
lines 400 99 | "$ML" s4096 n3 ./r
check "n3 keeps 2" 2 "$(count r/@*)"
check "n3 keeps the end" "$(lines 400 99 | tail -c "$(cat r/@* r/current | wc -c)" | cksum)" "$(cat r/@* r/current | cksum)"
rm -rf r
lines 400 99 | "$ML" s4096 n1 ./r
check "n1 is n2" 1 "$(count r/@*)"
rm -rf r
# Cut only at exactly SIZE: a 10000-byte line with s4096.
awk 'BEGIN { while (n++ < 10000) printf "L"; print "" }' | "$ML" s4096 ./r
check "hard cuts" "4096 4096 1809" "$(for f in r/@* r/current; do sizeof "$f"; done | tr '\n' ' ' | sed 's/ $//')"
rm -rf r
# s is clamped to 16777215, S is not (daemonbox).
head -c 16800000 /dev/zero | tr '\0' '\n' >zeros
"$ML" s99999999 ./s16 <zeros
"$ML" S20000000 ./s20 <zeros
check "s clamps" 1 "$(count s16/@*)"
check "S20000000 holds 16.8 MB" "0 16800000" "$(count s20/@*) $(sizeof s20/current)"
rm -rf s16 s20 zeros

# ---- crash recovery at start-up
mkdir rec
printf 'unsafe\n' >rec/current
chmod 644 rec/current
printf 'in\n' >rec/previous
printf 'out\n' >rec/processed
chmod 744 rec/previous rec/processed
printf 'old\n' >rec/state
printf 'new\n' >rec/newstate
printf 'next\n' | "$ML" ./rec
check "recovered .s = processed" out "$(cat rec/@*.s)"
check "recovered .u = current" unsafe "$(cat rec/@*.u)"
check "u mode" 644 "$(modeof rec/@*.u)"
check "previous gone" 0 "$(count rec/previous rec/processed rec/newstate)"
check "state emptied" 0 "$(sizeof rec/state)"
check "fresh current" next "$(cat rec/current)"
rm -rf rec
mkdir rec
printf 'in\n' >rec/previous
printf 'half' >rec/processed
printf '' | "$ML" ./rec
check "unfinished processing: previous as .u" in "$(cat rec/@*.u)"
check "processed dropped" 0 "$(count rec/processed rec/previous)"
rm -rf rec

# ---- locks and fatal set-up errors
mkfifo hold
exec 3<>hold
"$ML" ./lk <hold 3>&- 2>lk.err &
lkpid=$!
track "$lkpid"
wait_for 5 test -f lk/current || fail "first multilog did not start"
printf 'x\n' >stdin
expect "locked" 111 "" "multilog: fatal: unable to lock directory ./lk: temporary failure" "$ML" ./lk
expect "same dir twice" 111 "" "multilog: fatal: unable to lock directory ./tw: temporary failure" "$ML" ./tw ./tw
: >afile
expect "not a dir" 111 "" "multilog: fatal: unable to open directory ./afile/x: not a directory" "$ML" ./afile/x
expect "no parent" 111 "" "multilog: fatal: unable to open directory ./no/such: file does not exist" "$ML" ./no/such
rm -f stdin
kill "$lkpid"
wait "$lkpid"
check "TERM before any input: rc" 0 $?

# ---- SIGALRM rotates non-empty currents; SIGTERM finishes the line
"$ML" ./al '-*' ./em <hold 3>&- 2>al.err &
alpid=$!
track "$alpid"
wait_for 5 test -f em/current || fail "multilog did not start"
printf 'one\n' >&3
wait_for 5 grep -q one al/current || fail "line not written"
kill -ALRM "$alpid"
wait_for 5 sh -c 'ls al/@*.s' || fail "ALRM did not rotate"
check "ALRM archive" one "$(cat al/@*.s 2>/dev/null)"
check "ALRM empty dir untouched" 0 "$(count em/@*)"
check "current 644 while running" 644 "$(modeof al/current)"
printf 'two\npart' >&3
wait_for 5 grep -q two al/current || fail "line two not written"
kill -TERM "$alpid"
# multilog waits for the end of the line, then exits 0.
delivered "$alpid"
kill -0 "$alpid" 2>/dev/null
check "TERM waits for the line" 0 $?
printf 'ial\nafter\n' >&3
wait "$alpid"
check "TERM rc" 0 $?
check "TERM finished line" "$(printf 'two\npartial')" "$(cat al/current)"
check "TERM current 744" 744 "$(modeof al/current)"
check "TERM left the rest" after "$(dd bs=6 count=1 <hold 2>/dev/null | head -n 1)"
check "TERM no messages" "" "$(cat al.err)"
# TERM between lines exits at once.
"$ML" ./al <hold 3>&- &
alpid=$!
track "$alpid"
printf 'three\n' >&3
wait_for 5 grep -q three al/current
kill -TERM "$alpid"
wait "$alpid"
check "TERM idle rc" 0 $?
rm -rf al em lk tw

# ---- processors: fds 0 1 4 5, cwd, modes, state
cat >proc.sh <<'EOF'
#!/bin/sh
# stdin -> upper case on stdout; state counts runs; fd 3 untouched.
tr a-z A-Z
n=$(cat <&4)
echo $((${n:-0} + 1)) >&5
pwd >>../proc.log
ls -l previous processed newstate | awk '{ print $1, $NF }' >>../proc.log
EOF
chmod +x proc.sh
printf 'abc\n' | "$ML" "!$T/proc.sh" ./pr
# Rotate with ALRM twice, through a held pipe.
"$ML" "!$T/proc.sh" ./pr <hold 3>&- &
prpid=$!
track "$prpid"
printf 'ghi\n' >&3
wait_for 5 grep -q ghi pr/current
kill -ALRM "$prpid"
wait_for 5 sh -c 'ls pr/@*.s' || fail "processor did not run"
printf 'jkl\n' >&3
wait_for 5 grep -q jkl pr/current
kill -ALRM "$prpid"
wait_for 5 sh -c 'test "$(ls pr/@*.s | wc -l)" -eq 2' || fail "second run"
kill -TERM "$prpid"
wait "$prpid"
check "processed output" "$(printf 'ABC\nGHI\nJKL')" "$(cat pr/@*.s)"
check "state" 2 "$(cat pr/state)"
check "processor cwd" "$T/pr" "$(sed -n 1p proc.log)"
check "processor modes" "-rw-r--r-- newstate|-rwxr--r-- previous|-rw-r--r-- processed" "$(sed -n '2,4p' proc.log | tr '\n' '|' | sed 's/|$//')"
check "processor leftovers" 0 "$(count pr/previous pr/processed pr/newstate)"
check "archive modes" "744 744" "$(for f in pr/@*.s; do modeof "$f"; done | tr '\n' ' ' | sed 's/ $//')"
rm -rf pr proc.log
# A bare ! archives an empty file.
lines 50 99 | "$ML" s4096 '!' ./e
check "empty processor" 0 "$(cat e/@*.s | wc -c | tr -d ' ')"
rm -rf e

# A failing processor pauses 5 s and runs again on the same input; a
# crashed one pauses twice.
flaky='if [ ! -e ../f1 ]; then : >../f1; cat >/dev/null; exit 3; fi
if [ ! -e ../f2 ]; then : >../f2; kill -9 $$; fi
cat'
start=$(date +%s)
printf 'data\n' | "$ML" "!$flaky" ./fl &
flpid=$!
track "$flpid"
wait "$flpid"
"$ML" "!$flaky" ./fl <hold 3>&- 2>fl.err &
flpid=$!
track "$flpid"
printf 'more\n' >&3
wait_for 5 grep -q more fl/current
kill -ALRM "$flpid"
wait_for 20 sh -c 'ls fl/@*.s' || fail "processor never succeeded"
elapsed=$(($(date +%s) - start))
kill -TERM "$flpid"
wait "$flpid"
check "failed then crashed" "multilog: warning: processor failed in ./fl, pausing
multilog: warning: processor crashed in ./fl, pausing: $(sed -n 2p fl.err | sed 's/.*pausing: //')
multilog: warning: processor failed in ./fl, pausing" "$(cat fl.err)"
check "pauses took 15 s" 1 "$(test "$elapsed" -ge 14 && echo 1)"
check "processed once" "$(printf 'data\nmore')" "$(cat fl/@*.s)"
rm -rf fl fl.err f1 f2

# ---- write errors pause and retry, nothing lost or doubled (RLIMIT_FSIZE)
# prlimit (util-linux) lifts the limit from outside while multilog waits.
if command -v prlimit >/dev/null 2>&1; then
	(
		trap '' XFSZ
		exec softlimit -f 3000 "$ML" ./fs <hold 3>&- 2>fs.err
	) &
	fspid=$!
	track "$fspid"
	wait_for 5 test -f fs/current
	lines 100 99 >&3
	wait_for 5 grep -q pausing fs.err || fail "no pause on EFBIG"
	check "EFBIG warning" "multilog: warning: unable to write to ./fs/current, pausing: file too big" "$(head -n 1 fs.err)"
	check "kept data back" 3000 "$(sizeof fs/current)"
	prlimit --pid "$fspid" --fsize=unlimited:unlimited
	wait_for 8 sh -c 'test "$(wc -c <fs/current)" -eq 10000' ||
	    fail "never resumed"
	kill -TERM "$fspid"
	wait "$fspid"
	check "after the pause" "$(lines 100 99 | cksum)" "$(cksum <fs/current)"
	rm -rf fs fs.err
else
	echo "no prlimit: write-error pause not tested"
fi

# ---- a rotation step that fails (previous is in the way as a directory):
# a pause, then the same step again once it is cleared
"$ML" s4096 ./rn <hold 3>&- 2>rn.err &
rnpid=$!
track "$rnpid"
wait_for 5 test -f rn/current
mkdir -p rn/previous/x
lines 50 99 >&3
wait_for 5 grep -q pausing rn.err || fail "no pause on rename"
check "rename warning" "multilog: warning: unable to rename current to previous in directory ./rn, pausing: is a directory" "$(head -n 1 rn.err)"
rm -rf rn/previous
wait_for 8 sh -c 'ls rn/@*.s' || fail "never rotated"
kill -TERM "$rnpid"
wait "$rnpid"
check "after the rename pause" "$(lines 50 99 | cksum)" "$(cat rn/@* rn/current | cksum)"
rm -rf rn rn.err

# ---- a full filesystem (a small tmpfs, where we may mount one): pause,
# then carry on when space is freed
if [ "$(id -u)" = 0 ] && mkdir mnt &&
    mount -t tmpfs -o size=256k tmpfs mnt 2>/dev/null; then
	trap 'umount "$T/mnt" 2>/dev/null; cleanup' EXIT
	"$ML" ./mnt/d <hold 3>&- 2>sp.err &
	sppid=$!
	track "$sppid"
	wait_for 5 test -f mnt/d/current
	dd if=/dev/zero of=mnt/fill bs=4096 2>/dev/null
	lines 300 99 >&3
	wait_for 5 grep -q pausing sp.err || fail "no pause on ENOSPC"
	check "ENOSPC warning" "multilog: warning: unable to write to ./mnt/d/current, pausing: out of disk space" "$(head -n 1 sp.err)"
	rm mnt/fill
	wait_for 8 sh -c 'test "$(wc -c <mnt/d/current)" -eq 30000' ||
	    fail "never resumed after ENOSPC"
	kill -TERM "$sppid"
	wait "$sppid"
	check "after ENOSPC" "$(lines 300 99 | cksum)" "$(cksum <mnt/d/current)"
	umount mnt
	rm -rf mnt sp.err
else
	echo "cannot mount a tmpfs: full-filesystem pause not tested"
fi

# ---- no loss under kill -9: a numbered stream through a held pipe,
# multilog killed at random moments and started again on the same pipe.
# Every number must be there; a kill may repeat only the batch written the
# instant before it (one run of repeated numbers per kill at most).
# killtest NAME N KILLS SCRIPT...
killtest() {
	_name=$1 _n=$2 _k=$3
	shift 3
	mkfifo kpipe
	exec 4<>kpipe
	rm -f kill.done
	{
		awk -v n="$_n" 'BEGIN { for (i = 1; i <= n; i++) { print i
		    if (i % 500 == 0) { fflush(); system("sleep 0.002") } } }'
		: >kill.done
	} >kpipe 4>&- 3>&- &
	_w=$!
	track "$_w"
	_i=0
	# A processor of a killed multilog can hold the lock for the instant
	# between its fork and exec (supervise waits a second anyway).
	while [ "$_i" -lt "$_k" ]; do
		[ ! -d k ] || wait_for 5 setlock -n k/lock true
		"$ML" "$@" <kpipe 4>&- 3>&- 2>>kill.err &
		_m=$!
		_r=$(od -An -N1 -tu1 /dev/urandom | tr -d ' ')
		sleep "0.$(printf '%03d' $((_r * 2 + 20)))"
		kill -9 "$_m"
		wait "$_m" 2>/dev/null
		_i=$((_i + 1))
	done
	wait_for 5 setlock -n k/lock true
	"$ML" "$@" <kpipe 4>&- 3>&- 2>>kill.err &
	_m=$!
	track "$_m"
	# The writer ends once all is read; should multilog die, stop it.
	while [ ! -e kill.done ]; do
		if ! kill -0 "$_m" 2>/dev/null; then
			fail "$_name: multilog died: $(cat kill.err)"
			kill "$_w"
			break
		fi
		sleep 0.05
	done
	wait "$_w"
	exec 4>&-
	wait "$_m"
	cat k/@* k/current | strip | sort -n | uniq -c | awk -v n="$_n" '
		{ seen[$2] = 1; if ($1 > 1) { dup += $1 - 1
			if ($2 != last + 1) runs++; last = $2 } }
		END { for (i = 1; i <= n; i++) if (!(i in seen)) lost++
			printf "%d %d %d\n", lost, dup, runs }' >kill.res
	read _lost _dup _runs <kill.res
	check "$_name: none lost" 0 "$_lost"
	check "$_name: repeats at most one batch per kill" 1 \
	    "$(test "$_runs" -le "$_k" && echo 1)"
	check "$_name: no messages" "" "$(cat kill.err)"
	printf '%s: %s kills, %s repeated lines in %s runs\n' "$_name" "$_k" \
	    "$_dup" "$_runs"
	rm -rf k kpipe kill.err kill.res kill.done
}
killtest "plain" 300000 6 s1000000 n100 ./k
killtest "t, small files" 100000 6 t s4096 n10000 ./k
killtest "processor" 50000 4 s4096 n10000 '!cat' ./k

exec 3>&-
finish
