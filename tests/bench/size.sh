#!/usr/bin/env bash
# size.sh - what daemonbox weighs on disk and in memory, next to daemontools
# 0.76, runit, s6 and busybox (issue #7: the static musl build is at most
# 150 KiB stripped, and one idle supervise from it has an RSS of at most
# 200 KiB).
#
# usage: tests/bench/size.sh [STATIC_DAEMONBOX [DYNAMIC_DAEMONBOX]]
#   STATIC_DAEMONBOX   default: build-musl/daemonbox at the top, made with
#       CC=musl-gcc cmake -S . -B build-musl -DDAEMONBOX_STATIC=ON \
#           -DDAEMONBOX_UNIT_TESTS=OFF -DCMAKE_BUILD_TYPE=MinSizeRel &&
#       cmake --build build-musl
#   DYNAMIC_DAEMONBOX  default: build/daemonbox at the top (glibc)
# Environment (defaults in brackets):
#   DT_REFERENCE [/usr/bin]  where daemontools 0.76 is (Debian's package)
#   BUSYBOX [/bin/busybox]   Debian's busybox-static, the whole of it
#   BUSYBOX_SRC  a busybox source tarball (busybox-X.tar.bz2, or Debian's
#       busybox_X.orig.tar.bz2 from `apt-get source busybox`) to build a
#       busybox with nothing but its runit/daemontools applets; when unset,
#       the last /tmp/bbsrc/busybox_*.orig.tar.bz2 is taken, if any.
#   BUSYBOX_CC ["musl-gcc gcc"]  compilers tried in turn for that build;
#       the first that builds it wins (gcc means static glibc, and the row
#       says so).
#   TMPDIR [/tmp]  scratch space; the busybox build is kept, stripped, in
#       $TMPDIR/daemonbox-bench-busybox-runit/ (with its applet list and
#       build log), so only the first run builds it (about 30 s). Delete
#       that directory to rebuild.
# Needs bash, binutils (strip, size, readelf), ldd, Linux's /proc, and
# paths without blanks. The originals are never touched: every program is
# measured as a copy made by `strip -o` into a temporary directory.
#
# What each row and column means:
#   files      programs found / programs looked for.
#   installed  sum of the file sizes as they are on disk (Debian's
#       packages ship them stripped; the daemonbox builds are not; for the
#       runit-only busybox, its build's busybox_unstripped).
#   stripped   sum of the sizes of the `strip -o` copies; KiB is this / 1024.
#       Files strip refuses (daemontools' svscanboot is a sh script in
#       Debian) count as they are.
#   text data bss  sums of what `size` says of the stripped copies (text
#       includes read-only data); a file size does not say what is loaded,
#       these do.
#   idle RSS   VmRSS in KiB from /proc/PID/status of one supervisor whose
#       service (run: exec sleep 1000) is up: read once supervise/ok exists,
#       the tool's own check says it runs and its child is the sleep.
#       daemonbox's rows run the stripped copies; djb's supervise, runsv and
#       s6-supervise run as installed, and their RSS includes the pages of
#       the shared libc they touch.
#   daemontools 0.76  the seventeen programs envdir envuidgid fghack
#       multilog pgrphack readproctitle setlock setuidgid softlimit
#       supervise svc svok svscan svscanboot svstat tai64n tai64nlocal, all
#       dynamically linked; its "+ libc" row adds the libc.so.6 they load
#       (resolved with ldd on svscan), which a static build carries inside.
#   runit      runsv runsvdir sv svlogd chpst, dynamic.
#   s6         s6-svscan s6-supervise s6-svc s6-svstat s6-svok s6-log; the
#       row under it is the shared libraries they load apart from libc
#       (skalibs, libs6), each counted once.
#   busybox-static  Debian's whole busybox; of these tools it has only a
#       few (svc and svok in Debian 12), listed in the notes.
#   busybox runit-only  busybox built from BUSYBOX_SRC with allnoconfig plus
#       its runit/daemontools applets (runsv runsvdir sv svlogd chpst
#       setuidgid envuidgid envdir softlimit svc svok), statically; the fair
#       figure for "the same job in busybox". Its idle RSS is its runsv.
# The goals at the end are for the static daemonbox.

