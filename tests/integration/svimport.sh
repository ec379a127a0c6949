# svimport.sh - svimport on hand-written configurations covering every
# mapped option (the files it writes, byte for byte, then the services
# run by our svscan), on the configurations Debian's supervisor package
# ships (when it is installed), and its refusals: usage, unreadable and
# malformed files, a target that exists; -n writes nothing.
. "$DAEMONBOX_SOURCE_DIR/tests/integration/lib.sh"

cd "$T" || exit 1
umask 022
PATH=$BIN:$PATH

# ---- usage and refusals ------------------------------------------------
expect "no argument" 100 "" "svimport: usage: svimport [-n] conf dir" svimport
expect "one argument" 100 "" "svimport: usage: svimport [-n] conf dir" \
	svimport a.conf
expect "bad option" 100 "" "svimport: illegal option -- x
svimport: usage: svimport [-n] conf dir" svimport -x a.conf o
expect "missing file" 111 "" \
	"svimport: fatal: unable to read nothing.conf: file does not exist" \
	svimport nothing.conf o

mkdir bad
printf '[program:a]\ncommand=a\nautostart=perhaps\n' >bad/bool.conf
expect "bad boolean" 100 "" \
	"svimport: fatal: bad/bool.conf:3: [program:a] autostart: not a boolean: \"perhaps\"" \
	svimport bad/bool.conf o
printf '; x\n[program:a]\ncommand=a\nthis line is wrong\n' >bad/syntax.conf
expect "not an option" 100 "" \
	"svimport: fatal: bad/syntax.conf:4: neither [section] nor name = value" \
	svimport bad/syntax.conf o
printf 'command=a\n' >bad/nosection.conf
expect "no section" 100 "" \
	"svimport: fatal: bad/nosection.conf:1: option before the first [section]" \
	svimport bad/nosection.conf o
printf '[include]\nfiles=inc.conf\n' >bad/main.conf
printf '\n[program:i]\ncommand=x %%(ENV_NOT_THERE)s\n' >bad/inc.conf
expect "error in an included file" 100 "" \
	"svimport: fatal: $T/bad/inc.conf:3: [program:i] command: unknown name: \"%(ENV_NOT_THERE)\"" \
	svimport bad/main.conf o
printf '[program:a]\ncommand=a\nnumprocs=3\n' >bad/numprocs.conf
expect "numprocs without process_num" 100 "" \
	"svimport: fatal: bad/numprocs.conf:1: [program:a] process_name: numprocs > 1 needs %(process_num) in it" \
	svimport bad/numprocs.conf o
check "nothing written after errors" "" "$(ls -d o 2>/dev/null)"

