/* applets.h - prototypes of every tool's entry point, generated from
 * applets.def. Each name_main() takes the arguments with argv[0] being the
 * tool's name as invoked, and returns the process exit code. */
#ifndef DAEMONBOX_APPLETS_H
#define DAEMONBOX_APPLETS_H

/* argv[0] of this process as it was executed, before the dispatch moved
 * past it: "daemonbox" for `daemonbox svscan`. Set by main(); svscan and
 * svscanboot give it to portab_self_exe() to start applets of this same
 * binary. */
extern const char *applet_argv0;

#define APPLET(name, summary) int name##_main(int argc, char **argv);
#include "applets.def"
#undef APPLET

#endif