set -u
export LC_ALL=C
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
sbin=${1:-$top/build-musl/daemonbox}
dbin=${2:-$top/build/daemonbox}
ref=${DT_REFERENCE:-/usr/bin}
bbdeb=${BUSYBOX:-/bin/busybox}
bbccs=${BUSYBOX_CC:-musl-gcc gcc}
cache=${TMPDIR:-/tmp}/daemonbox-bench-busybox-runit
goal_size=153600
goal_rss=200

note() { echo "$*" >&2; }
usage() {
	echo "usage: size.sh [STATIC_DAEMONBOX [DYNAMIC_DAEMONBOX]]" \
	    "(env: DT_REFERENCE BUSYBOX BUSYBOX_SRC BUSYBOX_CC TMPDIR)" >&2
	exit 100
}
[ $# -le 2 ] || usage
absolute() { (cd "$(dirname "$1")" && echo "$(pwd)/$(basename "$1")"); }
if [ ! -x "$sbin" ] || [ -d "$sbin" ]; then
	note "size.sh: $sbin is not an executable (build it, or pass its path)"
	exit 100
fi
sbin=$(absolute "$sbin")
if [ -x "$dbin" ] && [ ! -d "$dbin" ]; then dbin=$(absolute "$dbin"); else
	note "size.sh: no dynamic daemonbox at $dbin; its row is left out"
	dbin=
fi
for t in strip size readelf ldd; do
	command -v "$t" >/dev/null || { note "size.sh: needs $t"; exit 100; }
done
if [ -n "${BUSYBOX_SRC:-}" ]; then
	bbsrc=$BUSYBOX_SRC
else
	bbsrc=
	for f in /tmp/bbsrc/busybox_*.orig.tar.bz2; do [ -f "$f" ] && bbsrc=$f; done
fi
[ -n "$bbsrc" ] && [ -f "$bbsrc" ] && bbsrc=$(absolute "$bbsrc")

tmp=$(mktemp -d "${TMPDIR:-/tmp}/daemonbox-bench.XXXXXX") || exit 111
case $tmp$sbin$dbin$ref$cache in *[[:space:]]*)
	note "size.sh: paths with blanks are not supported"
	rmdir "$tmp"
	exit 100 ;;
esac
declare -A LIVE	# pids this script started and has not reaped yet
cleanup() {
	local p
	for p in "${!LIVE[@]}"; do
		kill -STOP "$p" 2>/dev/null	# so it starts nothing more
		kill -KILL "$p" $(children "$p") 2>/dev/null
	done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP
mkdir "$tmp/strip" "$tmp/svc" "$tmp/bin" || exit 111

# ---- sizes ----------------------------------------------------------------
# R[col,row]: the figures; NOTES: lines printed under the table.
declare -A R
ROWS=()
NOTES=()
addnote() { NOTES+=("$*"); }
declare -A LABEL
bytes() { stat -L -c %s "$1"; }
kib() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1024 }'; }

# measure ROW WANTED FILE...: the size figures of the files that exist
# (WANTED is how many were looked for); absent ones are named in a note.
nstrip=0
measure() {
	local row=$1 want=$2 f c n=0 inst=0 str=0 text=0 data=0 bss=0 t d b miss=
	shift 2
	for f; do
		if [ ! -f "$f" ]; then
			miss+=" $(basename "$f")"
			continue
		fi
		n=$((n + 1))
		inst=$((inst + $(bytes "$f")))
		nstrip=$((nstrip + 1))
		c=$tmp/strip/$nstrip.$(basename "$f")
		if ! strip -o "$c" "$f" 2>/dev/null; then
			cp "$f" "$c"
			addnote "${LABEL[$row]}: $(basename "$f") is not ELF" \
			    "($(head -n 1 "$f" | cut -c 1-20)...), counted as it is"
		fi
		str=$((str + $(bytes "$c")))
		# berkeley format: text data bss dec hex name
		if read -r t d b _ < <(size "$c" 2>/dev/null | sed -n 2p) &&
		    [ -n "$b" ]; then
			text=$((text + t)) data=$((data + d)) bss=$((bss + b))
		fi
		STRIPPED[$row]+=" $c"
	done
	R[files,$row]=$n/$want
	if [ "$n" = 0 ]; then
		R[inst,$row]=absent
		return 1
	fi
	R[inst,$row]=$inst R[str,$row]=$str R[kib,$row]=$(kib "$str")
	R[text,$row]=$text R[data,$row]=$data R[bss,$row]=$bss
	[ -n "$miss" ] && addnote "${LABEL[$row]}: not found:$miss"
	return 0
}
declare -A STRIPPED

