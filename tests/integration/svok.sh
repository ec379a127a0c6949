# svok.sh - svok's exit codes and messages: usage, chdir failure, no
# supervise, running (a fake supervise/ok fifo with a reader) and errors.
. "$DAEMONBOX_SOURCE_DIR/tests/integration/lib.sh"

cd "$T" || exit 1
PATH=$BIN:$PATH

expect "no argument" 100 "" "svok: usage: svok dir" svok
expect "chdir: missing" 111 "" "svok: fatal: unable to chdir to nodir: file does not exist" svok nodir
: >plain
expect "chdir: a file" 111 "" "svok: fatal: unable to chdir to plain: not a directory" svok plain
ln -s loop loop
expect "chdir: symlink loop" 111 "" "svok: fatal: unable to chdir to loop: symbolic link loop" svok loop
mkdir empty
expect "no supervise/" 100 "" "" svok empty
mkdir -p nook/supervise
expect "no supervise/ok" 100 "" "" svok nook
mkdir -p dead/supervise
mkfifo dead/supervise/ok
expect "not running" 100 "" "" svok dead
mkdir -p okdir/supervise/ok
expect "ok is a directory" 111 "" \
	"svok: fatal: unable to open okdir/supervise/ok: is a directory" svok okdir
mkdir -p sub/okdir/supervise/ok
expect "ok is a directory, DIR as given" 111 "" \
	"svok: fatal: unable to open sub/okdir/supervise/ok: is a directory" svok sub/okdir
mkdir -p dangling/supervise
ln -s nowhere dangling/supervise/ok
expect "ok a dangling symlink" 100 "" "" svok dangling
mkdir -p okloop/supervise
ln -s ok okloop/supervise/ok
expect "ok a symlink loop" 111 "" \
	"svok: fatal: unable to open okloop/supervise/ok: symbolic link loop" svok okloop

# Running: a reader holds the fifo (read-write, so svok's open and close
# give it no end of file); svok writes nothing into it.
mkdir -p run/supervise
mkfifo run/supervise/ok
cat <>run/supervise/ok >got &
rd=$!
track $rd
wait_for 5 svok run || fail "the reader of run/supervise/ok never came"
expect "running" 0 "" "" svok run
expect "running, relative path" 0 "" "" svok ./sub/../run
expect "extra arguments ignored" 0 "" "" svok run nodir -x
expect "extra arguments ignored (not running)" 100 "" "" svok dead run
expect "extra arguments ignored (usage not shown)" 111 "" \
	"svok: fatal: unable to chdir to nodir: file does not exist" svok nodir run
i=0
while [ $i -lt 50 ]; do svok run || break; i=$((i + 1)); done
check "50 probes in a row" 50 "$i"
check "nothing written to ok" 0 "$(wc -c <got | tr -d ' ')"
kill $rd
wait $rd 2>/dev/null
# The reader gone: not running again.
expect "reader gone" 100 "" "" svok run

# A blocking reader waiting in open() counts as a reader too, and the
# probe's open and close end its wait with end of file.
(cat run/supervise/ok >/dev/null; : >ended) &
track $!
wait_for 5 svok run && pass || fail "blocked reader not seen"
wait_for 5 test -e ended && pass || fail "the probe did not open the fifo"

finish
