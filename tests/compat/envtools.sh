# envtools.sh - envdir, envuidgid, setuidgid, pgrphack and fghack side by
# side with daemontools 0.76: the same scenarios, compared byte for byte
# (environments printed by env under env -i), except our two deliberate
# envdir differences, where our behaviour is asserted instead.
. "${DAEMONBOX_SOURCE_DIR:-$(dirname "$0")/../..}/tests/compat/lib.sh"

cd "$T" || exit 1
chmod 755 "$T"

# both DESC WORD...: runs the command twice, with each WORD of the form
# %TOOL replaced by the oracle's TOOL, then by ours, and compares exit
# code, stdout and stderr. Tools can be nested (%setuidgid nobody %envdir).
_subst() {
	_dir=$1
	shift
	_n=$#
	while [ "$_n" -gt 0 ]; do
		_a=$1
		shift
		case $_a in
		%*) set -- "$@" "$_dir/${_a#%}" ;;
		*) set -- "$@" "$_a" ;;
		esac
		_n=$((_n - 1))
	done
	run "$@"
}
both() {
	_d=$1
	shift
	_subst "$REF" "$@"
	_rrc=$RC
	_norm "$T/out" >"$T/ref.out"
	_norm "$T/err" >"$T/ref.err"
	_subst "$BIN" "$@"
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

# ---- envdir
same "envdir: no arguments" envdir
same "envdir: dir only" envdir e
mkdir e
printf 'hello world  \t \nsecond line\n' >e/A
printf '  lead' >e/LEAD
printf 'x\r' >e/CR
printf 'a\000b\000c' >e/NUL
printf 'a\000 ' >e/NULBLANK
printf 'a \000' >e/BLANKNUL
printf '' >e/EMPTY
printf '\n' >e/NL
printf ' \t ' >e/BLANKS
printf '\t a b \t\nsecond' >e/TABS
printf 'x\000\ny' >e/NULNL
printf 'secret\n' >e/.hidden
printf 'via link\n' >target
ln -s ../target e/LINK
mkfifo e/FIFO
both "envdir: file rules, readdir order" \
	env -i EMPTY=1 FIFO=2 Z=3 %envdir e /usr/bin/env
both "envdir: replacing entries in place" \
	env -i A=0 TABS=1 X=2 NL=3 CR=4 LEAD=5 %envdir e /usr/bin/env
rm e/FIFO
mkdir one
printf 'new\n' >one/B
both "envdir: replaced entry" env -i A=1 B=2 C=3 %envdir one /usr/bin/env
both "envdir: duplicated entries" \
	env -i B=1 A=1 B=2 B=3 %envdir one /usr/bin/env
: >one/B
both "envdir: removed entry" env -i B=2 D=4 C=3 %envdir one /usr/bin/env
both "envdir: arguments and exit code" %envdir one sh -c 'echo "$@"; exit 7' x a b
both "envdir: working directory" %envdir "$T/one" /bin/pwd
mkdir pbin penv
printf '#!/bin/sh\necho from pbin\n' >pbin/prog
chmod 755 pbin/prog
printf '%s\n' "$T/pbin" >penv/PATH
both "envdir: PATH from DIR not searched" \
	env PATH=/usr/bin:/bin %envdir penv prog
both "envdir: original PATH searched" env PATH="$T/pbin" %envdir one prog
both "envdir: unset PATH" env -i %envdir one echo x
both "envdir: missing program" %envdir one ./nonexistent
printf 'echo hi\n' >noexec
both "envdir: not executable" %envdir one ./noexec
chmod 755 noexec
both "envdir: exec format error" %envdir one ./noexec
both "envdir: empty program name" %envdir one ''
both "envdir: missing directory" %envdir nope true
both "envdir: empty directory name" %envdir '' true
both "envdir: not a directory" %envdir target true
mkdir sub sub/d
both "envdir: sub-directory" %envdir sub true
mkdir loop
ln -s L loop/L
both "envdir: symlink loop" %envdir ./loop/../loop true
mkdir perm
printf 'x\n' >perm/F
chmod 0 perm/F
both "envdir: unreadable file" %setuidgid nobody %envdir perm true
chmod 644 perm/F
chmod 311 perm
both "envdir: unlistable directory" %setuidgid nobody %envdir perm true
chmod 0 perm
both "envdir: unsearchable directory" %setuidgid nobody %envdir perm true
chmod 755 perm
mkdir xonly
chmod 711 xonly
both "envdir: unreadable starting directory" \
	sh -c 'cd xonly && exec "$@"' x %setuidgid nobody %envdir "$T/one" true
mkdir big
head -c 100000 /dev/zero | tr '\0' x >big/V
both "envdir: 100000-byte value" env -i %envdir big /usr/bin/env
head -c 300000 /dev/zero | tr '\0' x >big/V
both "envdir: 300000-byte value" env -i %envdir big /usr/bin/env
{ printf 'short\n'; head -c 8388608 /dev/zero; } >big/V
both "envdir: 8 MiB after the first line" env -i %envdir big /usr/bin/env
if (ulimit -v 49152 && exec "$BIN/envdir" one true) 2>/dev/null; then
	head -c 67108864 /dev/zero >big/V
	both "envdir: first line too big for memory" \
		sh -c 'ulimit -v 49152 && exec "$@"' x %envdir big true
fi
rm big/V

# Deliberate differences (docs/envdir.8): ours is asserted, and 0.76's
# behaviour is checked too so that this file tells what differs.
mkdir eq
printf 'v\n' >'eq/X=Y'
run env -i "$REF/envdir" eq /usr/bin/env
check "0.76: '=' in a name sets X to Y=v" "0:X=Y=v" "$RC:$OUT"
expect "ours: '=' in a name is refused" 111 "" \
	"envdir: fatal: unable to read eq/X=Y: file name contains =" \
	env -i "$BIN/envdir" eq /usr/bin/env
mkdir dang
ln -s nowhere dang/Z
both "envdir: lone dangling symlink (same in both)" \
	env -i Z=1 %envdir dang /usr/bin/env
printf 'val1\n' >dang/A
ln -s nowhere dang/V
run env -i V=0 "$REF/envdir" dang /usr/bin/env
check "0.76: dangling symlink, exit code" 0 "$RC"
if [ "$(ls -f dang | grep -x -e A -e V | tr -d '\n')" = AV ]; then
	grep -q '^V=val1' "$T/out" && pass ||
		fail "0.76: dangling symlink after A should reuse A's value"
fi
expect "ours: dangling symlinks remove their names" 0 "A=val1" "" \
	env -i V=0 Z=1 "$BIN/envdir" dang /usr/bin/env

# ---- envuidgid
same "envuidgid: no arguments" envuidgid
same "envuidgid: account only" envuidgid nobody
same "envuidgid: unknown account" envuidgid no-such-account true
same "envuidgid: numeric id" envuidgid 0 true
both "envuidgid: appended" env -i A=1 B=2 C=3 %envuidgid nobody /usr/bin/env
both "envuidgid: replaced" \
	env -i A=1 UID=5 GID=6 B=2 %envuidgid nobody /usr/bin/env
both "envuidgid: duplicates" \
	env -i UID=1 A=1 UID=2 UID=3 GID=4 %envuidgid root /usr/bin/env
both "envuidgid: ids unchanged" %envuidgid nobody id
both "envuidgid: exit code" %envuidgid nobody sh -c 'exit 9'
both "envuidgid: missing program" %envuidgid nobody ./nonexistent
both "envuidgid: with envdir" env -i UID=1 %envdir e %envuidgid nobody /usr/bin/env

# ---- setuidgid
same "setuidgid: no arguments" setuidgid
same "setuidgid: account only" setuidgid nobody
same "setuidgid: unknown account" setuidgid no-such-account true
same "setuidgid: numeric id" setuidgid 65534 true
same "setuidgid: empty account" setuidgid '' true
both "setuidgid: id" %setuidgid nobody id
both "setuidgid: root" %setuidgid root id
if [ -r /proc/self/status ]; then
	both "setuidgid: /proc/self/status" \
		%setuidgid nobody grep -E '^(Uid|Gid|Groups):' /proc/self/status
fi
both "setuidgid: environment unchanged" \
	env -i HOME=/root USER=root A=1 %setuidgid nobody /usr/bin/env
both "setuidgid: unprivileged, to root" %setuidgid nobody %setuidgid root true
both "setuidgid: unprivileged, to itself" \
	%setuidgid nobody %setuidgid nobody true
both "setuidgid: missing program" %setuidgid nobody ./nonexistent
mkdir locked
printf '#!/bin/sh\necho ran\n' >locked/prog
chmod 755 locked/prog
chmod 700 locked
both "setuidgid: PATH directory closed" \
	env PATH="$T/locked" %setuidgid nobody prog
both "setuidgid: access denied remembered" \
	env PATH="$T/locked:/bin:/usr/bin" %setuidgid nobody echo x
both "setuidgid: exit code" %setuidgid nobody sh -c 'exit 9'

# ---- pgrphack
same "pgrphack: no arguments" pgrphack
same "pgrphack: missing program" pgrphack ./nonexistent
lead='set -- $(ps -o pid= -o pgid= -o sid= -p $$); [ "$1" = "$2" ] && [ "$1" = "$3" ] && echo leader || echo not'
same "pgrphack: leader" pgrphack sh -c "$lead"
both "pgrphack: setsid failure ignored" %pgrphack %pgrphack sh -c "$lead"
same "pgrphack: exit code" pgrphack sh -c 'exit 3'

# ---- fghack
same "fghack: no arguments" fghack
same "fghack: missing program" fghack ./nonexistent
same "fghack: exit code" fghack sh -c 'exit 7'
same "fghack: background child" fghack sh -c 'echo hi &'
same "fghack: data discarded" fghack sh -c 'echo junk >&3; exit 4'
same "fghack: killed child" fghack sh -c 'kill -9 $$'
same "fghack: terminated child" fghack sh -c 'kill -TERM $$'
if [ -d /proc/self/fd ]; then
	both "fghack: descriptors" sh -c \
		'exec 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&-; exec "$@"' x \
		%fghack ls /proc/self/fd
fi

finish