# libs FILE...: the shared libraries FILE... load, resolved, once each,
# without libc, the dynamic loader and the vdso.
libs() {
	ldd "$@" 2>/dev/null | awk '$2 == "=>" && $3 ~ /^\// { print $3 }' |
	    while read -r l; do
		case ${l##*/} in libc.so.* | ld-linux* | ld-musl*) continue ;; esac
		readlink -f "$l"
	done | sort -u
}

# 1. the static daemonbox
LABEL[dbs]="daemonbox static (musl)"
ROWS+=(dbs)
measure dbs 1 "$sbin"
sstrip=${STRIPPED[dbs]# }
if readelf -l "$sbin" 2>/dev/null | grep -q INTERP; then
	addnote "${LABEL[dbs]}: WARNING: $sbin has an INTERP header, it is not static"
fi

# 2. the dynamic daemonbox
dstrip=
if [ -n "$dbin" ]; then
	LABEL[dbd]="daemonbox dynamic (glibc)"
	ROWS+=(dbd)
	measure dbd 1 "$dbin"
	dstrip=${STRIPPED[dbd]# }
	needed=$(readelf -d "$dbin" 2>/dev/null |
	    sed -n 's/.*(NEEDED).*\[\(.*\)\].*/\1/p' | tr '\n' ' ')
	addnote "${LABEL[dbd]}: needs ${needed:-?}(not counted in its row)"
fi

# 3. daemontools 0.76, and the libc it loads
dt_progs="envdir envuidgid fghack multilog pgrphack readproctitle setlock
setuidgid softlimit supervise svc svok svscan svscanboot svstat tai64n
tai64nlocal"
LABEL[dt]="daemontools 0.76"
LABEL[dtlibc]="  ... + libc"
ROWS+=(dt dtlibc)
dt_files=()
for p in $dt_progs; do dt_files+=("$ref/$p"); done
libc=
if measure dt 17 "${dt_files[@]}"; then
	probe=$ref/svscan
	[ -f "$probe" ] || probe=${STRIPPED[dt]%% *}
	libc=$(ldd "$probe" 2>/dev/null | awk '$1 ~ /^libc\.so/ { print $3 }')
	[ -n "$libc" ] && libc=$(readlink -f "$libc")
	ldso=$(ldd "$probe" 2>/dev/null | awk '$1 ~ /ld-linux/ { print $1 }')
	extra=$(libs "${dt_files[@]}" | tr '\n' ' ')
	[ -n "$extra" ] && addnote "${LABEL[dt]}: also loads $extra(not counted)"
	if [ -n "$libc" ] && [ -f "$libc" ]; then
		lb=$(bytes "$libc")
		read -r t d b _ < <(size "$libc" 2>/dev/null | sed -n 2p)
		R[files,dtlibc]="+1"
		R[inst,dtlibc]=$((R[inst,dt] + lb))
		R[str,dtlibc]=$((R[str,dt] + lb))
		R[kib,dtlibc]=$(kib "${R[str,dtlibc]}")
		R[text,dtlibc]=$((R[text,dt] + ${t:-0}))
		R[data,dtlibc]=$((R[data,dt] + ${d:-0}))
		R[bss,dtlibc]=$((R[bss,dt] + ${b:-0}))
		addnote "${LABEL[dt]}: they load $libc, $lb bytes ($(kib "$lb") KiB)," \
		    "added as it is in the '+ libc' row${ldso:+; the loader $ldso is another $(bytes "$ldso") bytes, not added}"
	else
		R[inst,dtlibc]="no libc?"
		addnote "${LABEL[dt]}: could not resolve libc.so.6 with ldd $probe"
	fi
else
	R[inst,dtlibc]=absent
	addnote "${LABEL[dt]}: none of its programs in $ref (DT_REFERENCE)"
fi

# 4. runit
LABEL[runit]="runit (5 programs)"
ROWS+=(runit)
runit_files=()
for p in runsv runsvdir sv svlogd chpst; do
	f=$(command -v "$p" 2>/dev/null) || f=/usr/bin/$p
	runit_files+=("$f")
done
if measure runit 5 "${runit_files[@]}"; then
	v=$(dpkg-query -W -f '${Version}' runit 2>/dev/null)
	extra=$(libs "${runit_files[@]}" | tr '\n' ' ')
	addnote "${LABEL[runit]}: ${v:+Debian runit $v, }dynamic (libc not counted)${extra:+; also loads $extra}"
fi

# 5. s6
LABEL[s6]="s6 (6 programs)"
LABEL[s6lib]="  ... its shared libs"
ROWS+=(s6 s6lib)
s6_files=()
for p in s6-svscan s6-supervise s6-svc s6-svstat s6-svok s6-log; do
	f=$(command -v "$p" 2>/dev/null) || f=/usr/bin/$p
	s6_files+=("$f")
done
if measure s6 6 "${s6_files[@]}"; then
	v=$(dpkg-query -W -f '${Version}' s6 2>/dev/null)
	s6libs=$(libs "${s6_files[@]}")
	if [ -n "$s6libs" ]; then
		LABEL[s6lib]="  ... + $(echo "$s6libs" | wc -l | tr -d ' ') shared libs"
		measure s6lib "$(echo "$s6libs" | wc -l | tr -d ' ')" $s6libs
		addnote "${LABEL[s6]}: ${v:+Debian s6 $v, }dynamic; besides libc they load" \
		    "$(for l in $s6libs; do printf '%s (%s) ' "$l" "$(bytes "$l")"; done)-" \
		    "counted in the row under it"
	else
		R[inst,s6lib]="none"
	fi
else
	R[inst,s6lib]=absent
fi

# 6a. Debian's busybox-static, whole
LABEL[bbdeb]="busybox-static (Debian)"
ROWS+=(bbdeb)
if measure bbdeb 1 "$bbdeb"; then
	list=" $("$bbdeb" --list 2>/dev/null | tr '\n' ' ') "
	napp=$(echo "$list" | wc -w)
	has=
	for a in runsv runsvdir sv svlogd chpst setuidgid envuidgid envdir softlimit svc svok; do
		case $list in *" $a "*) has+=" $a" ;; esac
	done
	addnote "${LABEL[bbdeb]}: $bbdeb, all $napp applets; of the supervision tools it has only:${has:- none}"
fi

# 6b. busybox with only its runit/daemontools applets, built here once.
LABEL[bbrun]="busybox runit-only"
ROWS+=(bbrun)
bb_applets="runsv runsvdir sv svlogd chpst setuidgid envuidgid envdir softlimit svc svok"
# setc NAME VALUE: set CONFIG_NAME in ./.config (VALUE n: unset it).
setc() {
	sed -i -e "/^CONFIG_$1=/d" -e "/^# CONFIG_$1 is not set\$/d" .config
	if [ "$2" = n ]; then echo "# CONFIG_$1 is not set"; else echo "CONFIG_$1=$2"; fi >>.config
}
# bb_build SRC KEY: build into $cache; 0 if $cache/busybox is there after.
bb_build() {
	local src=$1 key=$2 d cc log=$cache/build.log s ok=
	mkdir -p "$cache" || return 1
	rm -f "$cache/busybox" "$cache/applets" "$cache/how" "$cache/key"
	: >"$log"
	note "building a busybox with only its runit applets from $src" \
	    "(first run only; kept in $cache)"
	mkdir "$tmp/bbsrc" && tar -xf "$src" -C "$tmp/bbsrc" >>"$log" 2>&1 || {
		note "size.sh: cannot extract $src"
		return 1
	}
	d=$(find "$tmp/bbsrc" -mindepth 1 -maxdepth 1 -type d | head -n 1)
	[ -n "$d" ] && [ -f "$d/Makefile" ] || { note "size.sh: no busybox tree in $src"; return 1; }
	(
		cd "$d" || exit 1
		echo "== make allnoconfig"
		make allnoconfig || exit 1
		for s in STATIC RUNSV RUNSVDIR SV SVLOGD CHPST SETUIDGID ENVUIDGID \
		    ENVDIR SOFTLIMIT SVC SVOK; do
			setc "$s" y
		done
		# allnoconfig still picks ash for the "sh is" choice, which
		# would build a whole shell in; and a string left to `yes ""`
		# comes out empty rather than its default.
		setc SH_IS_NONE y
		setc SH_IS_ASH n
		setc SHELL_ASH n
		setc SV_DEFAULT_SERVICE_DIR '"/var/service"'
		echo "== yes '' | make oldconfig"
		yes "" | make oldconfig || exit 1
		for s in STATIC RUNSV RUNSVDIR SV SVLOGD CHPST SETUIDGID ENVUIDGID \
		    ENVDIR SOFTLIMIT SVC SVOK; do
			grep -q "^CONFIG_$s=y\$" .config || { echo "== CONFIG_$s is not y"; exit 1; }
		done
		! grep -q '^CONFIG_SHELL_ASH=y$' .config || { echo "== ash is still in"; exit 1; }
	) >>"$log" 2>&1 || {
		note "size.sh: configuring busybox failed; see $log"
		return 1
	}
	for cc in $bbccs; do
		command -v "$cc" >/dev/null || { echo "== no $cc" >>"$log"; continue; }
		echo "== make CC=$cc -j2 busybox" >>"$log"
		if (cd "$d" && make clean && make CC="$cc" -j2 busybox) >>"$log" 2>&1 &&
		    [ -f "$d/busybox_unstripped" ]; then
			ok=$cc
			break
		fi
		note "size.sh: busybox did not build with CC=$cc (see $log)"
	done
	[ -n "$ok" ] || return 1
	strip -o "$cache/busybox.new" "$d/busybox_unstripped" || return 1
	if readelf -l "$cache/busybox.new" | grep -q INTERP; then s=dynamic; else s=static; fi
	case $ok in
	musl-gcc | *musl*) echo "$s musl, CC=$ok" ;;
	*) echo "$s glibc, CC=$ok (musl-gcc did not build it)" ;;
	esac >"$cache/how"
	(cd "$d" && make busybox.links) >>"$log" 2>&1 &&
	    sed 's,.*/,,' "$d/busybox.links" | tr '\n' ' ' >"$cache/applets"
	bytes "$d/busybox_unstripped" >"$cache/unstripped"
	mv "$cache/busybox.new" "$cache/busybox" && echo "$key" >"$cache/key"
}
bbrun= how=
if [ -z "$bbsrc" ]; then
	R[inst,bbrun]=absent
	addnote "${LABEL[bbrun]}: absent (set BUSYBOX_SRC=busybox-X.tar.bz2, e.g. from apt-get source busybox)"