# ---- every mapped option -------------------------------------------------
mkdir -p c/work c/logs
chmod 755 c c/work
user=
if [ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1; then
	user='user=nobody'
fi
cat >c/s.conf <<EOF
[supervisord]
environment=GLOBAL="from supervisord",SHARED=sup

[program:all]
command=sh -c 'echo "out \$GREETING \$GLOBAL \$SHARED"; echo "err line" >&2; umask; pwd; id -un; exec sleep 1000'
directory=%(here)s/work
umask=027
autorestart=true
stopsignal=HUP
stopwaitsecs=2
killasgroup=true
redirect_stderr=true
stdout_logfile=%(here)s/logs/all.log
stdout_logfile_maxbytes=10KB
stdout_logfile_backups=4
environment=GREETING="hello world",SHARED=prog
$user

[program:once]
command=sh -c 'echo ran >>%(here)s/once.count; exit 0'
startsecs=0

[program:fails]
command=sh -c 'echo ran >>%(here)s/fails.count; exit 3'
exitcodes=0,2

[program:never]
command=sh -c 'echo ran >>%(here)s/never.count; exit 1'
autorestart=false

[program:sleepy]
command=sleep 1000
autostart=false

[program:pool]
command=sh -c 'echo %(process_num)d; exec sleep 1000'
process_name=pool_%(process_num)02d
numprocs=2
numprocs_start=1
stdout_logfile=NONE
stderr_logfile=NONE

[group:grp]
programs=grouped

[program:grouped]
command=sh -c 'echo to-null; echo "to the log \$SUPERVISOR_GROUP_NAME" >&2; exec sleep 1000'
stopasgroup=true
stdout_logfile=NONE
stderr_logfile=%(here)s/logs/err.log
stderr_logfile_backups=0
EOF

run svimport -n c/s.conf sv
check "-n: exit code" 0 "$RC"
check "-n: nothing written" "" "$(ls -d sv 2>/dev/null)"
check "-n: the plan starts with grouped/run" "sv/grouped/run 0755" \
	"$(sed -n 1p "$T/out")"
check "-n: the last line of the report" \
	"svimport: -n: 8 service directories to write in sv; nothing written" \
	"$(tail -n 1 "$T/err")"

run svimport c/s.conf sv
check "exit code" 0 "$RC"
check "the directories" "all fails grouped never once pool_01 pool_02 sleepy" \
	"$(echo $(ls sv))"
check "no temporary directory left" "" "$(ls -a sv | grep '^\.svimport')"
check "all/run" "#!/bin/sh
# svimport: [program:all] of c/s.conf:4, process all
exec 2>&1
umask 0027
cd $T/c/work || exit 111
sv=\$OLDPWD
unset PWD OLDPWD
exec envdir \"\$sv/env\" pgrphack${user:+ setuidgid nobody} sh -c 'echo \"out \$GREETING \$GLOBAL \$SHARED\"; echo \"err line\" >&2; umask; pwd; id -un; exec sleep 1000'" \
	"$(cat sv/all/run)"
check "all/log/run" "#!/bin/sh
exec multilog t s10240 n5 $T/c/logs/all.log.d" "$(cat sv/all/log/run)"
modes() { for f in "$@"; do ls -ld "$f" | cut -c1-10; done; }
check "all: modes" "drwxr-xr-x -rwxr-xr-x drwx------ -rw------- drwxr-xr-x -rwxr-xr-x -rw-r--r-- -rw-r--r--" \
	"$(echo $(modes sv/all sv/all/run sv/all/env sv/all/env/GLOBAL sv/all/log sv/all/log/run sv/all/down-signal sv/all/timeout-kill))"
check "all: env files" "GLOBAL GREETING SHARED SUPERVISOR_GROUP_NAME SUPERVISOR_PROCESS_NAME" \
	"$(echo $(ls sv/all/env))"
check "all: env values" "from supervisord|hello world|prog|all|all" \
	"$(cd sv/all/env && cat GLOBAL GREETING SHARED SUPERVISOR_GROUP_NAME SUPERVISOR_PROCESS_NAME | paste -sd '|' -)"
check "all: down-signal" HUP "$(cat sv/all/down-signal)"
check "all: timeout-kill" 2000 "$(cat sv/all/timeout-kill)"
check "all: no finish, no down" "" "$(ls sv/all/finish sv/all/down 2>/dev/null)"
check "once/finish" "#!/bin/sh
# autorestart=unexpected: not restarted after the exitcodes
case \$1 in
0) exit 125
esac" "$(cat sv/once/finish)"
check "fails/finish" "0|2) exit 125" "$(sed -n 4p sv/fails/finish)"
check "never/finish" "exit 125" "$(sed -n 3p sv/never/finish)"
check "sleepy: down" "" "$(cat sv/sleepy/down)"
check "sleepy: timeout-kill" 10000 "$(cat sv/sleepy/timeout-kill)"
check "pool_02/run" "#!/bin/sh
# svimport: [program:pool] of c/s.conf:35, process pool_02
exec 1>/dev/null 2>/dev/null
unset PWD
exec envdir ./env sh -c 'echo 2; exec sleep 1000'" "$(cat sv/pool_02/run)"
check "pool: no log/" "" "$(ls -d sv/pool_01/log 2>/dev/null)"
check "grouped/run" "#!/bin/sh
# svimport: [program:grouped] of c/s.conf:46, process grouped
exec 2>&1 1>/dev/null
unset PWD
exec envdir ./env pgrphack sh -c 'echo to-null; echo \"to the log \$SUPERVISOR_GROUP_NAME\" >&2; exec sleep 1000'" \
	"$(cat sv/grouped/run)"
