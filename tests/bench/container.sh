#!/usr/bin/env bash
# container.sh - svscan -i as a container's init, side by side with tini
# (Debian's package) in one run: the time from the exec of the init to
# its main program running (daemonbox with 5 services up first, and with
# none; tini has one child and no services), the time from SIGTERM to the
# init's exit, and the size of the init's files, with s6-overlay's
# published sizes quoted as a reference.
#
# usage: tests/bench/container.sh [DAEMONBOX [STATIC_DAEMONBOX]]
#   DAEMONBOX         the built binary (default: build/daemonbox at the top)
#   STATIC_DAEMONBOX  the static musl build whose size is shown, e.g.
#       CC=musl-gcc cmake -S . -B build-musl -DDAEMONBOX_STATIC=ON \
#           -DDAEMONBOX_UNIT_TESTS=OFF -DCMAKE_BUILD_TYPE=MinSizeRel &&
#       cmake --build build-musl
#     (default: DAEMONBOX, stripped)
# Environment (defaults in brackets):
#   REPEAT [15]      runs per column; the median is shown, min-max beside
#   NSVC [5]         services in the first column (run: exec sleep)
#   TINI [tini in PATH]
#   CC [cc]          compiles the 40-line timestamp helper
# As root with unshare(1), each init runs as process 1 of a pid namespace
# (unshare --pid --fork --mount-proc), as in a container; otherwise as a
# child of this script (svscan -i and tini -s become subreapers). Takes
# about REPEAT * 3 * 0.5 s. Needs bash 5 (EPOCHREALTIME) and Linux.
#
# What each row means:
#   exec -> PROG ms   from the moment the process that becomes the init
#                     (process 1 of the namespace) execs it, to the moment
#                     the main program runs: both read CLOCK_REALTIME, the
#                     first in the helper just before its execve() of the
#                     init, the second as the main program's first act (the
#                     same helper, exec'd by the init). For daemonbox this
#                     takes in its start-up, a scan, NSVC supervise
#                     processes and their ./run (sh, then exec sleep), and
#                     the wait until every status says up.
#   TERM -> exit ms   from kill -TERM to the init (from outside) until the
#                     unshare (or init) process has been reaped here: the
#                     init passes TERM on to the main program, which exits
#                     0; daemonbox then takes the NSVC services down (TERM,
#                     their supervise exit) before it exits.
#   size              the init's files: daemonbox's static binary stripped
#                     (its links are symlinks), tini-static and tini with
#                     its shared libraries as Debian ships them.

set -u
export LC_ALL=C
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
bin=${1:-$top/build/daemonbox}
sbin=${2:-}
repeat=${REPEAT:-15}
nsvc=${NSVC:-5}
tini=${TINI:-$(command -v tini || true)}

for v in "$repeat" "$nsvc"; do
	case $v in '' | *[!0-9]* | 0)
		echo "usage: container.sh [DAEMONBOX [STATIC_DAEMONBOX]] (env: REPEAT NSVC TINI CC)" >&2
		exit 100 ;;
	esac
done
[ -n "${EPOCHREALTIME:-}" ] || { echo "container.sh: needs bash 5 (EPOCHREALTIME)" >&2; exit 100; }
for b in "$bin" ${sbin:+"$sbin"}; do
	if [ ! -x "$b" ] || [ -d "$b" ]; then
		echo "container.sh: $b is not an executable (build first, or pass its path)" >&2
		exit 100
	fi
done
tmp=$(mktemp -d "${TMPDIR:-/tmp}/daemonbox-container.XXXXXX") || exit 111
INITS=()
cleanup() {
	local p
	for p in "${INITS[@]}"; do kill -KILL "$p" 2>/dev/null; done
	wait 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

cat >"$tmp/stamp.c" <<'EOF'
/* stamp FILE: writes CLOCK_REALTIME to FILE, then waits for SIGTERM and
 * exits 0 (the main program). stamp -x FILE PROG ARGS: writes it and
 * execs PROG (the launcher, in place of the init). */
#define _POSIX_C_SOURCE 200809L
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void on_term(int s) { (void)s; _exit(0); }

static void
stamp(const char *file)
{
	struct timespec ts;
	char buf[64];
	int fd, n;

	clock_gettime(CLOCK_REALTIME, &ts);
	n = snprintf(buf, sizeof buf, "%lld.%09ld\n", (long long)ts.tv_sec,
	    ts.tv_nsec);
	fd = open(file, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || write(fd, buf, (size_t)n) != n)
		_exit(111);
	close(fd);
}

int
main(int argc, char **argv)
{
	if (argc >= 4 && !strcmp(argv[1], "-x")) {
		stamp(argv[2]);
		execvp(argv[3], argv + 3);
		_exit(111);
	}
	if (argc != 2)
		return 100;
	signal(SIGTERM, on_term);
	stamp(argv[1]);
	for (;;)
		pause();
}
EOF
${CC:-cc} -O2 -o "$tmp/stamp" "$tmp/stamp.c" ||
	{ echo "container.sh: cannot compile the helper (set CC)" >&2; exit 111; }

mkdir -p "$tmp/bin" "$tmp/svc" "$tmp/none"
cp "$bin" "$tmp/bin/daemonbox" && "$tmp/bin/daemonbox" --install "$tmp/bin" >/dev/null ||
	exit 111
export PATH="$tmp/bin:$PATH"
i=1
while [ $i -le "$nsvc" ]; do
	mkdir "$tmp/svc/s$i"
	printf '#!/bin/sh\nexec sleep 100000\n' >"$tmp/svc/s$i/run"
	chmod +x "$tmp/svc/s$i/run"
	i=$((i + 1))
done

NS=
if [ "$(id -u)" = 0 ] && unshare --pid --fork --mount-proc true 2>/dev/null; then
	NS=1
fi

# one KIND: one start and stop; prints "STARTUP_MS SHUTDOWN_MS", or
# "- -" when the main program never ran.
one() {
	local kind=$1 init u pid t0 t1 tk te n
	case $kind in
	db5) init=(svscan -i "$tmp/svc") ;;
	db0) init=(svscan -i "$tmp/none") ;;
	tini) if [ -n "$NS" ]; then init=("$tini" --); else init=("$tini" -s --); fi ;;
	esac
	rm -f "$tmp/t0" "$tmp/t1"
	if [ -n "$NS" ]; then
		unshare --pid --fork --mount-proc --kill-child \
		    "$tmp/stamp" -x "$tmp/t0" "${init[@]}" "$tmp/stamp" "$tmp/t1" \
		    </dev/null >/dev/null 2>>"$tmp/err" &
	else
		"$tmp/stamp" -x "$tmp/t0" "${init[@]}" "$tmp/stamp" "$tmp/t1" \
		    </dev/null >/dev/null 2>>"$tmp/err" &
	fi
	u=$!
	INITS+=("$u")
	n=0
	while [ ! -s "$tmp/t1" ] && [ $n -lt 30000 ]; do
		sleep 0.001
		n=$((n + 1))
	done
	if [ ! -s "$tmp/t1" ]; then
		kill -KILL "$u"
		wait "$u" 2>/dev/null
		echo "- -"
		return
	fi
	pid=$u
	[ -n "$NS" ] && read -r pid <"/proc/$u/task/$u/children"
	sleep 0.2	# settled: the services' sh has become sleep
	tk=$EPOCHREALTIME
	kill -TERM "$pid"
	wait "$u"
	te=$EPOCHREALTIME
	read -r t0 <"$tmp/t0"
	read -r t1 <"$tmp/t1"
	awk -v a="$t0" -v b="$t1" -v c="$tk" -v d="$te" \
	    'BEGIN { printf "%.2f %.2f\n", (b - a) * 1000, (d - c) * 1000 }'
}