elif [ ! -f "$bbsrc" ]; then
	R[inst,bbrun]=absent
	addnote "${LABEL[bbrun]}: absent: no file $bbsrc (BUSYBOX_SRC)"
else
	key="$(basename "$bbsrc") $(bytes "$bbsrc") CC=$bbccs"
	if [ -x "$cache/busybox" ] && [ "$(cat "$cache/key" 2>/dev/null)" = "$key" ]; then
		bbrun=$cache/busybox
	elif bb_build "$bbsrc" "$key"; then
		bbrun=$cache/busybox
	else
		R[inst,bbrun]=failed
		addnote "${LABEL[bbrun]}: the build from $bbsrc failed; see $cache/build.log"
		[ -f "$cache/build.log" ] && tail -n 15 "$cache/build.log" >&2
	fi
fi
if [ -n "$bbrun" ]; then
	how=$(cat "$cache/how" 2>/dev/null)
	LABEL[bbrun]="busybox runit-only (${how%%,*})"
	measure bbrun 1 "$bbrun"
	# the cached copy is stripped already; "installed" is the unstripped one
	[ -f "$cache/unstripped" ] && R[inst,bbrun]=$(cat "$cache/unstripped")
	have=$(cat "$cache/applets" 2>/dev/null)
	have=" $(echo $have) "
	addnote "busybox runit-only: $(basename "$bbsrc"), allnoconfig + runit applets, $how;" \
	    "applets:${have% }; cached in $cache"
	for a in $bb_applets; do
		case $have in *" $a "*) ;; *) addnote "busybox runit-only: WARNING: no $a in it" ;; esac
	done
	# it has no --list without CONFIG_BUSYBOX: applets are called by name
	mkdir "$tmp/bin/bb" && ln -s "$bbrun" "$tmp/bin/bb/runsv" &&
	    ln -s "$bbrun" "$tmp/bin/bb/svok"
