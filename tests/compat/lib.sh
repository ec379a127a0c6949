# lib.sh - differential testing against the original daemontools 0.76.
# Sources the integration helpers, finds the oracle ($DT_REFERENCE, else
# /usr/bin from Debian's daemontools package) and skips the script with a
# message when it is absent. `same TOOL ARG...` runs TOOL from both in the
# same directory with the same stdin and compares stdout, stderr and exit
# code byte for byte, after the sed script in $NORMALIZE when set.

. "${DAEMONBOX_SOURCE_DIR:-$(dirname "$0")/../..}/tests/integration/lib.sh"

REF=${DT_REFERENCE:-/usr/bin}
if [ ! -x "$REF/envuidgid" ] || [ ! -x "$REF/supervise" ]; then
	skip "daemontools 0.76 not found in $REF (apt-get install daemontools, or set DT_REFERENCE)"
fi
NORMALIZE=${NORMALIZE:-}

_norm() {
	if [ -n "$NORMALIZE" ]; then sed -e "$NORMALIZE" "$1"; else cat "$1"; fi
}

# same DESC TOOL [ARG...]
same() {
	_d=$1
	shift
	_tool=$1
	shift
	run "$REF/$_tool" "$@"
	_rrc=$RC
	_norm "$T/out" >"$T/ref.out"
	_norm "$T/err" >"$T/ref.err"
	run "$BIN/$_tool" "$@"
	_norm "$T/out" >"$T/our.out"
	_norm "$T/err" >"$T/our.err"
	check "$_d: exit code" "$_rrc" "$RC"
	if cmp -s "$T/ref.out" "$T/our.out"; then pass; else
		fail "$_d: stdout differs"
		diff "$T/ref.out" "$T/our.out" | head -n 10 >&2
	fi
	if cmp -s "$T/ref.err" "$T/our.err"; then pass; else
		fail "$_d: stderr differs"
		diff "$T/ref.err" "$T/our.err" | head -n 10 >&2
	fi
}
