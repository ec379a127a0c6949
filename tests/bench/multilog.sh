#!/usr/bin/env bash
# multilog.sh - CPU cost and throughput of loggers on one generated input:
# daemonbox multilog, daemontools 0.76's multilog, s6-log and svlogd, each
# with timestamps, 16 MB files and 10 kept, next to the floor `cat > file`;
# then daemonbox and the floor without timestamps.
#
# usage: tests/bench/multilog.sh [DAEMONBOX [SIZE_MB]]
#   DAEMONBOX  the built binary (default: ../../build/daemonbox from here)
#   SIZE_MB    size of the input in MB (default 200)
#   BENCH_RUNS=N in the environment: best (least CPU) of N runs (default 3)
# The input (lines of 20..200 bytes) is fed through a pipe by cat, as a
# service's output would be; only the logger's own user+sys time counts.
# Work files go to /dev/shm when it exists (tmpfs), else $TMPDIR or /tmp.
# bash is needed for its `time` keyword.

set -u
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-$here/../../build/daemonbox}
size=${2:-200}
runs=${BENCH_RUNS:-3}
ref=${DT_REFERENCE:-/usr/bin}

case $size in '' | *[!0-9]* | 0)
	echo "usage: multilog.sh [DAEMONBOX [SIZE_MB]]" >&2
	exit 100 ;;
esac
if [ ! -x "$bin" ]; then
	echo "multilog.sh: $bin is not an executable (build first)" >&2
	exit 100
fi
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
base=${TMPDIR:-/tmp}
[ -d /dev/shm ] && [ -w /dev/shm ] && base=/dev/shm
tmp=$(mktemp -d "$base/daemonbox-bench.XXXXXX") || exit 111
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

# About 1 MB of log-like lines of 20..200 bytes, repeated to SIZE_MB.
awk 'BEGIN {
	srand(7)
	while (n < 1000000) {
		len = int(rand() * 181) + 20
		s = sprintf("%07d svc[%d]: ", i++, int(rand() * 99999))
		while (length(s) < len)
			s = s "request done in " int(rand() * 999) " ms; "
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
bytes=$(wc -c <"$tmp/in" | tr -d ' ')
lines=$(wc -l <"$tmp/in" | tr -d ' ')

# measure NAME CMD...: runs CMD in $tmp/out with the input on a pipe,
# $runs times; prints NAME and, for the run that used the least CPU: CPU
# seconds (user+sys) per GB of input, MB/s of input per second of real
# time, and the user and sys seconds.
measure() {
	local name=$1 r u s k best=
	shift
	TIMEFORMAT='%3R %3U %3S'
	for ((k = 0; k < runs; k++)); do
		rm -rf "$tmp/out"
		mkdir "$tmp/out"
		read -r r u s < <(cd "$tmp/out" && cat "$tmp/in" |
		    { time "$@" >/dev/null 2>&1; } 2>&1)
		if [ -z "$best" ] || awk -v a="$u" -v b="$s" -v c="$best" \
		    'BEGIN { split(c, x, " "); exit !(a + b < x[2] + x[3]) }'; then
			best="$r $u $s"
		fi
	done
	rm -rf "$tmp/out"
	read -r r u s <<<"$best"
	awk -v n="$name" -v r="$r" -v u="$u" -v s="$s" -v b="$bytes" 'BEGIN {
		mbs = r > 0 ? b / 1e6 / r : 0
		printf "%-34s %8.2f %8.1f %8.2f %8.2f\n", n, (u + s) / (b / 1e9), mbs, u, s }'
}

echo "input: $bytes bytes, $lines lines of 20..200 bytes, on $base"
echo "files of 16777215 bytes, 10 kept; only the logger's CPU time counts;"
echo "best of $runs run(s) by CPU time"
printf '%-34s %8s %8s %8s %8s\n' "logger" "CPU s/GB" "MB/s" "user" "sys"
measure "daemonbox multilog t" "$bin" multilog t s16777215 n10 ./log
if [ -x "$ref/multilog" ]; then
	measure "daemontools 0.76 multilog t" "$ref/multilog" t s16777215 n10 ./log
else
	echo "(no daemontools multilog in $ref)"
fi
if command -v s6-log >/dev/null 2>&1; then
	measure "s6-log t" s6-log t s16777215 n10 ./log
else
	echo "(no s6-log)"
fi
if command -v svlogd >/dev/null 2>&1; then
	measure "svlogd -t" sh -c 'mkdir log && printf "s16777215\nn10\n" >log/config && exec svlogd -t log'
else
	echo "(no svlogd)"
fi
measure "floor: cat > file" sh -c 'exec cat >file'
echo "without timestamps:"
measure "daemonbox multilog" "$bin" multilog s16777215 n10 ./log
measure "floor: cat > file" sh -c 'exec cat >file'