fi

# ---- 7. the RSS of one idle supervisor -----------------------------------
# children PID: the pids of PID's children.
children() {
	local f line rest pp
	if [ -r "/proc/$1/task/$1/children" ]; then
		cat "/proc/$1/task/$1/children" 2>/dev/null
		return
	fi
	for f in /proc/[0-9]*/stat; do
		{ read -r line <"$f"; } 2>/dev/null || continue
		rest=${line##*) }
		read -r _ pp _ <<<"$rest"
		[ "$pp" = "$1" ] && printf '%s ' "${line%% *}"
	done
}
comm() { cat "/proc/$1/comm" 2>/dev/null; }
gone() {	# gone PID: exited (a zombie counts) or never was
	local s
	s=$(awk '{ sub(/.*\) /, ""); print $1 }' "/proc/$1/stat" 2>/dev/null)
	[ -z "$s" ] || [ "$s" = Z ]
}
# reap PID [KID...]: wait up to 5 s for PID to exit, then kill it and the
# kids by pid; reap it.
reap() {
	local p=$1 i
	shift
	for ((i = 0; i < 50; i++)); do gone "$p" && break; sleep 0.1; done
	if ! gone "$p"; then
		kill -KILL "$p" "$@" 2>/dev/null
		addnote "pid $p did not stop when told; killed"
	fi
	wait "$p" 2>/dev/null
	unset "LIVE[$p]"
}
# idle_rss ROW CHECK STOP CMD...: run CMD DIR under a fresh service dir,
# wait for it to be up (supervise/ok, CHECK DIR exits 0, child is sleep),
# put its VmRSS into R[rss,ROW], stop it: STOP is "svc" (run "$svc -dx
# DIR", the tool given as CHECK's sibling in SVC) or "kill" (TERM to the
# supervisor and its child, by pid).
idle_rss() {
	local row=$1 check=$2 stop=$3 dir=$tmp/svc/$1 p i kid='' ok=0 v
	shift 3
	mkdir -p "$dir" && printf '#!/bin/sh\nexec sleep 1000\n' >"$dir/run" &&
	    chmod +x "$dir/run" || return 1
	"$@" "$dir" </dev/null >"$tmp/svc/$row.log" 2>&1 &
	p=$!
	LIVE[$p]=1
	for ((i = 0; i < 100; i++)); do
		if gone "$p"; then break; fi
		# s6-supervise makes no supervise/ok; its control fifo instead
		if [ -p "$dir/supervise/ok" ] ||
		    { [ "$row" = s6 ] && [ -p "$dir/supervise/control" ]; }; then
			if $check "$dir" >/dev/null 2>&1; then
				kid=$(children "$p")
				kid=${kid%% *}
				if [ -n "$kid" ] && [ "$(comm "$kid")" = sleep ]; then
					ok=1
					break
				fi
			fi
		fi
		sleep 0.1
	done
	if [ "$ok" = 1 ]; then
		sleep 0.5	# let the status writes after the start pass
		v=$(awk '$1 == "VmRSS:" { print $2 }' "/proc/$p/status")
		R[rss,$row]=${v:-?}
	else
		R[rss,$row]=failed
		addnote "${LABEL[$row]}: its supervisor did not come up in 10 s: $(head -c 300 "$tmp/svc/$row.log")"
	fi
	kid=$(children "$p")
	case $stop in
	kill) kill -TERM "$p" $kid 2>/dev/null ;;
	*) $stop -dx "$dir" >/dev/null 2>&1 || kill -TERM "$p" $kid 2>/dev/null ;;
	esac
	reap "$p" $kid
	# a kid left behind (it is not ours to wait for) goes by pid too
	for i in $kid; do gone "$i" || kill -KILL "$i" 2>/dev/null; done
}
note "starting one idle supervisor of each kind"
idle_rss dbs "$sstrip svok" "$sstrip svc" "$sstrip" supervise
[ -n "$dstrip" ] && idle_rss dbd "$dstrip svok" "$dstrip svc" "$dstrip" supervise
if [ -x "$ref/supervise" ] && [ -x "$ref/svok" ] && [ -x "$ref/svc" ]; then
	idle_rss dt "$ref/svok" "$ref/svc" "$ref/supervise"
