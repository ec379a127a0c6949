# envdir.sh - envdir: usage (exit 111), every file rule, the error
# messages and which step they name, the PATH searched, the working
# directory of the program, and our two deliberate differences.
. "$DAEMONBOX_SOURCE_DIR/tests/integration/lib.sh"

cd "$T" || exit 1
chmod 755 "$T"	# nobody must reach it for the permission cases

# show NAME...: prints NAME=[value] or "NAME unset" for each NAME.
cat >show <<'EOF'
#!/bin/sh
for v do
	eval "s=\${$v+x}"
	if [ -n "$s" ]; then
		eval "printf '%s=[%s]\n' \"\$v\" \"\$$v\""
	else
		printf '%s unset\n' "$v"
	fi
done
EOF
chmod 755 show

usage="envdir: usage: envdir dir child"
expect "no arguments: exit 111" 111 "" "$usage" "$BIN/envdir"
expect "dir only: exit 111" 111 "" "$usage" "$BIN/envdir" e
mkdir e
expect "dir only, existing dir" 111 "" "$usage" "$BIN/envdir" e

# The rules, one file each.
printf 'hello world  \t \nsecond line\n' >e/A
printf '  lead' >e/LEAD
printf 'x\r' >e/CR
printf 'a\000b\000c' >e/NUL
printf 'a\000 ' >e/NULBLANK
printf '' >e/EMPTY
printf '\n' >e/NL
printf ' \t ' >e/BLANKS
printf '\t a b \t\nsecond' >e/TABS
printf 'secret\n' >e/.hidden
printf 'via link\n' >target
ln -s ../target e/LINK
mkfifo e/FIFO
cr=$(printf '\r')
expect "file rules" 0 "A=[hello world]
LEAD=[  lead]
CR=[x$cr]
NUL=[a
b
c]
NULBLANK=[a
]
EMPTY unset
NL=[]
BLANKS=[]
TABS=[	 a b]
LINK=[via link]
FIFO unset" "" \
	env -i EMPTY=1 FIFO=2 "$BIN/envdir" e ./show A LEAD CR NUL NULBLANK \
	EMPTY NL BLANKS TABS LINK FIFO
run env -i "$BIN/envdir" e /usr/bin/env
check "dot names skipped" "0:0" "$RC:$(grep -c secret "$T/out")"
# the same, seen as bytes
env -i "$BIN/envdir" e ./show CR | od -An -c | tr -s ' ' >cr.txt
check "\\r is kept" " C R = [ x \\r ] \\n" "$(cat cr.txt)"
rm e/FIFO

# Every edit of a one-file directory: where the entry lands.
mkdir one
printf 'new\n' >one/B
expect "replaced entry goes last" 0 "A=1
C=3
B=new" "" env -i A=1 B=2 C=3 "$BIN/envdir" one /usr/bin/env
: >one/B
expect "removed entry: last one moves up" 0 "C=3
D=4" "" env -i B=2 D=4 C=3 "$BIN/envdir" one /usr/bin/env
expect "removal of an absent name" 0 "A=1" "" \
	env -i A=1 "$BIN/envdir" one /usr/bin/env
expect "all entries of a duplicated name go" 0 "A=1" "" \
	env -i B=1 A=1 B=2 "$BIN/envdir" one /usr/bin/env

# Arguments, exit code and working directory of the program.
expect "arguments passed" 0 "a b  c" "" "$BIN/envdir" one echo a b " c"
expect "exit code passed" 7 "" "" "$BIN/envdir" one sh -c 'exit 7'
expect "program runs in the original directory" 0 "$(pwd -P)" "" \
	"$BIN/envdir" "$T/one" /bin/pwd -P
expect "relative DIR" 0 "$(pwd -P)" "" "$BIN/envdir" ./one /bin/pwd -P

# The PATH searched is the original one, not the one DIR sets.
mkdir pbin penv
printf '#!/bin/sh\necho from pbin\n' >pbin/prog
chmod 755 pbin/prog
printf '%s\n' "$T/pbin" >penv/PATH
expect "PATH from DIR not searched" 111 "" \
	"envdir: fatal: unable to run prog: file does not exist" \
	env PATH=/usr/bin:/bin "$BIN/envdir" penv prog
expect "but the program gets it" 0 "$T/pbin" "" \
	env PATH=/usr/bin:/bin "$BIN/envdir" penv sh -c 'echo $PATH'
expect "original PATH searched" 0 "from pbin" "" \
	env PATH="$T/pbin" "$BIN/envdir" one prog
expect "unset PATH: /bin:/usr/bin" 0 "x" "" env -i "$BIN/envdir" one echo x

# Run failures.
expect "missing program" 111 "" \
	"envdir: fatal: unable to run ./nonexistent: file does not exist" \
	"$BIN/envdir" one ./nonexistent
