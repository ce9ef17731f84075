// The resource list as rows: objects filtered by text, kind and state, grouped by kind and namespace.
import type { ObjectState, ResourceView } from '../../../../core/common/api/contract';
import { fileErrorOf, shownReason, type FileError } from '../../state/file-errors';
import { searchKey } from './resource-search';

/** The list filters. `state` is a state, `attention` (anything not Accepted) or `all`. */
export interface ResourceFilter {
  readonly text: string;
  readonly kind: string;
  readonly state: ObjectState | 'attention' | 'all';
}

/** One row of the list: a group heading or an object. */
export type ResourceRow =
  | { readonly type: 'group'; readonly kind: string; readonly namespace: string; readonly count: number; readonly attention: number }
  | { readonly type: 'object'; readonly resource: ResourceView };

/** The filter that shows everything. */
export const NO_FILTER: ResourceFilter = { text: '', kind: 'all', state: 'all' };

/** What rows are judged with besides the object: files failing to load now, and text from the served xDS per object. */
export interface RowContext {
  readonly fileErrors: ReadonlyMap<string, FileError>;
  /** Domains, paths and Upstreams per `Kind/namespace/name` (see resource-search.ts); absent while not loaded. */
  readonly search?: ReadonlyMap<string, string>;
}

/** No file errors, no xDS text. */
export const NO_CONTEXT: RowContext = { fileErrors: new Map() };

/** Whether an object needs attention: not Accepted, or read from a file that fails to load now. */
export function needsAttention(r: ResourceView, ctx: RowContext): boolean {
  return r.state !== 'Accepted' || fileErrorOf(r, ctx.fileErrors) !== undefined;
}

/**
 * Whether an object passes the filter. Text matches, case-insensitively and word by word, the name, namespace,
 * kind, shown reason and source file, and the domains, paths and Upstreams of its routes.
 */
export function matchesFilter(r: ResourceView, f: ResourceFilter, ctx: RowContext = NO_CONTEXT): boolean {
  if (f.kind !== 'all' && r.kind !== f.kind) return false;
  if (f.state === 'attention' && !needsAttention(r, ctx)) return false;
  if (f.state !== 'all' && f.state !== 'attention' && (r.state !== f.state || (f.state === 'Accepted' && needsAttention(r, ctx)))) return false;
  const text = f.text.trim().toLowerCase();
  if (!text) return true;
  const hay = `${r.kind} ${r.namespace}/${r.name} ${shownReason(r, ctx.fileErrors)} ${r.source?.file ?? ''}`.toLowerCase();
  const more = ctx.search?.get(searchKey(r)) ?? '';
  return text.split(/\s+/).every((word) => hay.includes(word) || more.includes(word));
}

const STATE_ORDER: Readonly<Record<ObjectState, number>> = { Rejected: 0, Warning: 1, Pending: 2, Accepted: 3 };

/** Rows for the filtered objects: groups sorted by kind then namespace, objects by name. */
export function buildResourceRows(resources: readonly ResourceView[], f: ResourceFilter, ctx: RowContext = NO_CONTEXT): ResourceRow[] {
  const groups = new Map<string, ResourceView[]>();
  for (const r of resources) {
    if (!matchesFilter(r, f, ctx)) continue;
    const key = `${r.kind}\u0000${r.namespace}`;
    let list = groups.get(key);
    if (!list) groups.set(key, (list = []));
    list.push(r);
  }
  const rows: ResourceRow[] = [];
  for (const key of [...groups.keys()].sort()) {
    const list = groups.get(key)!.sort((a, b) => a.name.localeCompare(b.name));
    const [kind, namespace] = key.split('\u0000');
    rows.push({ type: 'group', kind, namespace, count: list.length, attention: list.filter((r) => needsAttention(r, ctx)).length });
    for (const resource of list) rows.push({ type: 'object', resource });
  }
  return rows;
}

/** Counts of objects per state, for the summary line; objects whose file fails to load count as FileError, whatever their last state. */
export function countByState(resources: readonly ResourceView[], ctx: RowContext = NO_CONTEXT): Record<ObjectState | 'FileError', number> {
  const counts: Record<ObjectState | 'FileError', number> = { Accepted: 0, Warning: 0, Rejected: 0, Pending: 0, FileError: 0 };
  for (const r of resources) counts[fileErrorOf(r, ctx.fileErrors) ? 'FileError' : r.state]++;
  return counts;
}

/** Kinds present, sorted, for the kind filter. */
export function kindsPresent(resources: readonly ResourceView[]): string[] {
  return [...new Set(resources.map((r) => r.kind))].sort();
}

/** Objects sorted worst state first (for "needs attention" summaries). */
export function worstFirst(resources: readonly ResourceView[]): ResourceView[] {
  return [...resources].sort((a, b) => STATE_ORDER[a.state] - STATE_ORDER[b.state] || a.name.localeCompare(b.name));
}
