/* main.c - the multicall dispatch of daemonbox: runs the tool named by the
 * basename of argv[0], or by argv[1]; --list, --help, --version and
 * --install. */

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "applets.h"
#include "die.h"
#include "obuf.h"
#include "portab.h"

const char *applet_argv0;

struct applet {
	const char *name;
	int (*main)(int, char **);
	const char *summary;
};

/* The applets this build has: all of applets.def, or those chosen with
 * -DDAEMONBOX_APPLETS (CMake writes the list, same lines, same order). */
static const struct applet applets[] = {
#define APPLET(name, summary) { #name, name##_main, summary },
#include "applets_built.def"
#undef APPLET
};

#define NAPPLETS (sizeof applets / sizeof applets[0])

static const char usage[] =
    "daemonbox APPLET [ARGS...] | --list | --help | --version | --install [-f] DIR";

static const struct applet *
find(const char *name)
{
	size_t i;

	for (i = 0; i < NAPPLETS; ++i)
		if (!strcmp(applets[i].name, name))
			return &applets[i];
	return 0;
}

static const char *
base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

static int
list(int with_summary)
{
	char buf[4096];
	struct obuf o;
	size_t i;

	obuf_init(&o, 1, buf, sizeof buf);
	for (i = 0; i < NAPPLETS; ++i) {
		obuf_puts(&o, applets[i].name);
		if (with_summary) {
			size_t pad = strlen(applets[i].name);
			do
				obuf_putc(&o, ' ');
			while (++pad < 16);
			obuf_puts(&o, applets[i].summary);
		}
		obuf_putc(&o, '\n');
	}
	if (obuf_flush(&o) < 0)
		die_sys(DIE_TEMP, "unable to write output");
	return 0;
}

/* One symlink DIR/NAME -> daemonbox per applet. The target is relative
 * ("daemonbox") when the binary sits in DIR, else its absolute path. */
static int
install(int argc, char **argv, const char *self)
{
	int force = 0;
	const char *dir, *target;
	char path[PATH_MAX], selfpath[PATH_MAX];
	char *slash;
	struct stat a, b;
	size_t i;

	if (argc > 0 && !strcmp(argv[0], "-f")) {
		force = 1;
		++argv;
		--argc;
	}
	if (argc != 1)
		die_usage(usage);
	dir = argv[0];
	if (portab_self_exe(self, getenv("PATH"), selfpath, sizeof selfpath) < 0)
		die_sys(DIE_TEMP, "unable to find the daemonbox binary ", self);
	if (stat(dir, &b) < 0)
		die_sys(DIE_TEMP, "unable to stat ", dir);
	target = selfpath;
	slash = strrchr(selfpath, '/');
	*slash = 0;
	if (stat(slash == selfpath ? "/" : selfpath, &a) == 0 &&
	    a.st_dev == b.st_dev && a.st_ino == b.st_ino)
		target = slash + 1;
	else
		*slash = '/';
	for (i = 0; i < NAPPLETS; ++i) {
		size_t dl = strlen(dir), nl = strlen(applets[i].name);
		if (dl + nl + 2 > sizeof path) {
			errno = ENAMETOOLONG;
			die_sys(DIE_TEMP, "unable to create ", dir, "/",
			    applets[i].name);
		}
		memcpy(path, dir, dl);
		path[dl] = '/';
		memcpy(path + dl + 1, applets[i].name, nl + 1);
		if (force && unlink(path) < 0 && errno != ENOENT)
			die_sys(DIE_TEMP, "unable to remove ", path);
		if (symlink(target, path) < 0)
			die_sys(DIE_TEMP, "unable to create ", path);
	}
	return 0;
}

int
main(int argc, char **argv)
{
	const struct applet *a;
	const char *name;

	die_init("daemonbox");
	if (argc < 1)
		die_usage(usage);
	applet_argv0 = argv[0];
	name = base_name(argv[0]);
	a = find(name);
	if (!a) {
		if (argc < 2)
			die_usage(usage);
		if (!strcmp(argv[1], "--list"))
			return list(0);
		if (!strcmp(argv[1], "--help"))
			return list(1);
		if (!strcmp(argv[1], "--version")) {
			static const char version[] = "daemonbox " DAEMONBOX_VERSION "\n";
			if (obuf_write_all(1, version, sizeof version - 1) < 0)
				die_sys(DIE_TEMP, "unable to write output");
			return 0;
		}
		if (!strcmp(argv[1], "--install"))
			return install(argc - 2, argv + 2, argv[0]);
		a = find(argv[1]);
		if (!a)
			die_x(DIE_USAGE, "unknown applet: ", argv[1]);
		++argv;
		--argc;
	}
	die_init(a->name);
	return a->main(argc, argv);
}
