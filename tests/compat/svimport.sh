# svimport.sh - one supervisord configuration run side by side: by
# supervisord itself, and, after svimport, by our svscan. The programs
# must see the same user, groups, working directory, umask and
# environment, log the same lines, be restarted (or not) alike after exit
# codes 0 and 1 and after SIGKILL under each autorestart, stop with the
# configured signal, and be killed when they ignore it. Needs Debian's
# supervisor package (skipped without it). The table of what each side
# did is printed.
. "${DAEMONBOX_SOURCE_DIR:-$(dirname "$0")/../..}/tests/integration/lib.sh"

command -v supervisord >/dev/null 2>&1 && command -v supervisorctl >/dev/null 2>&1 ||
	skip "supervisord not installed (apt-get install supervisor)"

cd "$T" || exit 1
umask 022
PATH=$BIN:$PATH
export PATH
mkdir -p c/work s1 s2
chmod 755 c c/work
chmod 777 s1 s2	# the probe may run as nobody

# probe STATE NAME: says who it is (stdout and stderr lines, then its
# identity in STATE/NAME.id), records the stop signal it gets.
cat >c/probe <<'EOF'
#!/bin/sh
st=$1 n=$2
trap 'echo USR2 >"$st/$n.stopped"; exit 0' USR2
trap 'echo TERM >"$st/$n.stopped"; exit 0' TERM
echo "line one from $n"
echo "line two, to stderr" >&2
{
	echo "uid $(id -u)"
	echo "groups $(id -G)"
	echo "cwd $(pwd -P)"
	echo "umask $(umask)"
	env | LC_ALL=C sort | sed 's/^/env /'
} >"$st/$n.id.new" && mv "$st/$n.id.new" "$st/$n.id"
echo $$ >"$st/$n.pid"
while :; do sleep 0.05; done
EOF
# worker STATE NAME EVENT: counts its runs; the first waits for
# STATE/NAME.go, then exits 0 or 1, or (kill) waits to be killed.
cat >c/worker <<'EOF'
#!/bin/sh
st=$1 n=$2
echo run >>"$st/$n.runs"
echo $$ >"$st/$n.pid.new" && mv "$st/$n.pid.new" "$st/$n.pid"
if [ "$(wc -l <"$st/$n.runs")" -eq 1 ]; then
	while [ ! -e "$st/$n.go" ]; do sleep 0.05; done
	case $3 in 0|1) exit "$3" ;; esac
fi
exec sleep 100000
EOF
# stubborn: ignores its stop signal.
cat >c/stubborn <<'EOF'
#!/bin/sh
trap '' HUP
echo $$ >"$1/stubborn.pid.new" && mv "$1/stubborn.pid.new" "$1/stubborn.pid"
exec sleep 100000
EOF
chmod 755 c/probe c/worker c/stubborn

