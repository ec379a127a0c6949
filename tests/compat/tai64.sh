# tai64.sh - tai64nlocal byte for byte against daemontools 0.76 (worked
# examples, time zones, what follows a label, plain and partial lines, long
# lines, EOF inside a label); tai64n with its labels masked, plus a check
# that both clocks agree. Inputs that crash 0.76's tai64nlocal are not fed
# to it: ours must copy those lines unchanged.
. "$DAEMONBOX_SOURCE_DIR/tests/compat/lib.sh"

# local_same DESC INPUT: printf-format INPUT through both tai64nlocals.
local_same() {
	printf "$2" >"$T/stdin"
	same "$1" tai64nlocal
}

TZ=UTC
export TZ
local_same "unix 0" '@400000000000000a00000000\n'
local_same "unix 1e9" '@400000003b9aca0a00000000 x\n'
local_same "2023" '@4000000065920080075bcd15 end of year\n'
local_same "2026" '@400000006b07186906c7774c ONE\n'
local_same "pre-1970" '@3fffffffffffffff00000000 old\n'
local_same "nanos > 999999999" '@400000000000000affffffff\n@400000000000000a3b9aca00\n'
local_same "years 1000, 0, -1, -100" '@3ffffff8df7d0c8a00000000\n'\
'@3ffffff1868b840a00000000\n@3ffffff1868b840900000000\n'\
'@3ffffff0cbd1130a00000000 a\n'
local_same "far future" '@40f099c00000000a00000000\n'
local_same "leading zeros" '@00400000000000000a00000000 z\n@0400000000000000a00000000\n'
local_same "tab" '@400000000000000a00000000\tTAB\n'
local_same "colon" '@400000000000000a00000000:x\n@400000000000000a00000000::\n'
local_same "upper-case letter after 24 digits" '@400000000000000a00000000X y\n'
local_same "second label kept" '@400000000000000a00000000 @400000000000000a00000000\n'
local_same "lines without @" 'one\ntwo\n\n x@400000000000000a00000000\nx@4000\n'
local_same "last line without newline" 'one\n@400000000000000a00000000 two'
local_same "plain last line without newline" '@400000000000000a00000000\nlast'
local_same "empty input" ''
local_same "only a newline" '\n'
local_same "binary bytes" 'a\000b\r\n@400000000000000a00000000\000z\n'
local_same "EOF after digits" 'x\n@400000000000000a00000000'
local_same "EOF after @" 'x\n@'
local_same "EOF after one digit" 'x\n@4'
local_same "EOF after a partial line" '@400000000000000a00000000 part'

# A real log stamped by 0.76's tai64n, in more than one read.
awk 'BEGIN { for (i = 0; i < 5000; i++) print "log line " i }' |
	"$REF/tai64n" >"$T/stdin"
same "stamped log" tai64nlocal

# Long lines, stamped and not.
long=$(awk 'BEGIN { s = "y"; while (length(s) < 200000) s = s s; printf "%s", s }')
printf '@400000003b9aca0a00000000 %s\n%s\n@400000003b9aca0a00000000 end' \
	"$long" "$long" >"$T/stdin"
same "long lines" tai64nlocal

# Time zones, the system's default included: 1e9, 0, summer and winter
# 2019/2020, before 1970.
zones='@400000003b9aca0a00000000\n@400000000000000a00000000\n'\
'@400000005d2a2a3a00000000\n@400000005e10b68a00000000\n'\
'@3fffffffffffffff00000000\n'
# Leap-second ("right/") zones are the C library's business: musl's
# localtime ignores their leap table, glibc's (and so 0.76's) applies it.
case $(ldd "$DAEMONBOX" 2>&1) in
*"not a dynamic"*|*"statically linked"*) right=; echo "note: static binary: right/UTC not compared" ;;
*) right=right/UTC ;;
esac
for tz in Asia/Kolkata America/Los_Angeles Europe/Berlin $right; do
	[ -r "/usr/share/zoneinfo/$tz" ] || continue
	TZ=$tz
	local_same "TZ=$tz" "$zones"
done
unset TZ
local_same "TZ unset" "$zones"
TZ=UTC
export TZ

# 0.76 dies of SIGSEGV on these (spec tai64.md §4.2); ours copies them.
for bad in '@ nohex' '@' '@4000000000000000 short' '@400000000000000a000000000 25' \
	'@400000000000000a0000000000 26' '@400000006B07186906c7774c upper' \
	'@000000000000000000000000' '@7fffffffffffffff00000000' \
	'@1400000000000000a00000000 wraps in 0.76'; do
	printf 'before\n%s\nafter\n' "$bad" >"$T/stdin"
	run "$BIN/tai64nlocal"
	check "unconvertible [$bad]: exit" 0 "$RC"
	cmp -s "$T/stdin" "$T/out" && pass || fail "unconvertible [$bad] copied"
done

# tai64n: the same bytes once the labels are masked.
NORMALIZE='s/^@[0-9a-f]\{24\} /@LABEL /'
tai64n_same() {
	printf "$2" >"$T/stdin"
	same "$1" tai64n
}
tai64n_same "one line" 'ONE\n'
tai64n_same "lines" 'a\n\nbb\nccc\n'
tai64n_same "last line without newline" 'a\nlast'
tai64n_same "empty input" ''
tai64n_same "binary bytes" 'a\rb\000c\tz\n'
awk 'BEGIN { for (i = 0; i < 5000; i++) print "log line " i }' >"$T/stdin"
same "many lines" tai64n
printf '%s\n%s' "$long" "$long" >"$T/stdin"
same "long lines" tai64n
same "arguments ignored" tai64n -x foo
NORMALIZE=

# Both clocks: daemontools' mapping, within 2 seconds of each other.
ref=$(echo x | "$REF/tai64n")
our=$(echo x | "$BIN/tai64n")
rs=$(printf '%s' "$ref" | cut -c2-17)
os=$(printf '%s' "$our" | cut -c2-17)
delta=$((0x$os - 0x$rs))
if [ "$delta" -ge -2 ] && [ "$delta" -le 2 ]; then pass; else
	fail "tai64n seconds: ours $our, 0.76's $ref"
fi
check "tai64n nanoseconds end in 500 like 0.76's" \
	"$(($(printf '0x%s' "$(printf '%s' "$ref" | cut -c18-25)") % 1000))" \
	"$(($(printf '0x%s' "$(printf '%s' "$our" | cut -c18-25)") % 1000))"

# And each converts the other's labels the same way.
printf '%s\n%s\n' "$ref" "$our" >"$T/stdin"
same "tai64nlocal of both stamps" tai64nlocal

finish
