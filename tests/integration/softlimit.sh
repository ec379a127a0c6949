# softlimit.sh - softlimit: every option letter, "=" and "" values, bad
# values, clamping to the hard limit, left-to-right order, the option
# parser's complaints, usage and "unable to run".
. "$DAEMONBOX_SOURCE_DIR/tests/integration/lib.sh"

S=$BIN/softlimit
USAGE='softlimit: usage: softlimit [-a allbytes] [-c corebytes] [-d databytes] [-f filebytes] [-l lockbytes] [-m membytes] [-o openfiles] [-p processes] [-r residentbytes] [-s stackbytes] [-t cpusecs] child'
cd "$T" || exit 1
# A sanitizer build cannot run once its data or address space is limited
# (the shadow memory needs huge mappings): skip those checks there only.
memok=yes
if grep -q __asan_init "$DAEMONBOX"; then
	memok=no
	echo 'note: sanitizer build, memory limits not checked' >&2
fi

# Usage and the option parser.
expect 'no arguments' 100 '' "$USAGE" "$S"
expect 'options only' 100 '' "$USAGE" "$S" -o 5
expect 'illegal option' 100 '' "softlimit: illegal option -- z
$USAGE" "$S" -z echo hi
expect 'illegal option in a bundle' 100 '' "softlimit: illegal option -- :
$USAGE" "$S" -: echo hi
expect 'missing argument' 100 '' "softlimit: option requires an argument -- o
$USAGE" "$S" -o
expect 'missing argument after others' 100 '' "softlimit: option requires an argument -- p
$USAGE" "$S" -o 5 -p
expect 'illegal option through daemonbox' 100 '' "softlimit: illegal option -- y
$USAGE" "$DAEMONBOX" softlimit -y echo
expect 'attached argument' 0 'a' '' "$S" -o50 echo a
expect '-- is consumed' 0 'a' '' "$S" -- echo a
expect '--x ends the options too' 0 'a' '' "$S" --foo echo a
expect 'lone - is the program' 111 '' \
    'softlimit: fatal: unable to run -: file does not exist' "$S" -o 50 - echo
expect 'options stop at the program' 0 '-o 5' '' "$S" echo -o 5
expect 'argument of a bundle letter' 100 '' "$USAGE" "$S" -ao echo a
expect '-o takes -- as its value' 100 '' "$USAGE" "$S" -o -- echo a

# Values that are not decimal digits.
for v in 10k +5 12x ' 5' '5 ' =5 == 0x10 -1; do
	expect "bad value [$v]" 100 '' "$USAGE" "$S" -o "$v" echo a
done

# Running the program.
expect 'unable to run' 111 '' \
    'softlimit: fatal: unable to run nonexistent-prog: file does not exist' \
    "$S" nonexistent-prog
printf 'garbage\n' >"$T/noexec"
chmod 755 "$T/noexec"
expect 'exec format error' 111 '' \
    "softlimit: fatal: unable to run $T/noexec: exec format error" \
    "$S" "$T/noexec"
expect 'exit code passes through' 7 'x' '' "$S" -t 100 sh -c 'echo x; exit 7'
expect '-p0 still runs the program' 0 'x' '' "$S" -p0 echo x

# Counts and seconds, which every sh prints the same way.
hn=$(ulimit -Hn)
ht=$(ulimit -Ht)
expect '-o' 0 '50' '' "$S" -o 50 sh -c 'ulimit -n'
expect '-t' 0 '7' '' "$S" -t 7 sh -c 'ulimit -t'
expect 'repeated: last wins (up)' 0 '200' '' "$S" -o 100 -o 200 sh -c 'ulimit -n'
expect 'repeated: last wins (down)' 0 '100' '' "$S" -o 200 -o 100 sh -c 'ulimit -n'
expect '= is the hard limit' 0 "$ht" '' "$S" -t 5 -t = sh -c 'ulimit -t'
expect '= on -o' 0 "$hn" '' "$S" -o 10 -o = sh -c 'ulimit -n'
expect 'empty is 0 (core)' 0 '0' '' "$S" -c '' sh -c 'ulimit -c'
# (Raise it again before writing to $T/out, or the write is killed.)
expect 'empty is 0 (file size)' 0 '0' '' "$S" -f '' \
    sh -c 'x=$(ulimit -f); ulimit -Sf "$(ulimit -Hf)"; echo "$x"'
