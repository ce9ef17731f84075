// Exit codes of every command: a contract scripts depend on.

/** The command did what was asked (and, for check/route/diff, found nothing wrong / a match / no difference). */
export const EXIT_OK = 0;
/** The command's own failure: rejected objects, no matching route, differences, a store error. */
export const EXIT_FAILURE = 1;
/** The command line was wrong: unknown option, missing argument, bad value. */
export const EXIT_USAGE = 2;

/** A usage error raised by a command after commander parsed its arguments (e.g. a bad --proxy value). */
export class UsageError extends Error {}
