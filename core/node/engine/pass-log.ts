// The lines `serve` prints for a pass: one summary line, then what changed state and why (objects, files), briefly.
import type { PassChanges, StateChange } from '../../common/loop/pass-changes';
import type { PassRecord } from '../../common/loop/reconcile-loop';

/** Objects and files named per pass at most; the rest are counted. */
export const MAX_LOGGED_CHANGES = 10;

/** Longest part of a reason printed before its served-version note; longer ones are cut with `…` (the UI and `check` show them whole). */
export const MAX_LOGGED_REASON = 240;

/**
 * What a pass prints: `pass 4: 3 objects (1 changed), 1 accepted 0 warning 1 rejected 0 file errors, 2.1 ms, published none`,
 * then one line per object whose state or reason changed (`pass 4: VirtualService default/hello Accepted → Rejected: route 1 …;
 * serving the last accepted version …`) and per file that broke or was fixed.
 */
export function passLogLines(pass: PassRecord, changes: PassChanges | undefined): string[] {
  const versions = Object.entries(pass.published).map(([k, v]) => `${k}@${v || 'removed'}`).join(' ') || 'none';
  const c = pass.counts;
  const head = `pass ${pass.id}: input ${pass.snapshot.hash}, ${pass.snapshot.objectHashes.size} objects (${pass.objectsChanged} changed), ` +
    `${c.accepted} accepted ${c.warning} warning ${c.rejected} rejected ${c.errors} file errors, ${pass.durationMs.toFixed(1)} ms, published ${versions}`;
  if (!changes) return [head];
  const lines = [head];
  const prefix = `pass ${pass.id}: `;
  const fileLines = [
    ...changes.filesBroken.map((f) => `file ${f}: ${problemsOf(changes, f)}`),
    ...changes.filesFixed.map((f) => `file ${f}: loads again`),
  ];
  const objectLines = changes.states.filter((s) => !isGeneratedProxyNote(s)).map(describeChange);
  const all = [...fileLines, ...objectLines];
  for (const line of all.slice(0, MAX_LOGGED_CHANGES)) lines.push(prefix + line);
  const more = all.length - MAX_LOGGED_CHANGES + changes.statesOmitted;
  if (more > 0) lines.push(`${prefix}… and ${more} more change${more === 1 ? '' : 's'} (see the UI's timeline or run check)`);
  return lines;
}

function problemsOf(changes: PassChanges, file: string): string {
  const found = changes.problemsAppeared.filter((p) => p.file === file);
  if (!found.length) return 'cannot be read';
  const [first] = found;
  return `line ${first.line}: ${first.message}${found.length > 1 ? ` (and ${found.length - 1} more)` : ''}`;
}

/** A state change of a generated Proxy whose only news is its default-gateways note is not worth a line. */
function isGeneratedProxyNote(s: StateChange): boolean {
  return s.kind === 'Proxy' && s.from === s.to && s.to === 'Accepted';
}

function describeChange(s: StateChange): string {
  const name = `${s.kind} ${s.namespace}/${s.name}`;
  if (!s.to) return `${name} removed`;
  const state = !s.from ? `${s.to} (new)` : s.from === s.to ? s.to : `${s.from} → ${s.to}`;
  return s.reason ? `${name} ${state}: ${cut(s.reason)}` : `${name} ${state}`;
}

/** The reason, its problems cut to MAX_LOGGED_REASON, keeping the note that says which version is served. */
function cut(reason: string): string {
  const at = reason.search(/(^|; )(serving the last accepted version|not served)/);
  const problems = at < 0 ? reason : reason.slice(0, at);
  const note = at < 0 ? '' : reason.slice(at);
  return (problems.length <= MAX_LOGGED_REASON ? problems : `${problems.slice(0, MAX_LOGGED_REASON - 1)}…`) + note;
}
