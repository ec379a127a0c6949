#!/usr/bin/env bash
# tai64.sh - throughput of tai64n and tai64nlocal, daemonbox next to
# daemontools 0.76 (/usr/bin, or $DT_REFERENCE) on the same generated log.
#
# usage: tests/bench/tai64.sh [DAEMONBOX [SIZE_MB]]
#   DAEMONBOX  the built binary (default: ../../build/daemonbox from here)
#   SIZE_MB    size of the generated log in MiB (default 100)
#   BENCH_RUNS=N in the environment: best of N runs per figure (default 3)
# Output goes to /dev/null, so the figures are the tools' own cost. bash is
# needed for its `time` keyword (real, user and sys in one go).

set -u
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-$here/../../build/daemonbox}
size=${2:-100}
runs=${BENCH_RUNS:-3}
ref=${DT_REFERENCE:-/usr/bin}

usage() {
	echo "usage: tai64.sh [DAEMONBOX [SIZE_MB]] (BENCH_RUNS=N: best of N)" >&2
	exit 100
}
case $size in '' | *[!0-9]* | 0) usage ;; esac
case $runs in '' | *[!0-9]* | 0) usage ;; esac
if [ ! -x "$bin" ]; then
	echo "tai64.sh: $bin is not an executable (build first, or pass its path)" >&2
	exit 100
fi
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
have_ref=1
if [ ! -x "$ref/tai64n" ] || [ ! -x "$ref/tai64nlocal" ]; then
	have_ref=0
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/daemonbox-bench.XXXXXX") || exit 111
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

# One MiB or so of log-like lines of 10..130 bytes, repeated to SIZE_MB.
awk 'BEGIN {
	srand(1)
	while (n < 1048576) {
		len = int(rand() * 120) + 10
		s = sprintf("%06d daemon[%d]: ", i++, int(rand() * 99999))
		while (length(s) < len)
			s = s "request served in " int(rand() * 999) " ms; "
		s = substr(s, 1, len)
		print s
		n += len + 1
	}
}' >"$tmp/chunk" || exit 111
: >"$tmp/in"
i=0
while [ "$i" -lt "$size" ]; do
	cat "$tmp/chunk" >>"$tmp/in"
	i=$((i + 1))
done
# tai64nlocal reads what tai64n writes: stamps from one short run, so most
# lines share their second with the line before, as in a busy log.
"$bin" tai64n <"$tmp/in" >"$tmp/stamped" || exit 111

bytes() { wc -c <"$1" | tr -d ' '; }
in_bytes=$(bytes "$tmp/in")
st_bytes=$(bytes "$tmp/stamped")
lines=$(wc -l <"$tmp/in" | tr -d ' ')

# measure INPUT CMD...: best real time of $runs runs, with the user and
# sys times of that run; prints "real cpu MB/s".
measure() {
	local input=$1 best= line r u s k
	shift
	TIMEFORMAT='%3R %3U %3S'
	for ((k = 0; k < runs; k++)); do
		line=$({ time "$@" <"$input" >/dev/null 2>&1; } 2>&1) || return 1
		read -r r u s <<<"$line"
		if [ -z "$best" ] || awk -v a="$r" -v b="${best%% *}" 'BEGIN { exit !(a < b) }'; then
			best="$r $u $s"
		fi
	done
	read -r r u s <<<"$best"
	awk -v r="$r" -v u="$u" -v s="$s" -v b="$(bytes "$input")" 'BEGIN {
		mbs = r > 0 ? b / 1048576 / r : 0
		printf "%7.2fs %7.2fs %8.1f", r, u + s, mbs
	}'
}

row() {
	local name=$1 input=$2 tz=$3 ours theirs
	# $tz is empty or one NAME=value word for env.
	if [ "$have_ref" = 1 ]; then
		theirs=$(measure "$input" env $tz "$ref/$name") || theirs="   (failed)"
	else
		theirs="   (no oracle)"
	fi
	ours=$(measure "$input" env $tz "$bin" "$name") || ours="   (failed)"
	printf '%-24s %-28s   %s\n' "$name${tz:+ ($tz)}" "$theirs" "$ours"
}

echo "input: $in_bytes bytes ($size MiB), $lines lines; stamped: $st_bytes bytes"
echo "best of $runs run(s); output to /dev/null; MB/s = MiB of input per real second"
[ "$have_ref" = 1 ] ||
	echo "note: no daemontools in $ref, its column is skipped (DT_REFERENCE)"
printf '%-24s %-28s   %s\n' "" "daemontools ($ref)" "daemonbox ($bin)"
head='   real  user+sys     MB/s'
printf '%-24s %-28s   %s\n' "tool" "$head" "$head"
row tai64n "$tmp/in" ""
row tai64nlocal "$tmp/stamped" ""
row tai64nlocal "$tmp/stamped" "TZ=UTC"

# The figures mean little if the results differ.
if [ "$have_ref" = 1 ]; then
	"$ref/tai64nlocal" <"$tmp/stamped" >"$tmp/ref.out"
	"$bin" tai64nlocal <"$tmp/stamped" >"$tmp/our.out"
	if cmp -s "$tmp/ref.out" "$tmp/our.out"; then
		echo "tai64nlocal outputs identical"
	else
		echo "WARNING: tai64nlocal outputs differ"
		exit 1
	fi
fi