# stats FILE COLUMN: "median (min-max)" of a column of numbers.
stats() {
	awk -v c="$2" '$c != "-" { v[n++] = $c }
		END {
			if (!n) { print "absent"; exit }
			for (i = 0; i < n; i++) for (j = i + 1; j < n; j++)
				if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
			m = n % 2 ? v[(n - 1) / 2] : (v[n / 2 - 1] + v[n / 2]) / 2
			printf "%.1f (%.1f-%.1f)", m, v[0], v[n - 1]
		}' "$1"
}

kinds="db5 db0"
[ -n "$tini" ] && kinds="$kinds tini"
echo "container.sh: $repeat runs each, $([ -n "$NS" ] && echo "as process 1 of a pid namespace" ||
	echo "not in a namespace (not root, or no unshare)"); $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
r=1
while [ $r -le "$repeat" ]; do
	for k in $kinds; do
		one "$k" >>"$tmp/$k.txt"
	done
	r=$((r + 1))
done

printf '\n%-22s %22s %22s %22s\n' "" "daemonbox svscan -i" "daemonbox svscan -i" "tini $(tini --version 2>/dev/null | awk '{ print $3 }')"
printf '%-22s %22s %22s %22s\n' "" "$nsvc services + PROG" "PROG only" "PROG only"
for row in "exec -> PROG ms:1" "TERM -> exit ms:2"; do
	printf '%-22s' "${row%:*}"
	for k in db5 db0 tini; do
		if [ -f "$tmp/$k.txt" ]; then
			printf ' %22s' "$(stats "$tmp/$k.txt" "${row#*:}")"
		else
			printf ' %22s' absent
		fi
	done
	echo
done

stripped=$tmp/daemonbox.stripped
cp "${sbin:-$bin}" "$stripped" && strip "$stripped" 2>/dev/null
size() { wc -c <"$1" | tr -d ' '; }
static='?'
if command -v file >/dev/null; then
	static=static
	file -L "${sbin:-$bin}" | grep -q 'dynamically linked' && static=dynamic
fi
echo
echo "size of the init's files (bytes):"
printf '  daemonbox %-8s %8s  stripped, and %s symbolic links to it, one per tool\n' \
	"($static)" "$(size "$stripped")" "$("$bin" --list | wc -l)"
if [ -n "$tini" ]; then
	tstatic=$(dirname "$tini")/tini-static
	[ -x "$tstatic" ] && printf '  tini-static        %8s  %s\n' "$(size "$tstatic")" "$tstatic"
	libs=$(ldd "$tini" 2>/dev/null | awk '$3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }')
	total=$(size "$tini")
	for l in $libs; do total=$((total + $(size "$(readlink -f "$l")"))); done
	printf '  tini (dynamic)     %8s  %s, %s with its shared libraries\n' \
	    "$(size "$tini")" "$tini" "$total"
fi
cat <<'EOF'
  s6-overlay         (not measured here; published figures)
      "s6-overlay takes more or less 904K compressed and 3.4M
      uncompressed" -- its README, section Performance (the v1/v2 era),
      https://github.com/just-containers/s6-overlay/blob/101ebb58b6641aa24f87a43e82ab4fc6b0093b47/README.md#performance
      v3.1.2.1 (noarch + x86_64 tarballs) on busybox: an image of 11.7MB
      where busybox alone is 4.8MB -- issue #507,
      https://github.com/just-containers/s6-overlay/issues/507
EOF
if [ -s "$tmp/err" ]; then
	echo
	echo "stderr of the inits:"
	sort "$tmp/err" | uniq -c | sed 's/^/  /'
fi