check "grouped: stderr's logger" "#!/bin/sh
exec multilog t S52428800 n2 $T/c/logs/err.log.d" "$(cat sv/grouped/log/run)"
check "grouped: its group" grp "$(cat sv/grouped/env/SUPERVISOR_GROUP_NAME)"
check "pool_01: group name" pool "$(cat sv/pool_01/env/SUPERVISOR_GROUP_NAME)"
check "the report" "svimport: c/s.conf:1: [supervisord]: not mapped: svscan takes its place
svimport: c/s.conf:13: [program:all] stdout_logfile: approximated: the multilog directory $T/c/logs/all.log.d
svimport: c/s.conf:19: [program:once] stderr_logfile: approximated: into stdout's log/ (one logger per service)
svimport: c/s.conf:21: [program:once] startsecs: approximated: up at once (readiness: notification-fd); restarted each second
svimport: c/s.conf:23: [program:fails] stderr_logfile: approximated: into stdout's log/ (one logger per service)
svimport: c/s.conf:27: [program:never] stderr_logfile: approximated: into stdout's log/ (one logger per service)
svimport: c/s.conf:31: [program:sleepy] stderr_logfile: approximated: into stdout's log/ (one logger per service)
svimport: c/s.conf:43: [group:grp]: approximated: give its programs' directories to svc together
svimport: c/s.conf:48: [program:grouped] stopasgroup: approximated: the stop signal reaches the program only; the group gets SIGKILL
svimport: c/s.conf:50: [program:grouped] stderr_logfile: approximated: the multilog directory $T/c/logs/err.log.d
svimport: c/s.conf:51: [program:grouped] stderr_logfile_backups: approximated: 1, multilog's least
svimport: 8 service directories written in sv" "$ERR"
run svimport c/s.conf sv
check "a second run: exit code" 100 "$RC"
check "a second run: message" "svimport: fatal: sv/grouped exists: nothing written (svimport replaces nothing)" "$ERR"

# ---- the services, run by our svscan --------------------------------------
# Also when the script ends early: svscan first (else it would start a
# new supervise for each that exits), then every supervise, then lib.sh.
stop_all() {
	[ -n "${SCAN:-}" ] && kill "$SCAN" 2>/dev/null
	for d in "$T"/sv/* "$T"/sv/*/log; do
		[ -p "$d/supervise/control" ] && svc -dx "$d" 2>/dev/null
	done
	cleanup
}
trap stop_all EXIT
svscan sv >"$T/svscan.out" 2>&1 &
SCAN=$!
track "$SCAN"
wait_for 30 svok sv/all || fail "svscan did not start all"
for s in all once fails never sleepy pool_01 pool_02 grouped all/log \
    grouped/log; do
	wait_for 30 svok sv/$s || fail "no supervise on $s"
done
logged() { grep -q "$1" "$T/c/logs/all.log.d/current" 2>/dev/null; }
wait_for 30 logged 'out hello world from supervisord prog' ||
	fail "all: the environment line never came"
wait_for 30 logged ' err line$' || fail "all: stderr is not logged"
wait_for 30 logged ' 0027$' || fail "all: umask"
wait_for 30 logged " $T/c/work\$" || fail "all: directory"
if [ -n "$user" ]; then
	wait_for 30 logged ' nobody$' || fail "all: user"
fi
check "all: lines are stamped" "@" "$(cut -c1 "$T/c/logs/all.log.d/current" | sort -u)"
permanent() { svstat "sv/$1" | grep -q 'permanent failure'; }
wait_for 30 permanent once || fail "once: not a permanent failure (exit 0 expected)"
check "once: ran once" 1 "$(wc -l <c/once.count | tr -d ' ')"
wait_for 30 permanent never || fail "never: not a permanent failure"
check "never: ran once" 1 "$(wc -l <c/never.count | tr -d ' ')"
twice() { [ "$(wc -l <c/fails.count)" -ge 2 ]; }
wait_for 30 twice || fail "fails: not restarted after exit 3"
case $(svstat sv/sleepy) in
"sv/sleepy: down "*" seconds") pass ;;
*) fail "sleepy: $(svstat sv/sleepy)" ;;
esac
up() { svstat "sv/$1" | grep -q ': up (pid '; }
wait_for 30 up pool_01 || fail "pool_01 is not up"
wait_for 30 up pool_02 || fail "pool_02 is not up"
errlog() { grep -q ' to the log grp$' "$T/c/logs/err.log.d/current" 2>/dev/null; }
wait_for 30 errlog || fail "grouped: stderr is not in its log"
check "grouped: stdout went to /dev/null" "" \
	"$(grep to-null "$T/c/logs/err.log.d/current")"
