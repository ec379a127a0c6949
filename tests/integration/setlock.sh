# setlock.sh - setlock: creating and keeping the lock file, -n/-N/-x/-X
# (last of each pair wins), the descriptor the program inherits, waiting
# for a held lock, and every message and exit code.
. "$DAEMONBOX_SOURCE_DIR/tests/integration/lib.sh"

L=$BIN/setlock
USAGE='setlock: usage: setlock [ -nNxX ] file program [ arg ... ]'
cd "$T" || exit 1

# Usage and the option parser.
expect 'no arguments' 100 '' "$USAGE" "$L"
expect 'file only' 100 '' "$USAGE" "$L" lk
expect 'options only' 100 '' "$USAGE" "$L" -nx
expect 'illegal option' 100 '' "setlock: illegal option -- q
$USAGE" "$L" -nq lk true
expect 'illegal option through daemonbox' 100 '' "setlock: illegal option -- z
$USAGE" "$DAEMONBOX" setlock -z lk true
expect 'illegal option: colon' 100 '' "setlock: illegal option -- :
$USAGE" "$L" -: lk true
check 'nothing created by a usage error' no "$(test -e lk && echo yes || echo no)"
expect '-- is consumed' 0 'x' '' "$L" -- lk echo x
expect 'lone - is the file' 0 'x' '' "$L" -n - echo x
check 'lone - created' yes "$(test -f ./- && echo yes || echo no)"
expect 'options stop at the file' 0 '-n' '' "$L" lk printf '%s\n' -n

# The file: 0600 before the umask, appended to, never truncated.
rm -f lk
(umask 0 && "$L" lk true)
check 'created mode 0600' '-rw-------' "$(ls -l lk | cut -c1-10)"
printf 'keep\n' >lk
chmod 644 lk
expect 'existing file kept' 0 '' '' "$L" lk true
check 'content kept' 'keep' "$(cat lk)"
check 'mode kept' '-rw-r--r--' "$(ls -l lk | cut -c1-10)"
# The program inherits the descriptor (fd 3 when only 0-2 are open), open
# for appending. The sh -c closes whatever ctest left open above 2.
expect 'fd 3 is the lock file' 0 '' '' \
    sh -c 'exec 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&-; exec "$@"' sh \
    "$L" lk sh -c 'echo more >&3'
check 'appended through fd 3' 'keep
more' "$(cat lk)"
# ... and holds the lock while it runs.
expect 'program holds the lock' 111 '' \
    'setlock: fatal: unable to lock lk: temporary failure' \
    "$L" lk "$L" -n lk true
expect 'exit code passes through' 7 '' '' "$L" lk sh -c 'exit 7'

# Failures to open.
expect 'open: missing directory' 111 '' \
    'setlock: fatal: unable to open nodir/lk: file does not exist' \
    "$L" nodir/lk true
expect 'open: -x is silent' 0 '' '' "$L" -x nodir/lk true
expect 'open: -xX complains' 111 '' \
    'setlock: fatal: unable to open nodir/lk: file does not exist' \
    "$L" -xX nodir/lk true
expect 'open: -X -x is silent' 0 '' '' "$L" -X -x nodir/lk true
expect 'open: a directory' 111 '' \
    'setlock: fatal: unable to open .: is a directory' "$L" . true
expect 'open: a directory, -x' 0 '' '' "$L" -x . true
# -x does not cover exec failure.
expect 'unable to run' 111 '' \
    'setlock: fatal: unable to run nonexistent-prog: file does not exist' \
    "$L" lk nonexistent-prog
expect 'unable to run despite -x' 111 '' \
    'setlock: fatal: unable to run /nonexistent: file does not exist' \
    "$L" -x lk /nonexistent

# A holder in the background: setlock execs sleep, so $! holds the lock.
"$L" lk sleep 600 </dev/null >/dev/null 2>&1 &
holder=$!
track "$holder"
# setlock -nx ... false exits 0 only when it could not lock.
if ! wait_for 10 "$L" -nx lk false; then
	fail 'holder did not take the lock'
fi
expect 'held: -n fails' 111 '' \
    'setlock: fatal: unable to lock lk: temporary failure' "$L" -n lk true
expect 'held: -Nn fails' 111 '' \
    'setlock: fatal: unable to lock lk: temporary failure' "$L" -Nn lk true
expect 'held: -nx exits 0 silently' 0 '' '' "$L" -nx lk echo ran
expect 'held: -nxX complains' 111 '' \
    'setlock: fatal: unable to lock lk: temporary failure' "$L" -nxX lk true

# Blocking (the default, and -nN): waits until the holder is gone.
"$L" lk sh -c 'echo got >w1' </dev/null >/dev/null 2>"$T/w1.err" &
w1=$!
track "$w1"
"$L" -nN lk sh -c 'echo got >w2' </dev/null >/dev/null 2>"$T/w2.err" &
w2=$!
track "$w2"
# Both are blocked: alive, and they ran nothing. Where /proc/locks lists
# the waiters ("->"), wait until both wait; elsewhere give them a moment.
blocked() { grep -q -- "-> FLOCK  *ADVISORY  *WRITE  *$1 " /proc/locks; }
if [ -r /proc/locks ]; then
	wait_for 10 blocked "$w1" || fail 'w1 is not waiting for the lock'
	wait_for 10 blocked "$w2" || fail 'w2 is not waiting for the lock'
else
	sleep 1
fi
check 'waiting: w1 did not run' no "$(test -e w1 && echo yes || echo no)"
check 'waiting: w2 did not run' no "$(test -e w2 && echo yes || echo no)"
check 'waiting: w1 still there' yes \
    "$(kill -0 "$w1" 2>/dev/null && echo yes || echo no)"
kill "$holder"
wait "$holder" 2>/dev/null
wait_for 10 test -s w1 || fail 'w1 did not run after the release'
wait_for 10 test -s w2 || fail 'w2 did not run after the release'
wait "$w1"
check 'w1 exit code' 0 "$?"
wait "$w2"
check 'w2 exit code' 0 "$?"
check 'w1 stderr' '' "$(cat "$T/w1.err")"
check 'w2 stderr' '' "$(cat "$T/w2.err")"
expect 'free again' 0 'x' '' "$L" -n lk echo x

# The lock outlives the program while a child of it keeps the descriptor.
"$L" lk sh -c 'sleep 600 & echo $! >child.pid' </dev/null >/dev/null 2>&1
wait_for 5 test -s child.pid || fail 'no child pid'
child=$(cat child.pid)
track "$child"
expect 'inherited by children' 111 '' \
    'setlock: fatal: unable to lock lk: temporary failure' "$L" -n lk true
kill "$child"
wait_for 10 "$L" -n lk true || fail 'lock not released with the child'

finish
