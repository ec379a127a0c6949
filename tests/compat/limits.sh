# limits.sh - softlimit and setlock against daemontools 0.76, byte for
# byte: usage texts, the option parser's lines, bad values, limits seen by
# the program, "unable to run/open/lock", the lock file left behind.
. "${DAEMONBOX_SOURCE_DIR:-$(dirname "$0")/../..}/tests/compat/lib.sh"

cd "$T" || exit 1
# A sanitizer build cannot run once its data or address space is limited
# (the shadow memory needs huge mappings): skip those checks there only.
memok=yes
if grep -q __asan_init "$DAEMONBOX"; then
	memok=no
	echo 'note: sanitizer build, memory limits not checked' >&2
fi
printf 'garbage\n' >noexec
chmod 755 noexec

# softlimit: usage and the option parser.
same 'softlimit: no arguments' softlimit
same 'softlimit: options only' softlimit -o 5
same 'softlimit: illegal option' softlimit -z echo hi
same 'softlimit: illegal option after good ones' softlimit -o 5 -t 3 -zq echo
same 'softlimit: colon' softlimit -: echo hi
same 'softlimit: dash in a bundle' softlimit -o5 -- -t- echo
same 'softlimit: missing argument' softlimit -o
same 'softlimit: missing argument after others' softlimit -o 5 -p
same 'softlimit: attached argument' softlimit -o50 sh -c 'ulimit -n'
same 'softlimit: bundle takes the rest' softlimit -ao echo a
same 'softlimit: -- consumed' softlimit -- echo a
same 'softlimit: --foo consumed' softlimit --foo echo a
same 'softlimit: lone -' softlimit -o 50 - echo
same 'softlimit: options stop at the program' softlimit echo -o 5
same 'softlimit: -o takes --' softlimit -o -- echo a
for v in 10k +5 12x ' 5' '5 ' =5 == 0x10 -1; do
	same "softlimit: bad value [$v]" softlimit -o "$v" echo a
done

# softlimit: limits as the program sees them.
same 'softlimit: -o' softlimit -o 50 sh -c 'ulimit -n'
same 'softlimit: -t' softlimit -t 7 sh -c 'ulimit -t'
same 'softlimit: last wins' softlimit -o 200 -o 100 sh -c 'ulimit -n'
same 'softlimit: = is hard' softlimit -t 5 -t = sh -c 'ulimit -t'
same 'softlimit: = on -o' softlimit -o 10 -o = sh -c 'ulimit -n'
same 'softlimit: empty is 0' softlimit -c '' sh -c 'ulimit -c'
same 'softlimit: leading zeros' softlimit -o 050 sh -c 'ulimit -n'
same 'softlimit: clamped' softlimit -o 99999999 sh -c 'ulimit -n -Hn'
if [ $memok = yes ]; then
	same 'softlimit: -m' softlimit -m 100000000 \
	    sh -c 'ulimit -d; ulimit -s; ulimit -l; ulimit -v'
	same 'softlimit: -m then -d' softlimit -m 100000000 -d 50000000 \
	    sh -c 'ulimit -d; ulimit -s'
	same 'softlimit: -d -s -l' softlimit -d 2097152 -s 4194304 \
	    -l 1048576 sh -c 'ulimit -d; ulimit -s; ulimit -l'
fi
same 'softlimit: -p0' softlimit -p0 echo x
same 'softlimit: exit code' softlimit -t 100 sh -c 'echo x; exit 7'
if [ -r /proc/self/limits ] && [ $memok = yes ]; then
	same 'softlimit: every letter' softlimit -a 1000000000 -c 123 \
	    -d 1000000000 -f 1000000 -l 123 -o 123 -p 123 -r 123 \
	    -s 7340032 -t 123 cat /proc/self/limits
fi
if [ -r /proc/self/limits ]; then
	same 'softlimit: every letter =' softlimit -a = -c = -d = -f = \
	    -l = -o = -p = -r = -s = -t = cat /proc/self/limits
fi
same 'softlimit: unable to run' softlimit nonexistent-prog
same 'softlimit: exec format error' softlimit ./noexec
oldpath=$PATH
PATH=:$PATH
same 'softlimit: PATH search, empty element' softlimit noexec
PATH=$oldpath

# setlock: usage and the option parser.
same 'setlock: no arguments' setlock
same 'setlock: file only' setlock lk
same 'setlock: options only' setlock -nx
same 'setlock: illegal option' setlock -nq lk true
same 'setlock: colon' setlock -: lk true
same 'setlock: -- consumed' setlock -- lk echo x
same 'setlock: options stop at the file' setlock lk printf '%s\n' -n
same 'setlock: exit code' setlock lk sh -c 'echo x; exit 7'

# setlock: opening.
same 'setlock: missing directory' setlock nodir/lk true
same 'setlock: missing directory, -x' setlock -x nodir/lk true
same 'setlock: missing directory, -xX' setlock -xX nodir/lk true
same 'setlock: missing directory, -Xx' setlock -Xx nodir/lk true
same 'setlock: a directory' setlock . true
same 'setlock: a directory, -x' setlock -x . true
same 'setlock: unable to run' setlock lk nonexistent-prog
same 'setlock: unable to run despite -x' setlock -x lk /nonexistent
same 'setlock: exec format error' setlock lk ./noexec

# The file each one leaves: mode under umask 0, content kept, fd 3 appends.
for who in ref our; do
	if [ $who = ref ]; then tool=$REF/setlock; else tool=$BIN/setlock; fi
	(umask 0 && "$tool" new.$who true)
	printf 'keep\n' >old.$who
	chmod 640 old.$who
	sh -c 'exec 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&-; exec "$@"' sh \
	    "$tool" old.$who sh -c 'echo more >&3'
done
check 'setlock: new file mode' "$(ls -l new.ref | cut -c1-10)" \
    "$(ls -l new.our | cut -c1-10)"
check 'setlock: old file mode' "$(ls -l old.ref | cut -c1-10)" \
    "$(ls -l old.our | cut -c1-10)"
check 'setlock: old file content' "$(cat old.ref)" "$(cat old.our)"

# setlock: a held lock.
"$BIN/setlock" held sleep 600 </dev/null >/dev/null 2>&1 &
holder=$!
track "$holder"
wait_for 10 "$BIN/setlock" -nx held false || fail 'holder did not lock'
same 'setlock: held, -n' setlock -n held true
same 'setlock: held, -Nn' setlock -Nn held true
same 'setlock: held, -nx' setlock -nx held echo ran
same 'setlock: held, -nxX' setlock -nxX held true
kill "$holder"
wait "$holder" 2>/dev/null
same 'setlock: released' setlock -n held echo free

finish