printf 'echo hi\n' >noexec
expect "not executable" 111 "" \
	"envdir: fatal: unable to run ./noexec: access denied" \
	"$BIN/envdir" one ./noexec
chmod 755 noexec
expect "no #!: no /bin/sh fallback" 111 "" \
	"envdir: fatal: unable to run ./noexec: exec format error" \
	"$BIN/envdir" one ./noexec

# Directory errors.
expect "missing directory" 111 "" \
	"envdir: fatal: unable to switch to directory nope: file does not exist" \
	"$BIN/envdir" nope true
expect "not a directory" 111 "" \
	"envdir: fatal: unable to switch to directory target: not a directory" \
	"$BIN/envdir" target true
mkdir sub sub/d
expect "sub-directory" 111 "" \
	"envdir: fatal: unable to read sub/d: is a directory" \
	"$BIN/envdir" sub true
mkdir loop
ln -s L loop/L
expect "symlink loop" 111 "" \
	"envdir: fatal: unable to read loop/L: symbolic link loop" \
	"$BIN/envdir" loop true
expect "error names DIR as typed" 111 "" \
	"envdir: fatal: unable to read ./loop/../loop/L: symbolic link loop" \
	"$BIN/envdir" ./loop/../loop true

# Deliberate differences from 0.76 (docs/envdir.8).
mkdir eq
printf 'v\n' >'eq/X=Y'
expect "'=' in a name is refused" 111 "" \
	"envdir: fatal: unable to read eq/X=Y: file name contains =" \
	"$BIN/envdir" eq true
mkdir dang
printf 'val1\n' >dang/A
ln -s nowhere dang/V
ln -s nowhere dang/W
expect "dangling symlinks remove their names" 0 "A=[val1]
V unset
W unset" "" env -i V=1 W=2 "$BIN/envdir" dang ./show A V W

# Permission errors, seen as nobody (when not root, as the user running
# the tests: the modes deny the owner too).
as_other() {
	if [ "$(id -u)" = 0 ]; then "$BIN/setuidgid" nobody "$@"; else "$@"; fi
}
other=
[ "$(id -u)" = 0 ] && other="'$BIN/setuidgid' nobody"
mkdir perm
printf 'x\n' >perm/F
chmod 0 perm/F
expect "unreadable file" 111 "" \
	"envdir: fatal: unable to read perm/F: access denied" \
	as_other "$BIN/envdir" perm true
chmod 644 perm/F
chmod 311 perm
expect "unlistable directory" 111 "" \
	"envdir: fatal: unable to read directory perm: access denied" \
	as_other "$BIN/envdir" perm true
chmod 0 perm
expect "unsearchable directory" 111 "" \
	"envdir: fatal: unable to switch to directory perm: access denied" \
	as_other "$BIN/envdir" perm true
chmod 755 perm
mkdir xonly
chmod 311 xonly
run sh -c "cd xonly && exec $other '$BIN/envdir' '$T/one' true"
check "unreadable starting directory: exit" 111 "$RC"
check "unreadable starting directory: message" \
	"envdir: fatal: unable to switch to current directory: access denied" "$ERR"

# Big files: a long first line is kept whole; the rest of a file is read
# but not kept.
mkdir big
head -c 100000 /dev/zero | tr '\0' x >big/V
run env -i "$BIN/envdir" big /usr/bin/env
check "100000-byte value: exit" 0 "$RC"
check "100000-byte value: size" 100003 "$(wc -c <"$T/out" | tr -d ' ')"
if [ "$(uname -s)" = Linux ]; then
	# one string of the environment is limited to 128 KiB on Linux
	head -c 300000 /dev/zero | tr '\0' x >big/V
	expect "300000-byte value: E2BIG at exec" 111 "" \
		"envdir: fatal: unable to run /usr/bin/env: argument list too long" \
		env -i "$BIN/envdir" big /usr/bin/env
fi
{ printf 'short\n'; head -c 67108864 /dev/zero; } >big/V
expect "64 MiB after the first line" 0 "V=[short]" "" \
	env -i "$BIN/envdir" big ./show V
# Under a 48 MiB address-space limit the 64 MiB tail must not be held in
# memory. Checked only where the limit itself lets envdir run (not under
# ASan, which reserves much more).
if (ulimit -v 49152 && exec "$BIN/envdir" one true) 2>/dev/null; then
	run sh -c "ulimit -v 49152 && exec env -i '$BIN/envdir' big ./show V"
	check "64 MiB file under a 48 MiB limit" "0:V=[short]" "$RC:$OUT"
	# a first line that does not fit: 0.76's wording
	head -c 67108864 /dev/zero >big/V
	run sh -c "ulimit -v 49152 && exec '$BIN/envdir' big true"
	check "64 MiB first line under a 48 MiB limit" \
		"111:envdir: fatal: unable to read big/V: out of memory" "$RC:$ERR"
fi
rm -f big/V

finish
