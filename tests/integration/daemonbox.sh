# daemonbox.sh - the multicall binary itself: dispatch by argv[0] and by
# argv[1], --list, --help, --install, unknown names, and `cmake --install`.
. "$DAEMONBOX_SOURCE_DIR/tests/integration/lib.sh"

applets=$(sed -n 's/^APPLET(\([a-z0-9]*\),.*/\1/p' \
	"$DAEMONBOX_SOURCE_DIR/include/applets.def")

expect "--list" 0 "$applets" "" "$DAEMONBOX" --list
# --version: the project's version from CMakeLists.txt.
v=$(sed -n 's/^project(daemonbox VERSION \([0-9.]*\).*/\1/p' "$DAEMONBOX_SOURCE_DIR/CMakeLists.txt")
expect "--version" 0 "daemonbox $v" "" "$DAEMONBOX" --version
run "$DAEMONBOX" --help
check "--help exit" 0 "$RC"
check "--help names" "$applets" "$(cut -d' ' -f1 "$T/out")"
check "--help has summaries" "" "$(awk 'NF < 3' "$T/out")"

expect "unknown applet" 100 "" "daemonbox: fatal: unknown applet: frobnicate" \
	"$DAEMONBOX" frobnicate
usage="daemonbox: usage: daemonbox APPLET [ARGS...] | --list | --help | --version | --install [-f] DIR"
expect "no arguments" 100 "" "$usage" "$DAEMONBOX"
expect "--install without dir" 100 "" "$usage" "$DAEMONBOX" --install
# Tools take no --version or --help, as in 0.76: an argument like any.
expect "envdir --version" 111 "" \
	"envdir: fatal: unable to switch to directory --version: file does not exist" \
	"$BIN/envdir" --version true

# Dispatch through argv[1] and through a symlink's name: the tool's own
# name prefixes its messages either way.
expect "argv[1] dispatch" 100 "" "pgrphack: usage: pgrphack child" \
	"$DAEMONBOX" pgrphack
expect "symlink dispatch" 100 "" "pgrphack: usage: pgrphack child" \
	"$BIN/pgrphack"
ln -s "$DAEMONBOX" "$T/renamed"
expect "unknown argv[0] name falls back to argv[1]" 100 "" \
	"pgrphack: usage: pgrphack child" "$T/renamed" pgrphack
run "$DAEMONBOX" tai64n
check "tai64n via argv[1] on empty input" "0:" "$RC:$OUT"

# --install: one symlink per applet, refusing to overwrite without -f.
for a in $applets; do
	[ -L "$BIN/$a" ] && [ "$(readlink "$BIN/$a")" = daemonbox ] && pass ||
		fail "--install beside the binary made $BIN/$a -> daemonbox"
done
mkdir "$T/elsewhere"
"$DAEMONBOX" --install "$T/elsewhere"
check "--install elsewhere: absolute links" "$(cd "$(dirname "$DAEMONBOX")" && pwd -P)/$(basename "$DAEMONBOX")" \
	"$(readlink "$T/elsewhere/envdir")"
run "$DAEMONBOX" --install "$BIN"
check "--install over existing links fails" 111 "$RC"
case $ERR in
"daemonbox: fatal: unable to create $BIN/"*": file already exists") pass ;;
*) fail "--install overwrite message: $ERR" ;;
esac
expect "--install -f overwrites" 0 "" "" "$DAEMONBOX" --install -f "$BIN"
expect "--install into a missing dir" 111 "" \
	"daemonbox: fatal: unable to stat $T/nodir: file does not exist" \
	"$DAEMONBOX" --install "$T/nodir"

# Next to the binary the links are relative, so the directory can move.
mkdir "$T/sbin"
cp "$DAEMONBOX" "$T/sbin/daemonbox"
expect "--install beside the binary" 0 "" "" "$T/sbin/daemonbox" --install "$T/sbin"
check "relative link" "daemonbox" "$(readlink "$T/sbin/envdir")"
expect "found through PATH" 0 "" "" \
	env PATH="$T/sbin:/usr/bin:/bin" daemonbox --install -f "$T/sbin"