expect 'leading zeros' 0 '50' '' "$S" -o 050 sh -c 'ulimit -n'
expect 'hard limit unchanged' 0 "$hn" '' "$S" -o 50 sh -c 'ulimit -Hn'
if [ "$hn" != unlimited ]; then
	expect 'clamped to the hard limit' 0 "$hn" '' \
	    "$S" -o $((hn + 1000)) sh -c 'ulimit -n'
	# 0.76 wraps values past 2^64 around; we take the hard limit.
	expect 'overflow means the hard limit' 0 "$hn" '' \
	    "$S" -o 36893488147419103332 sh -c 'ulimit -n'
fi
# Kilobyte units for data and stack in every sh.
[ $memok = yes ] &&
	expect '-d' 0 '2048' '' "$S" -d 2097152 sh -c 'ulimit -d'
expect '-s' 0 '4096' '' "$S" -s 4194304 sh -c 'ulimit -s'

# Every letter's resource, in bytes, where /proc/self/limits exists.
if [ -r /proc/self/limits ]; then
	# lim NAME COLUMN: the soft (2) or hard (3) value of a limit in $T/out.
	lim() {
		awk -v n="$1" -v c="$2" 'index($0, n) == 1 {
			split(substr($0, 27), a, " "); print a[c - 1] }' "$T/out"
	}
	# clamp VALUE HARD
	clamp() {
		if [ "$2" = unlimited ] || [ "$1" -lt "$2" ]; then
			echo "$1"
		else
			echo "$2"
		fi
	}
	# letter:value:name; values leave cat room to run and write.
	for triple in 'a:1000000000:Max address space' \
	    'c:123:Max core file size' 'd:1000000000:Max data size' \
	    'f:1000000:Max file size' 'l:123:Max locked memory' \
	    'o:123:Max open files' 'p:123:Max processes' \
	    'r:123:Max resident set' 's:7340032:Max stack size' \
	    't:123:Max cpu time'; do
		letter=${triple%%:*}
		value=${triple#*:}
		value=${value%%:*}
		name=${triple##*:}
		case $memok$letter in noa|nod) continue ;; esac
		run cat /proc/self/limits
		hard=$(lim "$name" 3)
		want=$(clamp "$value" "$hard")
		run "$S" -"$letter" "$value" cat /proc/self/limits
		check "-$letter sets $name" "$want" "$(lim "$name" 2)"
		check "-$letter keeps the hard limit of $name" "$hard" \
		    "$(lim "$name" 3)"
		run "$S" -"$letter" = cat /proc/self/limits
		check "-$letter = gives the hard limit" "$hard" "$(lim "$name" 2)"
	done
fi
if [ -r /proc/self/limits ] && [ $memok = yes ]; then
	# -m: data, stack, locked memory, address space, each clamped alone.
	run cat /proc/self/limits
	hdata=$(lim 'Max data size' 3)
	hstack=$(lim 'Max stack size' 3)
	hlock=$(lim 'Max locked memory' 3)
	has=$(lim 'Max address space' 3)
	run "$S" -m 100000000 cat /proc/self/limits
	check '-m sets data' "$(clamp 100000000 "$hdata")" \
	    "$(lim 'Max data size' 2)"
	check '-m sets stack' "$(clamp 100000000 "$hstack")" \
	    "$(lim 'Max stack size' 2)"
	check '-m sets locked memory' "$(clamp 100000000 "$hlock")" \
	    "$(lim 'Max locked memory' 2)"
	check '-m sets address space' "$(clamp 100000000 "$has")" \
	    "$(lim 'Max address space' 2)"
	check '-m leaves open files alone' "$(ulimit -n)" \
	    "$(lim 'Max open files' 2)"
	# Left to right: -m then -d overrides data only.
	run "$S" -m 100000000 -d 50000000 cat /proc/self/limits
	check '-m then -d: data' 50000000 "$(lim 'Max data size' 2)"
	check '-m then -d: stack' "$(clamp 100000000 "$hstack")" \
	    "$(lim 'Max stack size' 2)"
	run "$S" -d 50000000 -m 100000000 cat /proc/self/limits
	check '-d then -m: data' "$(clamp 100000000 "$hdata")" \
	    "$(lim 'Max data size' 2)"
fi

finish
