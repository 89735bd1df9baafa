#include "verbose.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>

int verbosity;

void verbose_log(int level, const char *format, ...)
{
	va_list args;

	if (verbosity < level)
		return;

	fprintf(stderr, "%s: ", program_invocation_short_name);
	va_start(args, format);
	vfprintf(stderr, format, args);
	va_end(args);
	fputc('\n', stderr);
}
