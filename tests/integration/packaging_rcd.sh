# packaging_rcd.sh - the FreeBSD rc.d script (docs/packaging/freebsd/port/
# files/svscan.in) reads the rc.conf variables of the daemontools port with
# that port's meanings and defaults, and daemonbox's own as extras. FreeBSD's
# rc.subr is not here: a stand-in loads a test rc.conf and prints what
# run_rc_command would run.
. "$DAEMONBOX_SOURCE_DIR/tests/integration/lib.sh"

cd "$T" || exit 1
src=$DAEMONBOX_SOURCE_DIR/docs/packaging/freebsd/port/files/svscan.in

cat >rc.subr <<'SUBR'
load_rc_config() { [ -z "${RC_CONF:-}" ] || . "$RC_CONF"; }
run_rc_command() {
	printf 'dirs: %s\n' "$required_dirs"
	printf 'command: %s %s\n' "$command" "$command_args"
	printf 'logger: %s\n' "${svscan_logger:-}"
	printf 'fifo: %s\n' "${svscan_fifo:-}"
}
SUBR
sed -e 's|%%PREFIX%%|/usr/local|g' -e "s|^\\. /etc/rc.subr\$|. $T/rc.subr|" \
	"$src" >svscan.rc
check "the stand-in is what the script sources" 1 "$(grep -c "^\\. $T/rc.subr\$" svscan.rc)"
sh -n svscan.rc && pass || fail "svscan.rc: syntax"

# rcconf NAME LINES: an rc.conf; then `out` runs the script with it.
rcconf() { printf '%s\n' "$2" >"$1.conf"; RC_CONF=$T/$1.conf sh svscan.rc start >"$1.out"; }

rcconf none 'svscan_enable="YES"'
check "nothing set: /var/service, output to syslog" \
"dirs: /var/service
command: /usr/sbin/daemon -f -S -T svscan -p /var/run/svscan.pid /usr/local/bin/svscan -i /var/service
logger: 
fifo: " "$(cat none.out)"

rcconf port 'svscan_enable="YES"
svscan_servicedir="/data/service"'
check "svscan_servicedir (the port's)" \
"dirs: /data/service
command: /usr/sbin/daemon -f -S -T svscan -p /var/run/svscan.pid /usr/local/bin/svscan -i /data/service" \
	"$(sed -n 1,2p port.out)"

rcconf ours 'svscan_dir="/srv/service"'
check "svscan_dir (daemonbox's older name)" "dirs: /srv/service" "$(sed -n 1p ours.out)"

rcconf both 'svscan_dir="/srv/service"
svscan_servicedir="/data/service"'
check "both set: the port's name wins" "dirs: /data/service" "$(sed -n 1p both.out)"

rcconf logged 'svscan_servicedir="/data/service"
svscan_logdir="/var/log/svscan"
svscan_lognum="20"
svscan_logmax="1000000"'
check "svscan_logdir, svscan_lognum, svscan_logmax: multilog t s n DIR" \
"dirs: /data/service
command: /usr/sbin/daemon -f -o /var/run/svscan.log -p /var/run/svscan.pid /usr/local/bin/svscan -i /data/service
logger: /usr/local/bin/multilog t s1000000 n20 /var/log/svscan
fifo: /var/run/svscan.log" "$(cat logged.out)"

rcconf logdir 'svscan_logdir="/var/log/svscan"'
check "svscan_logdir alone: multilog's own size and count" \
	"logger: /usr/local/bin/multilog t /var/log/svscan" "$(sed -n 3p logdir.out)"

finish