fi
# runit has no svok: sv status must say run.
sv_run() { "$svbin" status "$1" 2>/dev/null | grep -q '^run:'; }
if svbin=$(command -v sv) && rsv=$(command -v runsv); then
	idle_rss runit sv_run kill "$rsv"
fi
if s6sup=$(command -v s6-supervise) && s6ok=$(command -v s6-svok); then
	idle_rss s6 "$s6ok" kill "$s6sup"
fi
[ -n "$bbrun" ] && idle_rss bbrun "$tmp/bin/bb/svok" kill "$tmp/bin/bb/runsv"

# ---- the table ---------------------------------------------------------------
cols=(files inst str kib text data bss rss)
declare -A CLAB CW
CLAB[files]=files CLAB[inst]=installed CLAB[str]=stripped CLAB[kib]=KiB
CLAB[text]=text CLAB[data]=data CLAB[bss]=bss CLAB[rss]="idle RSS KiB"
CW[files]=6 CW[inst]=10 CW[str]=10 CW[kib]=8 CW[text]=9 CW[data]=7 CW[bss]=7 CW[rss]=13
echo
echo "size benchmark: bytes unless KiB; stripped = sizes of strip -o copies"
echo "static:  $sbin"
[ -n "$dbin" ] && echo "dynamic: $dbin"
printf '%-34s' ""
for c in "${cols[@]}"; do printf " %${CW[$c]}s" "${CLAB[$c]}"; done
echo
for r in "${ROWS[@]}"; do
	printf '%-34s' "${LABEL[$r]}"
	for c in "${cols[@]}"; do
		v=${R[$c,$r]:--}
		case ${R[inst,$r]:-} in absent | failed | none | "no libc?")
			[ "$c" = inst ] || [ "$c" = files ] || v=
			;;
		esac
		printf " %${CW[$c]}s" "$v"
	done
	echo
