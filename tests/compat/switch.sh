# switch.sh - a host running daemontools 0.76 switches to daemonbox without
# a service restarted (docs/migrating.md): services and loggers up under
# 0.76's svscan; switch-from-daemontools kills 0.76's svscan and supervise
# processes; daemonbox's svscan on the same directory adopts every service
# that passes the proof (same pid, no second copy), starts the one that
# does not (it works elsewhere than its directory), still supervises them
# (svc -t), and the logger's directory holds every line written before,
# during and after the switch.
. "${DAEMONBOX_SOURCE_DIR:-$(dirname "$0")/../..}/tests/compat/lib.sh"

cd "$T" || exit 1
umask 022
[ -x "$REF/svscan" ] && [ -x "$REF/multilog" ] || skip "no svscan or multilog in $REF"
[ -d /proc/self ] || skip "needs Linux /proc (the switch script and adoption read it)"
[ -z "${DAEMONBOX_FALLBACK:-}" ] ||
	skip "the fallback build adopts no service of 0.76 (no CLOCK_BOOTTIME: no start time in wall-clock time)"
switch=$DAEMONBOX_SOURCE_DIR/docs/packaging/switch-from-daemontools

# refsvc DIR: 0.76's svstat on DIR; ourpid DIR: the pid ours shows.
refpid() { "$REF/svstat" "$1" | sed -n 's/.*up (pid \([0-9]*\)).*/\1/p'; }

mkdir -p sv
# a: numbered lines to its logger, the last number of each run kept aside.
mksvc sv/a 'n=0
trap "echo \$n >last.\$\$; exit 0" TERM
while :; do echo "$$ $n"; n=$((n + 1)); sleep 0.02; done'
mkdir sv/a/log
printf '#!/bin/sh\nexec multilog ./main\n' >sv/a/log/run
chmod +x sv/a/log/run
mksvc sv/b 'echo $$ >>pids; exec sleep 1000'
# c works elsewhere than its directory: less certain, not adopted.
mksvc sv/c 'echo $$ >>pids; cd /; exec sleep 1000'

# ---- under 0.76
PATH=$REF:$PATH "$REF/svscan" sv >ref.out 2>&1 &
refscan=$!
track $refscan
for s in a a/log b c; do
	wait_for 60 sh -c "\"$REF/svstat\" sv/$s | grep -q 'up (pid'" ||
		fail "0.76 did not start sv/$s"
done
for s in a a/log b c; do eval "p_$(echo $s | tr / _)=\$(refpid sv/$s)"; done
for p in $p_a $p_a_log $p_b $p_c; do track "$p"; done
wait_for 60 sh -c 'test -s sv/a/log/main/current' || fail "no log line under 0.76"

# ---- the switch
run sh "$switch" -n "$T/sv"
check "switch -n: exit" 0 "$RC"
kill -0 "$refscan" && pass || fail "switch -n killed svscan"
run sh "$switch" "$T/sv"
check "switch: exit" 0 "$RC"
case $OUT in *"now start daemonbox's svscan"*) pass ;; *) fail "switch: $OUT" ;; esac
wait "$refscan" 2>/dev/null
for p in $p_a $p_a_log $p_b $p_c; do
	kill -0 "$p" && pass || fail "switch: a service or logger died ($p)"
done
PATH=$BIN:$PATH "$BIN/svscan" -i sv >our.out 2>&1 &
ourscan=$!
track $ourscan
for s in a a/log b c; do wait_for 60 "$BIN/svok" sv/$s || fail "sv/$s: no supervise"; done

# ---- adopted: the same processes, started once
waitstate sv/a "sv/a: up (pid $p_a) * seconds"
waitstate sv/a/log "sv/a/log: up (pid $p_a_log) * seconds"
waitstate sv/b "sv/b: up (pid $p_b) * seconds"
check "b started once" 1 "$(wc -l <sv/b/pids | tr -d ' ')"
# c, not adopted: started again (its 0.76 process is left to us).
wait_for 60 sh -c 'test "$(wc -l <sv/c/pids)" -eq 2' ||
	fail "c: not started by daemonbox"
waitstate sv/c "sv/c: up (pid $(tail -n 1 sv/c/pids)) * seconds"
kill "$p_c"

# ---- still supervised: svc -t restarts; the logger follows the new pipe
"$BIN/svc" -t sv/a
wait_for 60 sh -c "test -s sv/a/last.$p_a" || fail "a: no TERM for $p_a"
wait_for 60 sh -c "\"$BIN/svstat\" sv/a | grep -v 'pid $p_a)' | grep -q 'up (pid'" ||
	fail "a: not restarted"
q=$("$BIN/svstat" sv/a | sed -n 's/.*up (pid \([0-9]*\)).*/\1/p')
track "$q"
# Lines of the new run reach the log (through a new multilog once the old
# one has read its pipe to the end).
wait_for 60 sh -c "grep -q '^$q ' sv/a/log/main/current" || fail "a: new run not logged"
"$BIN/svc" -d sv/a
wait_for 60 sh -c "test -s sv/a/last.$q" || fail "a: no TERM for $q"
waitstate sv/a "sv/a: down * seconds, normally up"
# Every line of both runs, in order, from 0 to the last one it wrote (its
# TERM trap notes n, which it may or may not have printed yet).
for p in $p_a $q; do
	n=$(cat sv/a/last.$p)
	awk -v p="$p" '$1 == p { print $2 }' sv/a/log/main/current >run.$p
	max=$(tail -n 1 run.$p)
	check "log: run $p from 0 to its last line, none missing" \
		"$(awk -v l="$max" 'BEGIN { for (i = 0; i <= l; i++) print i }')" \
		"$(cat run.$p)"
	[ "$max" = "$n" ] || [ "$max" = $((n - 1)) ] && pass ||
		fail "log: run $p ends at $max, it wrote up to $n"
done
kill -TERM "$ourscan"
wait "$ourscan"
check "svscan -i: exit after TERM" 0 $?

finish
