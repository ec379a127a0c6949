/* envdir - run a program with environment edits read from the files of a
 * directory (rules in include/envdir.h). */

#include "applets.h"
#include "die.h"
#include "envdir.h"
#include "proc.h"

static const char usage[] = "envdir dir child";

static int
record(void *ctx, const char *name, const char *value)
{
	(void)ctx;
	return proc_env_set(name, value);
}

int
envdir_main(int argc, char **argv)
{
	struct envdir_error err;
	const char *dir;

	/* 0.76 exits 111, not 100, on a usage error. */
	if (argc < 3)
		die_usage_code(DIE_TEMP, usage);
	dir = argv[1];
	if (envdir_read(dir, record, 0, &err) < 0) {
		switch (err.step) {
		case ENVDIR_START:
			die_sys(DIE_TEMP, "unable to switch to current directory");
		case ENVDIR_CHDIR:
			die_sys(DIE_TEMP, "unable to switch to directory ", dir);
		case ENVDIR_LIST:
			die_sys(DIE_TEMP, "unable to read directory ", dir);
		case ENVDIR_FILE:
			die_sys(DIE_TEMP, "unable to read ", dir, "/", err.name);
		case ENVDIR_BADNAME:
			/* Ours only: 0.76 would set a variable named by the
			 * part of the file name before the '='. */
			die_x(DIE_TEMP, "unable to read ", dir, "/", err.name,
			    ": file name contains =");
		case ENVDIR_RETURN:
			die_sys(DIE_TEMP, "unable to switch to starting directory");
		case ENVDIR_EDIT:	/* proc_env_set fails only with ENOMEM */
		default:
			die_nomem();
		}
	}
	/* The PATH searched is the original one, not one set by DIR: 0.76
	 * looks it up before applying the edits. */
	proc_exec(argv + 2);
	die_sys(DIE_TEMP, "unable to run ", argv[2]);
}