done
for n in "${NOTES[@]}"; do echo "note: $n"; done
napp=$("$sbin" --list 2>/dev/null | wc -l | tr -d ' ')
extra=$("$sbin" --list 2>/dev/null | grep -vxE 'svscan|supervise|svc|svstat|svok|svscanboot|readproctitle|multilog|tai64n|tai64nlocal|setuidgid|envuidgid|envdir|softlimit|setlock|pgrphack|fghack' |
    tr '\n' ' ' | sed 's/ $//; s/ /, /g')
echo "note: the tool sets differ: daemonbox has $napp applets (daemontools' 17" \
    "+ ${extra:-none}); runit's 5 do the same job their own way (runsvdir for svscan," \
    "svlogd for multilog, no tai64n); the runit-only busybox has 11 applets and" \
    "no tai64n, setlock, fghack, pgrphack or readproctitle"
echo "note: the idle RSS of the dynamic ones counts the libc pages they map" \
    "(shared with every other process), the static ones carry theirs"

# ---- goals -------------------------------------------------------------------
verdict() {	# verdict A OP B
	case $1 in *[!0-9.]* | '') echo "no figure"; return ;; esac
	case $3 in *[!0-9.]* | '') echo "no figure"; return ;; esac
	if awk "BEGIN { exit !($1 $2 $3) }"; then echo met; else echo MISSED; fi
}
pct() {	# pct A B: A as % of B
	case $1$2 in *[!0-9]* | '') echo "-"; return ;; esac
	awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f%%", a * 100 / b; else print "-" }'
}
s=${R[str,dbs]:-}
echo "goals (static daemonbox, stripped):"
echo "  static stripped <= $goal_size bytes: $s, $(verdict "$s" "<=" "$goal_size")"
echo "  idle supervise RSS <= $goal_rss KiB: ${R[rss,dbs]:-} KiB," \
    "$(verdict "${R[rss,dbs]:-}" "<=" "$goal_rss")"
echo "  static as % of daemontools' ${R[files,dt]:-0} programs (${R[inst,dt]:-}):" \
    "$(pct "$s" "${R[inst,dt]:-}"); with libc (${R[inst,dtlibc]:-}): $(pct "$s" "${R[inst,dtlibc]:-}")"
echo "  static as % of the runit-only busybox${how:+ (${how%%,*})} (${R[str,bbrun]:-${R[inst,bbrun]:-absent}}):" \
    "$(pct "$s" "${R[str,bbrun]:-}")"
