/* portab_config.h - a system with nothing the probes in CMakeLists.txt
 * look for, written by hand for tests/portability/run: src/portab.c then
 * takes every fallback (no directory watch: svscan rescans; no start
 * times: no adoption; no exit watch, no reaper; fcntl locks; fork;
 * setgroups ENOSYS), and must compile against POSIX.1-2008 with XSI
 * alone (-D_XOPEN_SOURCE=700). */
#ifndef DAEMONBOX_PORTAB_CONFIG_H
#define DAEMONBOX_PORTAB_CONFIG_H
#endif