user=
[ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1 && user='user=nobody'
cat >c/sv.conf <<EOF
[supervisord]
nodaemon=true
logfile=%(here)s/supervisord.log
pidfile=%(here)s/supervisord.pid
childlogdir=%(here)s
environment=GLOBAL="from supervisord",SHARED=sup

[unix_http_server]
file=%(here)s/supervisor.sock

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[supervisorctl]
serverurl=unix://%(here)s/supervisor.sock

[program:probe]
command=%(here)s/probe %(ENV_STATE)s probe
directory=%(here)s/work
umask=027
$user
environment=GREETING="hello world",SHARED=prog
redirect_stderr=true
stdout_logfile=%(ENV_STATE)s/probe.log
stdout_logfile_maxbytes=1MB
stopsignal=USR2
stopwaitsecs=30
startsecs=0

[program:stubborn]
command=%(here)s/stubborn %(ENV_STATE)s
stopsignal=HUP
stopwaitsecs=1
startsecs=0
stdout_logfile=NONE
stderr_logfile=NONE
EOF
for mode in unexpected true false; do
	for ev in 0 1 kill; do
		cat >>c/sv.conf <<EOF

[program:w_${mode}_$ev]
command=%(here)s/worker %(ENV_STATE)s w_${mode}_$ev $ev
autorestart=$mode
startsecs=0
stdout_logfile=NONE
stderr_logfile=NONE
EOF
	done
done
names="probe stubborn"
for mode in unexpected true false; do
	for ev in 0 1 kill; do names="$names w_${mode}_$ev"; done
done

# ---- both supervisors ----------------------------------------------------
STATE=$T/s2 svimport c/sv.conf sv 2>"$T/report" || fail "svimport failed: $(cat "$T/report")"
check "svimport: nothing unexpected in the report" "" \
	"$(grep -v -e ': \[supervisord\]: ' -e ': \[unix_http_server\]: ' \
	-e ': \[rpcinterface:supervisor\]: ' -e ': \[supervisorctl\]: ' \
	-e 'startsecs: approximated' -e '%(ENV_STATE)s: approximated' \
	-e 'stdout_logfile: approximated: the multilog directory' \
	-e ' service directories written in sv$' "$T/report")"
# Also when the script ends early: supervisord stopped with its programs
# (a kill -9 would leave them running), svscan (else it would start a new
# supervise for each that exits), then every supervise, then lib.sh.
stop_all() {
	if [ -n "${SUPD:-}" ] && kill "$SUPD" 2>/dev/null; then
		wait "$SUPD" 2>/dev/null
	fi
	[ -n "${SCAN:-}" ] && kill "$SCAN" 2>/dev/null
	for d in "$T"/sv/* "$T"/sv/*/log; do
		[ -p "$d/supervise/control" ] && svc -dx "$d" 2>/dev/null
	done
	cleanup
}
trap stop_all EXIT
# Both in the same clean environment, as an init would start them (with
# LANG=C, Python would add LC_CTYPE=C.UTF-8 to supervisord's environment:
# docs/migrating.md), each by env, which execs it: $! is its pid.
env -i PATH="$PATH" HOME="$T" LANG=C.UTF-8 STATE="$T/s1" \
	supervisord -c "$T/c/sv.conf" >"$T/supervisord.out" 2>&1 &
SUPD=$!
track "$SUPD"
env -i PATH="$PATH" HOME="$T" LANG=C.UTF-8 svscan sv >"$T/svscan.out" 2>&1 &
SCAN=$!
track "$SCAN"
ctl() { supervisorctl -c "$T/c/sv.conf" "$@"; }
state() { ctl status "$1" 2>/dev/null | awk '{print $2}'; }

ready() { [ -s "$T/s1/$1" ] && [ -s "$T/s2/$1" ]; }
wait_for 60 ready probe.id || fail "the probes did not both start"
wait_for 60 ready stubborn.pid || fail "stubborn did not start on both"
for n in $names; do
	[ "${n#w_}" = "$n" ] && continue
	wait_for 60 ready "$n.pid" || fail "$n did not start on both"
done

# ---- identity ------------------------------------------------------------
row() { printf '%-34s %-24s %-24s %s\n' "$1" "$2" "$3" "$4"; }
echo
row property supervisord daemonbox same
row -------- ----------- --------- ----
same() {	# same PROPERTY SUPERVISORD DAEMONBOX
	if [ "$2" = "$3" ]; then
		row "$1" "$(echo "$2" | sed "s|$T/||g")" \
			"$(echo "$3" | sed "s|$T/||g")" yes
		pass
	else
		row "$1" "$2" "$3" NO
		fail "$1: supervisord [$2], daemonbox [$3]"
	fi
}
field() { sed -n "s/^$2 //p" "$T/$1/probe.id"; }
for f in uid groups cwd umask; do
	same "$f" "$(field s1 $f)" "$(field s2 $f)"
done
# Not compared: STATE (each side has its own) and the two variables
# that name supervisord's server, which svimport leaves out on purpose.
envs() {
	field "$1" env | grep -v -e '^STATE=' -e '^SUPERVISOR_ENABLED=' \
		-e '^SUPERVISOR_SERVER_URL='
}
envs s1 >"$T/env1"
envs s2 >"$T/env2"
if cmp -s "$T/env1" "$T/env2"; then
	same "environment ($(wc -l <"$T/env1" | tr -d ' ') variables)" same same
else
	same environment "$(comm -23 "$T/env1" "$T/env2" | paste -sd ' ' -)" \
		"$(comm -13 "$T/env1" "$T/env2" | paste -sd ' ' -)"
fi
logged() { grep -q "line two, to stderr" "$1"; }
wait_for 60 logged "$T/s1/probe.log" || fail "supervisord's log is empty"
wait_for 60 logged "$T/s2/probe.log.d/current" || fail "multilog's log is empty"
same "log lines" "$(paste -sd '|' - <"$T/s1/probe.log")" \
	"$(cut -d' ' -f2- "$T/s2/probe.log.d/current" | paste -sd '|' -)"

# ---- restarts ------------------------------------------------------------
# restarted NAME: both sides' verdicts once they are final.
again() { [ "$(wc -l <"$1/$2.runs")" -ge 2 ]; }
sup_final() {	# restarted, or EXITED (supervisord will not restart it)
	again "$T/s1" "$1" || [ "$(state "$1")" = EXITED ]
}
our_final() {	# restarted, or a permanent failure (finish exited 125)
	again "$T/s2" "$1" || svstat "sv/$1" | grep -q 'permanent failure'
}
verdict() { if again "$1" "$2"; then echo restarted; else echo "not restarted"; fi; }
for mode in unexpected true false; do
	for ev in 0 1 kill; do
		n=w_${mode}_$ev
		if [ $ev = kill ]; then
			kill -9 "$(cat "$T/s1/$n.pid")" "$(cat "$T/s2/$n.pid")"
		else
			: >"$T/s1/$n.go"
			: >"$T/s2/$n.go"
		fi
	done
done
for mode in unexpected true false; do
	for ev in 0 1 kill; do
		n=w_${mode}_$ev
		wait_for 60 sup_final "$n" || fail "$n: supervisord never settled"
		wait_for 60 our_final "$n" || fail "$n: supervise never settled"
		case $ev in kill) what="SIGKILL" ;; *) what="exit $ev" ;; esac
		same "autorestart=$mode, $what" "$(verdict "$T/s1" "$n")" \
			"$(verdict "$T/s2" "$n")"
	done
