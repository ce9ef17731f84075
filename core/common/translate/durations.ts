// Checks of proto3 JSON durations, shared by every stage and plugin.

/** Why a proto3 JSON duration is invalid (`5s`, `0.250s`); undefined when valid or absent. */
export function durationProblem(field: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  return /^\d+(\.\d{1,9})?s$/.test(value) ? undefined : `${field} "${value}" is not a duration like "5s" or "0.5s"`;
}
