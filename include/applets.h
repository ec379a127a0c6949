/* applets.h - prototypes of every tool's entry point, generated from
 * applets.def. Each name_main() takes the arguments with argv[0] being the
 * tool's name as invoked, and returns the process exit code. */
#ifndef DAEMONBOX_APPLETS_H
#define DAEMONBOX_APPLETS_H

#define APPLET(name, summary) int name##_main(int argc, char **argv);
#include "applets.def"
#undef APPLET

#endif