check "relative link via PATH" "daemonbox" "$(readlink "$T/sbin/setlock")"
mv "$T/sbin" "$T/moved"
expect "moved links still work" 100 "" "pgrphack: usage: pgrphack child" \
	"$T/moved/pgrphack"

# cmake --install with DESTDIR: binary, relative links, man pages.
builddir=$(dirname "$DAEMONBOX")
if command -v cmake >/dev/null && [ -f "$builddir/cmake_install.cmake" ]; then
	run env DESTDIR="$T/dest" cmake --install "$builddir" --prefix /opt/db
	check "cmake --install exit" 0 "$RC"
	p=$T/dest/opt/db
	[ -x "$p/bin/daemonbox" ] && pass || fail "installed binary"
	for a in $applets; do
		check "installed link $a" daemonbox "$(readlink "$p/bin/$a")"
		[ -s "$p/share/man/man8/$a.8" ] && pass || fail "man page $a.8"
	done
	[ -s "$p/share/man/man8/daemonbox.8" ] && pass || fail "daemonbox.8"
	expect "installed link runs" 100 "" "pgrphack: usage: pgrphack child" \
		"$p/bin/pgrphack"
	# The FreeBSD port's packing list names exactly what is installed
	# (the ports framework compresses man pages: .gz).
	plist=$DAEMONBOX_SOURCE_DIR/docs/packaging/freebsd/port/pkg-plist
	(cd "$p" && find . ! -type d | sed 's|^\./||' | sort) >"$T/installed"
	sed 's/\.gz$//' "$plist" | sort >"$T/plist"
	check "FreeBSD pkg-plist = installed files" "$(cat "$T/installed")" \
		"$(cat "$T/plist")"
else
	printf 'note: no cmake build tree next to %s; cmake --install not tested\n' "$DAEMONBOX"
fi

# -DDAEMONBOX_APPLETS: CMake refuses a list with a name that is no applet,
# one where a tool lacks what it runs of this binary, and one with the
# tests on (they need every applet). A list it takes builds those alone
# (tests/run's musl-static stage, docs/examples/scratch/build.sh).
if command -v cmake >/dev/null; then
	# configure LIST [ARG...]: the first error line of CMake's output.
	configure() {
	    _l=$1
	    shift
	    rm -rf "$T/cfg"
	    cmake -S "$DAEMONBOX_SOURCE_DIR" -B "$T/cfg" "-DDAEMONBOX_APPLETS=$_l" \
		"$@" >"$T/cfg.out" 2>&1 && echo configured && return
	    grep -m 1 'DAEMONBOX_APPLETS:' "$T/cfg.out" | sed 's/^ *//'
	}
	check "APPLETS: an unknown name" \
	    "DAEMONBOX_APPLETS: no applet svfoo (see include/applets.def)" \
	    "$(configure 'svc;svfoo' -DDAEMONBOX_TESTS=OFF)"
	check "APPLETS: svscan without supervise" \
	    "DAEMONBOX_APPLETS: svscan runs supervise, which is not in the list" \
	    "$(configure 'svscan;svc' -DDAEMONBOX_TESTS=OFF)"
	check "APPLETS: svscanboot without readproctitle" \
	    "DAEMONBOX_APPLETS: svscanboot runs readproctitle, which is not in the list" \
	    "$(configure 'svscanboot;svscan;supervise;svc' -DDAEMONBOX_TESTS=OFF)"
	check "APPLETS: with the tests" \
	    "DAEMONBOX_APPLETS: the tests need every applet; add -DDAEMONBOX_TESTS=OFF" \
	    "$(configure 'svc' -DDAEMONBOX_TESTS=ON)"
	check "APPLETS: a good list" configured \
	    "$(configure 'svok;svc' -DDAEMONBOX_TESTS=OFF)"
	check "APPLETS: the dispatcher's list is that list" \
	    "APPLET(svc, ...)
APPLET(svok, ...)" \
	    "$(grep '^APPLET' "$T/cfg/include/applets_built.def" |
		sed 's/,  *".*/, ...)/')"
	rm -rf "$T/cfg"
else
	printf 'note: no cmake: -DDAEMONBOX_APPLETS not tested\n'
fi

finish
