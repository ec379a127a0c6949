# svc.sh - svc against fake service directories whose supervise/control is
# a fifo read by the test itself: the bytes each option list produces, the
# option parser, and every per-directory warning (no supervise needed).
. "$DAEMONBOX_SOURCE_DIR/tests/integration/lib.sh"

cd "$T" || exit 1
PATH=$BIN:$PATH
USAGE='svc options: u up, d down, o once, x exit, p pause, c continue, h hup, a alarm, i interrupt, t term, k kill'

# mkfake DIR: DIR/supervise/control is a fifo without a reader.
mkfake() {
	mkdir -p "$1/supervise" && mkfifo "$1/supervise/control"
}

# sent DIR ARG...: runs `svc ARG... DIR` against a blocking `cat` that is
# the fifo's only reader and prints what cat read. svc is retried while it
# says "supervise not running" (cat not yet in open()); the first run that
# finds the reader writes its bytes and closes, which gives cat its end of
# file: so a `cat` that ends proves svc opened the fifo, even with no bytes.
sent() {
	_dir=$1
	shift
	rm -f "$T/got" "$T/done"
	(cat "$_dir/supervise/control" >"$T/got"; : >"$T/done") &
	_cp=$!
	track "$_cp"
	deadline 60
	while svc "$@" "$_dir" 2>"$T/svcerr"; [ -s "$T/svcerr" ]; do
		if [ "$(date +%s)" -ge "$_dl" ]; then
			fail "svc $*: never found the reader: $(cat "$T/svcerr")"
			kill "$_cp"
			break
		fi
		sleep 0.02
	done
	wait_for 5 test -e "$T/done" || fail "svc $* $_dir: the fifo was never opened"
	cat "$T/got" 2>/dev/null
}

mkfake s

# Options -> bytes: the letter is the byte; first appearance wins.
check "-u" "u" "$(sent s -u)"
check "-ddu" "du" "$(sent s -ddu)"
check "-h -h -a" "ha" "$(sent s -h -h -a)"
check "-xd" "xd" "$(sent s -xd)"
check "-dx" "dx" "$(sent s -dx)"
check "all 11 letters" "udopchaitkx" "$(sent s -udopchaitkx)"
check "all 11 letters reversed, twice" "xktiahcpodu" "$(sent s -xktiahcpodu -udopchaitkx)"
check "separate options" "kpc" "$(sent s -k -p -c -p)"
for c in u d o p c h a i t k x; do
	check "-$c alone" "$c" "$(sent s -"$c")"
done
check "no options: zero bytes, fifo opened" "" "$(sent s)"
check "-- ends the options" "t" "$(sent s -t --)"
check "--X ends the options too (0.76)" "" "$(sent s --u)"
check "options after -- are not read" "k" "$(sent s -k -- )"
check "file is exactly the bytes" "2" "$(sent s -udu | wc -c | tr -d ' ')"

# Illegal options: two lines, exit 100, no directory touched (a nonexistent
# one would warn, a reader-less fifo would warn).
nl='
'
expect "illegal option" 100 "" "svc: illegal option -- z$nl$USAGE" svc -z nodir s
expect "illegal after good ones" 100 "" "svc: illegal option -- Z$nl$USAGE" svc -udZ nodir
expect "illegal in a later word" 100 "" "svc: illegal option -- -$nl$USAGE" svc -u -d- nodir
expect "illegal uppercase U" 100 "" "svc: illegal option -- U$nl$USAGE" svc -U s
expect "lone illegal, no dir" 100 "" "svc: illegal option -- q$nl$USAGE" svc -q
# Options after the first directory are directories.
expect "options after a directory" 0 "" \
	"svc: warning: unable to chdir to nodir: file does not exist
svc: warning: unable to chdir to -u: file does not exist" svc nodir -u
expect "-- then a dash name" 0 "" \
	"svc: warning: unable to chdir to -d: file does not exist" svc -u -- -d
expect "a lone dash is a directory" 0 "" \
	"svc: warning: unable to chdir to -: file does not exist" svc -u -
expect "no arguments" 0 "" "" svc
expect "options, no directory" 0 "" "" svc -udx

# Per-directory warnings, exit 0.
expect "chdir: missing" 0 "" \
	"svc: warning: unable to chdir to nodir: file does not exist" svc -u nodir
: >plain
expect "chdir: a file" 0 "" \
	"svc: warning: unable to chdir to plain: not a directory" svc -u plain
ln -s loop loop
expect "chdir: symlink loop" 0 "" \
	"svc: warning: unable to chdir to loop: symbolic link loop" svc -u loop
