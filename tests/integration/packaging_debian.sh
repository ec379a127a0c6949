# packaging_debian.sh - the Debian packages of docs/packaging/debian build
# with dpkg-buildpackage and install into a debootstrap root, where they
# take over a running daemontools 0.76 (Debian's daemontools and
# daemontools-run) without restarting its service: same pid before and
# after, svscan's unit in place, /etc/service there. Opt-in, since it takes
# a minute or two and Debian's mirror: DAEMONBOX_DEBOOTSTRAP=1 (as root,
# with debhelper, debootstrap and unshare). DAEMONBOX_DEBOOTSTRAP_CACHE=DIR
# keeps the debootstrap root in DIR/root.tar for the next run;
# DAEMONBOX_DEBIAN_MIRROR picks the mirror (deb.debian.org).
. "$DAEMONBOX_SOURCE_DIR/tests/integration/lib.sh"

[ "${DAEMONBOX_DEBOOTSTRAP:-}" = 1 ] ||
	skip "set DAEMONBOX_DEBOOTSTRAP=1 to build the .debs and install them in a debootstrap root"
[ "$(id -u)" = 0 ] || skip "needs root (debootstrap, chroot)"
for t in dpkg-buildpackage dh debootstrap unshare chroot; do
	command -v $t >/dev/null || skip "no $t (apt-get install debhelper debootstrap)"
done
cd "$T" || exit 1
mirror=${DAEMONBOX_DEBIAN_MIRROR:-http://deb.debian.org/debian}
cache=${DAEMONBOX_DEBOOTSTRAP_CACHE:-}

# ---- build, from the tracked files of the source tree
mkdir src
if git -C "$DAEMONBOX_SOURCE_DIR" rev-parse >/dev/null 2>&1; then
	git -C "$DAEMONBOX_SOURCE_DIR" ls-files -z |
		(cd "$DAEMONBOX_SOURCE_DIR" && xargs -0 cp --parents -t "$T/src")
else
	cp -R "$DAEMONBOX_SOURCE_DIR"/. src/ && rm -rf src/build*
fi
cp -R src/docs/packaging/debian src/debian
(cd src && dpkg-buildpackage -b -us -uc) >build.log 2>&1
check "dpkg-buildpackage" 0 $?
ls ./*.deb >debs 2>/dev/null
grep -q '/daemonbox_.*\.deb$' debs && pass || fail "no daemonbox .deb: $(tail -5 build.log)"
grep -q '/daemontools-run_.*\.deb$' debs && pass || fail "no daemontools-run .deb"

# ---- a Debian root
if [ -n "$cache" ] && [ -s "$cache/root.tar" ]; then
	mkdir root && tar -C root -xf "$cache/root.tar"
else
	debootstrap --variant=minbase bookworm root "$mirror" >debootstrap.log 2>&1 ||
		skip "debootstrap failed (no mirror?): $(tail -n 1 debootstrap.log)"
	[ -z "$cache" ] || { mkdir -p "$cache" && tar -C root -cf "$cache/root.tar" .; }
fi
cp /etc/resolv.conf root/etc/resolv.conf 2>/dev/null
cp daemonbox_*.deb daemontools-run_*.deb root/tmp/

# What runs inside: 0.76 up, the packages installed, the same pid after.
cat >root/tmp/scenario.sh <<'SCEN'
export DEBIAN_FRONTEND=noninteractive PATH=/usr/sbin:/usr/bin:/sbin:/bin
up() { i=0; while [ $i -lt 600 ]; do svstat "$1" | grep -q 'up (pid' && return 0; sleep 0.1; i=$((i + 1)); done; return 1; }
pid() { svstat "$1" | sed -n 's/.*up (pid \([0-9]*\)).*/\1/p'; }
apt-get update -qq >/dev/null && apt-get install -y -qq daemontools daemontools-run >/dev/null 2>&1 ||
	{ echo "apt: failed"; exit 1; }
echo "0.76 daemontools-run: $(dpkg-query -W -f '${Version}' daemontools-run)"
mkdir -p /etc/service/demo/log
printf '#!/bin/sh\nn=0\nwhile :; do echo "$$ $n"; n=$((n + 1)); sleep 0.05; done\n' >/etc/service/demo/run
printf '#!/bin/sh\nexec multilog ./main\n' >/etc/service/demo/log/run
chmod +x /etc/service/demo/run /etc/service/demo/log/run
svscanboot /etc/service </dev/null >/dev/null 2>&1 &
up /etc/service/demo && up /etc/service/demo/log || { echo "0.76: not up"; exit 1; }
echo "before: $(pid /etc/service/demo) $(pid /etc/service/demo/log)"
apt-get install -y -qq /tmp/daemonbox_*.deb /tmp/daemontools-run_*.deb 2>&1 |
	grep -i 'switch-from-daemontools\|error' | sed 's/^/apt: /'
echo "daemontools-run: $(dpkg-query -W -f '${Version}' daemontools-run)"
echo "daemontools: $(dpkg-query -W -f '${Status}' daemontools 2>/dev/null | cut -d' ' -f3)"
echo "svscan: $(readlink /usr/bin/svscan)"
echo "version: $(daemonbox --version)"
[ -d /etc/service ] && echo "etc/service: yes"
[ -f /lib/systemd/system/daemontools-run.service ] && echo "unit: $(grep ExecStart= /lib/systemd/system/daemontools-run.service)"
[ -L /etc/systemd/system/multi-user.target.wants/daemontools-run.service ] && echo "enabled: yes"
# No systemd or init here: svscanboot by hand, as the switch said.
svscanboot /etc/service </dev/null >/dev/null 2>&1 &
up /etc/service/demo && up /etc/service/demo/log || { echo "daemonbox: not up"; exit 1; }
echo "after: $(pid /etc/service/demo) $(pid /etc/service/demo/log)"
old=$(pid /etc/service/demo)
svc -t /etc/service/demo
i=0; while [ $i -lt 600 ] && { [ "$(pid /etc/service/demo)" = "$old" ] || [ -z "$(pid /etc/service/demo)" ]; }; do sleep 0.1; i=$((i + 1)); done
echo "restarted: $([ "$(pid /etc/service/demo)" != "$old" ] && echo yes)"
SCEN
unshare -p -f -m --mount-proc="$T/root/proc" chroot root /bin/sh /tmp/scenario.sh \
	>scenario.out 2>&1
sed 's/^/  /' scenario.out
before=$(sed -n 's/^before: //p' scenario.out)
after=$(sed -n 's/^after: //p' scenario.out)
[ -n "$before" ] && pass || fail "0.76 did not run its service"
check "the same service and logger pids after the switch" "$before" "$after"
check "daemontools-run upgraded" "1:0.76+daemonbox0.1.0-1" "$(sed -n 's/^daemontools-run: //p' scenario.out)"
check "daemontools (0.76's binaries) gone" "not-installed" "$(sed -n 's/^daemontools: //p' scenario.out)"
check "svscan is daemonbox" "daemonbox" "$(sed -n 's/^svscan: //p' scenario.out)"
check "/etc/service" "yes" "$(sed -n 's/^etc\/service: //p' scenario.out)"
check "the unit" "ExecStart=/usr/bin/svscan -i /etc/service" "$(sed -n 's/^unit: //p' scenario.out)"
check "the unit enabled" "yes" "$(sed -n 's/^enabled: //p' scenario.out)"
check "still supervised: svc -t restarts" "yes" "$(sed -n 's/^restarted: //p' scenario.out)"

finish
