#!/bin/sh
# mkroot.sh DAEMONBOX HEARTBEAT ROOT - the whole file tree of the FROM
# scratch image of docs/examples/Dockerfile.scratch, made in ROOT (which
# must not exist): the static daemonbox binary with one link per tool in
# /bin, and one service, /etc/service/heartbeat, whose run is the
# HEARTBEAT program itself, with readiness on descriptor 3. No shell, no
# libc, nothing else. The Dockerfile runs this script in its build stage;
# tests/integration/container_scratch.sh runs it too, and then the tree.
set -eu
[ $# -eq 3 ] || { echo "usage: mkroot.sh DAEMONBOX HEARTBEAT ROOT" >&2; exit 100; }
db=$1 hb=$2 root=$3
[ ! -e "$root" ] || { echo "mkroot.sh: $root exists" >&2; exit 100; }
umask 022
mkdir -p "$root/bin" "$root/etc/service/heartbeat"
cp "$db" "$root/bin/daemonbox"
chmod 755 "$root/bin/daemonbox"
# Relative links (svscan -> daemonbox), made by the binary itself.
"$root/bin/daemonbox" --install "$root/bin"
cp "$hb" "$root/etc/service/heartbeat/run"
chmod 755 "$root/etc/service/heartbeat/run"
echo 3 >"$root/etc/service/heartbeat/notification-fd"