mkdir empty
expect "no supervise/" 0 "" \
	"svc: warning: unable to control empty: file does not exist" svc -u empty
mkdir -p nocontrol/supervise
expect "no control" 0 "" \
	"svc: warning: unable to control nocontrol: file does not exist" svc -u nocontrol
mkdir -p dircontrol/supervise/control
expect "control is a directory" 0 "" \
	"svc: warning: unable to control dircontrol: is a directory" svc -u dircontrol
mkfake dead
expect "no reader" 0 "" \
	"svc: warning: unable to control dead: supervise not running" svc -u dead
expect "no reader, no options" 0 "" \
	"svc: warning: unable to control dead: supervise not running" svc dead

# Deliberate difference from 0.76: a control that is not a fifo is refused
# and left as it is (0.76 writes the bytes into the file).
mkdir -p reg/supervise
printf 'orig\n' >reg/supervise/control
expect "control is a regular file" 0 "" \
	"svc: warning: unable to control reg: supervise/control is not a fifo" svc -dx reg
check "regular control left unchanged" "orig" "$(cat reg/supervise/control)"
expect "regular file, no options" 0 "" \
	"svc: warning: unable to control reg: supervise/control is not a fifo" svc reg
mkdir -p lnk/supervise
printf 'orig\n' >target
ln -s ../../target lnk/supervise/control
expect "control symlinked to a regular file" 0 "" \
	"svc: warning: unable to control lnk: supervise/control is not a fifo" svc -u lnk
check "symlinked control left unchanged" "orig" "$(cat target)"

# Every directory failing: still exit 0, one warning each, in order.
expect "all directories fail" 0 "" \
	"svc: warning: unable to chdir to nodir: file does not exist
svc: warning: unable to control empty: file does not exist
svc: warning: unable to control dead: supervise not running
svc: warning: unable to control reg: supervise/control is not a fifo
svc: warning: unable to chdir to plain: not a directory" svc -t nodir empty dead reg plain

# Many directories, relative paths, each from the original directory: the
# readers hold their fifo read-write, so they never see end of file.
mkfake a/x
mkfake sub/b
cat <>a/x/supervise/control >gotx &
cx=$!
track $cx
cat <>sub/b/supervise/control >gotb &
cb=$!
track $cb
wait_for 5 sh -c "[ -z \"\$(svc a/x sub/b 2>&1)\" ]" || fail "readers of a/x, sub/b not there"
expect "many directories" 0 "" \
	"svc: warning: unable to chdir to nodir: file does not exist
svc: warning: unable to control dead: supervise not running
svc: warning: unable to control a: file does not exist" \
	svc -h a/x nodir sub/b a/x dead a a/x
wait_for 5 sh -c '[ "$(cat gotx)" = hhh ]'
check "first directory got one byte per mention" "hhh" "$(cat gotx)"
check "second directory" "h" "$(cat gotb)"
# Through a symlink and with ./ and ../ forms.
ln -s sub ln
expect "relative forms" 0 "" "" svc -i ./sub/b ln/b sub/../sub/b
wait_for 5 sh -c '[ "$(cat gotb)" = hiii ]'
check "relative forms all reached sub/b" "hiii" "$(cat gotb)"
kill $cx $cb

# Deliberate difference from 0.76 (which blocks for ever): a control fifo
# that is full and whose reader never reads makes svc give up after 2 s.
mkfake full
sleep 1000 <full/supervise/control &
rd=$!
track $rd
head -c 1000000 /dev/zero >full/supervise/control &
wr=$!
track $wr
wait_for 5 sh -c '[ -z "$(svc full 2>&1)" ]' || fail "full: the reader never came"
msg= i=0 el=0
while [ $i -lt 20 ]; do	# the first tries may still find room
	t0=$(date +%s%N)
	msg=$(svc -u full 2>&1)
	rc=$?
	t1=$(date +%s%N)
	[ -n "$msg" ] && break
	i=$((i + 1))
done
el=$(((t1 - t0) / 1000000))
check "full fifo: warning" "svc: warning: error writing commands to full: timed out" "$msg"
check "full fifo: exit 0" 0 "$rc"
# It waited its 2 s before giving up (a slow machine only adds). That it
# gives up at all is the warning above: 0.76 blocks for ever.
[ "$el" -ge 1500 ] && pass || fail "full fifo: svc gave up after $el ms (want 2000)"
printf 'full fifo: svc gave up after %d ms\n' "$el"
# The timeout is per directory: the next directory is still served.
run svc -u full nodir
check "full then another: messages" "svc: warning: error writing commands to full: timed out
svc: warning: unable to chdir to nodir: file does not exist" "$ERR"
kill $wr $rd

finish
