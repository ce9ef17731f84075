// What a pass did, in words, from its recorded changes: the one-line summary of the timeline's rows, and why
// a side of the diff shows no change (an object rejected and its last accepted version kept, a file that fails to load).
import type { PassSummary } from '../../../../core/common/api/contract';
import type { StateChange } from '../../../../core/common/loop/pass-changes';
import type { DiscoveryPassView } from '../../../../core/common/discovery/discovery-view';

const KEPT = /serving (?:the |its )?last accepted version/;

/** `VirtualService default/hello`. */
export function objectName(c: Pick<StateChange, 'kind' | 'namespace' | 'name'>): string {
  return `${c.kind} ${c.namespace}/${c.name}`;
}

/** `VirtualService default/hello → Rejected`, `Upstream default/x added`, `… removed`. */
export function stateChangeText(c: StateChange): string {
  if (!c.to) return `${objectName(c)} removed`;
  if (!c.from) return `${objectName(c)} added (${c.to})`;
  return c.from === c.to ? `${objectName(c)} ${c.to}, new reason` : `${objectName(c)} ${c.from} → ${c.to}`;
}

/** One line for the pass list: the state changes and file problems of the pass, or '' when it has none. */
export function passSummaryLine(p: PassSummary, max = 2): string {
  const c = p.changes;
  if (!c) return '';
  const parts = [
    ...c.filesBroken.map((f) => `${f} fails to load`),
    ...c.filesFixed.map((f) => `${f} loads again`),
    ...c.states.map(stateChangeText),
  ];
  const more = parts.length - max + c.statesOmitted;
  return parts.slice(0, max).join(' · ') + (more > 0 ? ` · ${more} more` : '');
}

/** Why the input side shows no change, or undefined when it is a plain "No change". */
export function inputNoChangeNote(p: PassSummary): string | undefined {
  const c = p.changes;
  if (!c?.problemsAppeared.length) return undefined;
  const files = [...new Set(c.problemsAppeared.map((x) => x.file))];
  return `No object changed: ${files.join(', ')} ${files.length === 1 ? 'fails' : 'fail'} to load (see the file problems above), so the objects last read from ${files.length === 1 ? 'it are' : 'them are'} kept.`;
}

/** Why the xDS side shows no change, or undefined when there is nothing to say. */
export function xdsNoChangeNote(p: PassSummary): string | undefined {
  const c = p.changes;
  if (!c) return undefined;
  const kept = c.states.filter((s) => s.to && s.to !== 'Accepted' && KEPT.test(s.reason));
  if (kept.length) return `No change: ${kept.map(objectName).join(', ')} ${kept.length === 1 ? 'was' : 'were'} ${kept[0].to === 'Warning' ? 'not accepted' : 'rejected'}, and the last accepted version is still served.`;
  if (c.problemsAppeared.length) return 'No change: the objects of a file that fails to load are kept as last read, so what is served stays the same.';
  const rejected = c.states.filter((s) => s.to === 'Rejected');
  if (rejected.length) return `No change: ${rejected.map(objectName).join(', ')} ${rejected.length === 1 ? 'was' : 'were'} rejected and never served.`;
  return undefined;
}

/** `discovery #3: create Upstream gloo-system/node-3000 → pass #12`. */
export function discoveryLine(d: DiscoveryPassView): string {
  const writes = d.writes.map((w) => `${w.op} ${w.key.replace(/^(\w+)\.([^.]+)\./, '$1 $2/')}`);
  const shown = writes.slice(0, 2).join(', ') + (writes.length > 2 ? ` and ${writes.length - 2} more` : '');
  return `discovery #${d.id}: ${shown}`;
}