done

# ---- stopping ------------------------------------------------------------
ctl stop probe >/dev/null
svc -d sv/probe
stopped() { [ -s "$1/probe.stopped" ]; }
wait_for 60 stopped "$T/s1" || fail "supervisord's probe never stopped"
wait_for 60 stopped "$T/s2" || fail "our probe never stopped"
same "stopsignal=USR2: the signal" "$(cat "$T/s1/probe.stopped")" \
	"$(cat "$T/s2/probe.stopped")"
# stubborn ignores HUP: both kill it after stopwaitsecs=1.
p1=$(cat "$T/s1/stubborn.pid") p2=$(cat "$T/s2/stubborn.pid")
ctl stop stubborn >/dev/null
svc -d sv/stubborn
gone() { ! kill -0 "$1" 2>/dev/null; }
wait_for 60 gone "$p1" || fail "supervisord left stubborn running"
wait_for 60 gone "$p2" || fail "supervise left stubborn running"
killed1=$(grep -c "killing 'stubborn' ($p1) with SIGKILL" "$T/c/supervisord.log")
down() { svstat sv/stubborn | grep -q ': down '; }
wait_for 60 down || fail "stubborn not down"
killed2=$(svstat -j sv/stubborn | sed -n 's/.*"last_exit":{"signal":\([0-9]*\).*/\1/p')
same "ignores HUP: killed after 1 s" "$([ "$killed1" -ge 1 ] && echo SIGKILL)" \
	"$([ "$killed2" = 9 ] && echo SIGKILL)"
echo

# ---- the end ---------------------------------------------------------------
kill "$SUPD"
wait "$SUPD" 2>/dev/null
kill "$SCAN"
wait "$SCAN" 2>/dev/null
for n in $names; do
	svc -dx "sv/$n"
	[ -d "sv/$n/log" ] && svc -dx "sv/$n/log"
done
for n in $names; do
	svwait -x -t 60000 "sv/$n" || fail "supervise on $n did not exit: $(svstat "sv/$n")"
	[ -d "sv/$n/log" ] && { svwait -x -t 60000 "sv/$n/log" || {
		fail "supervise on $n/log did not exit: $(svstat "sv/$n/log")"
		procs_here "$T/svscan.out"; }; }
done
finish