# The stop signal (HUP) and pgrphack: the program leads its own group.
p=$(svpid sv/all)
check "all: its own process group" "$p" "$(ps -o pgid= -p "$p" | tr -d ' ')"
svc -d sv/all
down() { svstat "sv/$1" | grep -q ': down '; }
wait_for 30 down all || fail "all did not stop"
check "all: stopped by SIGHUP" 1 \
	"$(svstat -j sv/all | sed -n 's/.*"last_exit":{"signal":\([0-9]*\).*/\1/p')"
kill "$SCAN"
wait "$SCAN" 2>/dev/null
for s in all once fails never sleepy pool_01 pool_02 grouped; do
	svc -dx sv/$s sv/$s/log 2>/dev/null
done
for s in all once fails never sleepy pool_01 pool_02 grouped all/log \
    grouped/log; do
	svwait -x -t 30000 sv/$s || fail "supervise on $s did not exit"
done

# ---- includes, and the configurations of Debian's supervisor package ----
mkdir -p i/conf.d
printf '[supervisord]\n[include]\nfiles = conf.d/*.conf missing/*.conf\n' >i/main.conf
printf '[program:b]\ncommand=b\nredirect_stderr=true\n' >i/conf.d/b.conf
printf '[program:a]\ncommand=a\nredirect_stderr=true\npriority=3\n' >i/conf.d/a.conf
run svimport -n i/main.conf isv
check "include: exit code" 0 "$RC"
check "include: report" "svimport: i/main.conf:1: [supervisord]: not mapped: svscan takes its place
svimport: i/main.conf:3: [include] files: $T/i/missing/*.conf: no file matches (supervisord warns too)
svimport: $T/i/conf.d/a.conf:4: priority: approximated: svscan starts all at once; supervisord's order: a, b
svimport: -n: 2 service directories to write in isv; nothing written" "$ERR"

if command -v echo_supervisord_conf >/dev/null 2>&1; then
	echo_supervisord_conf >sample.conf
	run svimport sample.conf ssv
	check "echo_supervisord_conf: exit code" 0 "$RC"
	line() { grep -n "^\[$1\]" sample.conf | cut -d: -f1; }
	check "echo_supervisord_conf: report" "svimport: sample.conf:$(line unix_http_server): [unix_http_server]: not mapped: no server; svc, svstat, svwait act on the directories
svimport: sample.conf:$(line supervisord): [supervisord]: not mapped: svscan takes its place
svimport: sample.conf:$(line rpcinterface:supervisor): [rpcinterface:supervisor]: not mapped: no XML-RPC
svimport: sample.conf:$(line supervisorctl): [supervisorctl]: not mapped: use svc, svstat, svwait (docs/migrating.md)
svimport: 0 service directories written in ssv" "$ERR"
	check "echo_supervisord_conf: nothing made" "" "$(ls -d ssv 2>/dev/null)"
else
	echo "svimport.sh: echo_supervisord_conf not installed (apt-get install supervisor): its sample not tried"
fi
D=/etc/supervisor/supervisord.conf
if [ -r "$D" ] && ! ls /etc/supervisor/conf.d/*.conf >/dev/null 2>&1; then
	line() { grep -n "^\[$1\]" "$D" | cut -d: -f1; }
	run svimport -n "$D" dsv
	check "Debian's supervisord.conf: exit code" 0 "$RC"
	check "Debian's supervisord.conf: report" "svimport: $D:$(line unix_http_server): [unix_http_server]: not mapped: no server; svc, svstat, svwait act on the directories
svimport: $D:$(line supervisord): [supervisord]: not mapped: svscan takes its place
svimport: $D:$(line rpcinterface:supervisor): [rpcinterface:supervisor]: not mapped: no XML-RPC
svimport: $D:$(line supervisorctl): [supervisorctl]: not mapped: use svc, svstat, svwait (docs/migrating.md)
svimport: $D:$(grep -n '^files' "$D" | cut -d: -f1): [include] files: /etc/supervisor/conf.d/*.conf: no file matches (supervisord warns too)
svimport: -n: 0 service directories to write in dsv; nothing written" "$ERR"
else
	echo "svimport.sh: $D absent or with programs in conf.d: not tried"
fi

finish
