/* PLACEHOLDER - replaced by the real tool. */
#include "applets.h"
#include "die.h"
int
softlimit_main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	die_x(111, "PLACEHOLDER");
}
