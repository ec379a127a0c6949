# status.sh - daemontools 0.76's own svstat and svok read a service run by
# our supervise in every state (walk_states in lib.sh) and say what ours
# says: the same line, less the words ours adds only for services that
# use its extensions (", ready N seconds", ", finishing", ...).
. "${DAEMONBOX_SOURCE_DIR:-$(dirname "$0")/../..}/tests/compat/lib.sh"

cd "$T" || exit 1
umask 022
PATH=$BIN:$PATH

agree() {	# agree DIR STATE
	_ours=$("$BIN/svstat" "$1" | sed 's/ [0-9]* seconds/ N seconds/g;
	    s/, ready N seconds//; s/, finishing//; s/, permanent failure//;
	    s/, got TERM//')
	_ref=$("$REF/svstat" "$1" | sed 's/ [0-9]* seconds/ N seconds/g')
	check "$2: 0.76 svstat says what ours says" "$_ours" "$_ref"
	"$REF/svok" "$1"
	_rrc=$?
	"$BIN/svok" "$1"
	check "$2: svok exit code" "$?" "$_rrc"
	check "$2: svok says running" 0 "$_rrc"
}
walk_states agree

# Not running: the same words, and the same for a directory 0.76's own
# supervise left.
same "not running" svstat ws
same "not running: svok" svok ws

finish
