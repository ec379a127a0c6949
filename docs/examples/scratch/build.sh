#!/bin/sh
# build.sh OUT - the two programs of the FROM scratch image of
# docs/examples/Dockerfile.scratch, built into the directory OUT (made if
# missing): OUT/daemonbox, static, stripped, with only the applets named
# in ./applets (what a container without a shell can use: svscan -i as
# its init, supervise, and svc, svok, svstat, svwait for `docker exec`
# and the probes), and OUT/heartbeat, the example service, static and
# stripped, its segments not padded apart (-z noseparate-code, where the
# linker knows it). Run from the top of the repository; CC defaults to
# musl-gcc. The Dockerfile's build stage runs it, and so does tests/run
# (its musl-static stage prints the layer's size against 128 KiB).
set -eu
[ $# -eq 1 ] || { echo "usage: build.sh OUT" >&2; exit 100; }
out=$1
here=$(cd "$(dirname "$0")" && pwd)
cc=${CC:-musl-gcc}
mkdir -p "$out"
CC=$cc cmake -S . -B "$out/build" -DCMAKE_BUILD_TYPE=MinSizeRel \
    -DDAEMONBOX_STATIC=ON -DDAEMONBOX_TESTS=OFF \
    "-DDAEMONBOX_APPLETS=$(cat "$here/applets")" >"$out/build.log"
cmake --build "$out/build" -j"${JOBS:-2}" >>"$out/build.log"
strip -o "$out/daemonbox" "$out/build/daemonbox"
set -- -static -Os -s -ffunction-sections -fdata-sections \
    -fno-asynchronous-unwind-tables -Wl,--gc-sections
"$cc" "$@" -Wl,-z,noseparate-code -o "$out/heartbeat" \
    "$here/heartbeat.c" 2>/dev/null ||
	"$cc" "$@" -o "$out/heartbeat" "$here/heartbeat.c"
