// The message of a changeset commit: a subject naming the object and what happened to it, and a body listing the
// changed fields, so `git log` reads like a change log.
import { diffObjects } from '../diff/object-diff';
import { formatFieldChange } from '../diff/json-diff';
import type { Resource } from '../model/resource';

/** Most changed fields listed in a commit body. */
const MAX_FIELDS = 12;

/** `Add|Update|Delete Kind ns/name` and, for an update, one line per changed field; `file` is where the object is. */
export function changesetCommitMessage(before: Resource | undefined, after: Resource | undefined, file: string): string {
  const r = (after ?? before)!;
  const what = `${r.kind} ${r.metadata.namespace}/${r.metadata.name}`;
  if (!before) return `Add ${what}\n\nIn ${file}.\n`;
  if (!after) return `Delete ${what}\n\nFrom ${file}.\n`;
  const fields = diffObjects([before], [after]).changed[0]?.fields ?? [];
  const lines = fields.slice(0, MAX_FIELDS).map((f) => `- ${formatFieldChange(f)}`);
  if (fields.length > MAX_FIELDS) lines.push(`- and ${fields.length - MAX_FIELDS} more`);
  return `Update ${what}\n\nIn ${file}${lines.length ? ':' : '.'}\n${lines.join('\n')}${lines.length ? '\n' : ''}`;
}
