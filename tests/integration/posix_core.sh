# posix_core.sh - the portable core (src/ but for portab.c, the one file
# that knows the system, and main.c, whose realpath() is XSI) compiles
# warning-free against POSIX.1-2008 alone: -D_POSIX_C_SOURCE=200809L and
# nothing else, with the compiler of this build (DAEMONBOX_CC) and clang
# when it is installed. A failure prints the compiler's complaint.
. "$(dirname "$0")/lib.sh"
src=${DAEMONBOX_SOURCE_DIR:?}
ccs=${DAEMONBOX_CC:-cc}
command -v clang >/dev/null && [ "${DAEMONBOX_CC:-}" != clang ] && ccs="$ccs clang"
n=0
for cc in $ccs; do
	for f in "$src"/src/*.c; do
		case ${f##*/} in portab.c | main.c) continue ;; esac
		if "$cc" -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror \
		    -pedantic -I"$src/include" -fsyntax-only "$f" 2>"$T/err"; then
			pass
		else
			fail "$cc: ${f##*/} needs more than POSIX.1-2008:
$(head -5 "$T/err")"
		fi
		n=$((n + 1))
	done
done
[ "$n" -ge 15 ] && pass || fail "only $n core files were compiled"
echo "core files compiled against POSIX.1-2008 alone: $n ($ccs)"
finish
