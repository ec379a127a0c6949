# svscan_self.sh - svscan starts the supervise of its own executable, not
# the first one PATH finds: a fake supervise first in PATH (and
# daemontools 0.76's in /usr/bin, where it is installed) never runs,
# whether svscan was started through a symlink, as `daemonbox svscan`, as
# a copy named svscan or found through PATH; it is run through a link
# named supervise when there is one, so that ps calls it that; the
# services still get svscan's PATH as it was, and svscan -i takes them
# all down on SIGTERM.
# Without /proc (a tmpfs over it, in a mount namespace) the executable is
# found from argv[0]; when even that fails, svscan says so and falls back
# to PATH.
. "$DAEMONBOX_SOURCE_DIR/tests/integration/lib.sh"

cd "$T" || exit 1
umask 022
PATH=$BIN:$PATH
export PATH

cmdline() { tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null | sed 's/ $//'; }
svpid() { svstat "$1" | sed -n 's/.*: up (pid \([0-9]*\)).*/\1/p'; }
isup() { svstat "$1" | grep -q ': up (pid'; }
alive() { kill -0 "$1" 2>/dev/null; }
[ -r "/proc/$$/task/$$/children" ] || skip "no /proc/PID/task/PID/children"

# The impostor: it leaves a mark and fails.
mkdir fake
cat >fake/supervise <<EOF
#!/bin/sh
echo "fake supervise ran: \$*" >>"$T/fake.ran"
exit 111
EOF
chmod +x fake/supervise
FPATH=$T/fake:$BIN:/usr/bin:/bin

# scandir DIR: a service that notes its PATH, and one with a logger.
scandir() {
	mkdir "$1"
	mksvc "$1/a" 'echo "$PATH" >path; exec sleep 1000'
	mksvc "$1/b" 'echo "b: logged"; exec sleep 1000'
	mksvc "$1/b/log" 'exec cat >>out'
}

# trial LABEL DIR EXE COMM CMD...: CMD starts svscan -i on DIR with PATH
# $FPATH; its supervise processes must be EXE run as supervise, named
# COMM by ps (supervise where a link of that name is beside EXE).
trial() {
	_label=$1 _dir=$2 _exe=$3 _comm=$4
	shift 4
	scandir "$_dir"
	(PATH=$FPATH; export PATH; exec setsid "$@") </dev/null \
		>"$_dir.out" 2>"$_dir.err" &
	S=$!
	track $S
	GROUPS_="$GROUPS_ $S"
	if wait_for 10 isup "$_dir/a" && wait_for 10 isup "$_dir/b" &&
	    wait_for 10 isup "$_dir/b/log"; then
		pass
	else
		fail "$_label: services not up: $(svstat "$_dir/a" "$_dir/b" "$_dir/b/log");
$(cat "$_dir.err")"
	fi
	_kids=$(children $S)
	check "$_label: svscan's children" "supervise a|supervise b|supervise log|" \
		"$(for c in $_kids; do cmdline $c; echo; done | sort | tr '\n' '|')"
	check "$_label: each runs svscan's executable" "$_exe|$_exe|$_exe|" \
		"$(for c in $_kids; do readlink /proc/$c/exe; done | tr '\n' '|')"
	check "$_label: what ps calls them" "$_comm|$_comm|$_comm|" \
		"$(for c in $_kids; do cat /proc/$c/comm; done | tr '\n' '|')"
	wait_for 5 test -s "$_dir/a/path"
	check "$_label: the service got svscan's PATH" "$FPATH" "$(cat "$_dir/a/path")"
	wait_for 5 grep -q 'b: logged' "$_dir/b/log/out" || fail "$_label: b's logger"
	check "$_label: no fake supervise ran" "" "$(cat fake.ran 2>/dev/null)"
	_pids="$_kids $(svpid "$_dir/a") $(svpid "$_dir/b") $(svpid "$_dir/b/log")"
	kill -TERM $S
	reap 15 $S
	check "$_label: svscan -i exits 0 on SIGTERM" 0 "$RC"
	_left=
	for p in $_pids; do alive "$p" && _left="$_left $(cmdline "$p")"; done
	check "$_label: nothing left running" "" "$_left"
	check "$_label: svscan's messages" "" "$(cat "$_dir.err")"
}

[ -x /usr/bin/supervise ] &&
	printf 'note: /usr/bin/supervise exists (%s)\n' "$(readlink -f /usr/bin/supervise)"
trial "through a symlink" d1 "$BIN/daemonbox" supervise "$BIN/svscan" -i d1
trial "as daemonbox svscan" d2 "$BIN/daemonbox" supervise "$BIN/daemonbox" svscan -i d2
mkdir copy
cp "$DAEMONBOX" copy/svscan
trial "a copy named svscan" d3 "$T/copy/svscan" svscan "$T/copy/svscan" -i d3
trial "found through PATH" d4 "$BIN/daemonbox" supervise svscan -i d4
# Links only where argv[0] was found, not beside the binary.
mkdir links
cp "$DAEMONBOX" links/daemonbox.real
mkdir links/bin
ln -s ../daemonbox.real links/bin/svscan
ln -s ../daemonbox.real links/bin/supervise
trial "links elsewhere" d8 "$T/links/daemonbox.real" supervise "$T/links/bin/svscan" -i d8

# Without /proc: the path from argv[0], taken before svscan's chdir.
NOPROC='mount -t tmpfs tmpfs /proc && ! test -e /proc/self/exe && exec "$@"'
if grep -q __asan_init "$DAEMONBOX"; then
	printf 'SKIP without /proc: the sanitizers need it\n'
elif unshare --mount sh -c "$NOPROC" sh true 2>/dev/null; then
	trial "no /proc, argv[0] a relative path" d5 "$BIN/daemonbox" supervise \
		unshare --mount sh -c "$NOPROC" sh bin/svscan -i d5
	trial "no /proc, argv[0] found through PATH" d6 "$BIN/daemonbox" supervise \
		unshare --mount sh -c "$NOPROC" sh svscan -i d6
	# argv[0] names nothing: warned, and supervise comes from PATH (the
	# fake here).
	if command -v perl >/dev/null; then
		scandir d7
		(PATH=$FPATH; export PATH; exec setsid unshare --mount sh -c \
		    "$NOPROC" sh perl -e '$p = shift; exec {$p} @ARGV' \
		    "$BIN/daemonbox" nosuch svscan -i d7) </dev/null >d7.out 2>d7.err &
		S=$!
		track $S
		GROUPS_="$GROUPS_ $S"
		wait_for 10 grep -q 'fake supervise ran: a' fake.ran ||
			fail "executable not found: the fallback did not use PATH"
		check "executable not found: warning" \
			"svscan: warning: unable to find the daemonbox executable, running supervise through PATH: file does not exist" \
			"$(head -n 1 d7.err)"
		kill -TERM $S
		reap 15 $S
		check "executable not found: svscan -i exits 0" 0 "$RC"
		rm -f fake.ran
	else
		printf 'SKIP argv[0] naming nothing: no perl to set it\n'
	fi
else
	printf 'SKIP without /proc: unshare --mount with a tmpfs on /proc fails here\n'
fi

finish
