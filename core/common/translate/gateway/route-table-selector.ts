// Which RouteTables a delegateAction names, after Gloo's route table selector
// (projects/gateway/pkg/translator/route_table_selector.go), and in which order their routes come
// (route_table_indexer.go: ascending weight, missing weight 0).
import type { DelegateActionJson } from '../../gen/gateway/api/v1/virtual_service_pb';
import type { ResourceRefJson } from '../../gen/solo-kit/api/v1/solo-kit_pb';
import { matchesLabels, refKey, resolveRef } from '../../model/resource';
import { describeKey } from '../names';
import { notFoundText } from '../ref-suggestion';
import type { ServedObject } from '../served';
import { expressionProblem, matchesExpressions } from './label-selector';

/** Key of the dependency on the whole set of served RouteTables (selectors depend on every table's labels). */
export const TABLE_SET_DEP = '#route-tables';

/** The RouteTables a selection looks at: those served this round, and every refKey that exists. */
export interface TableIndex {
  readonly tables: ReadonlyMap<string, ServedObject<'RouteTable'>>;
  /** Served tables sorted by namespace/name, for selectors. */
  readonly tableList: readonly ServedObject<'RouteTable'>[];
  readonly existing: ReadonlySet<string>;
}

/** The tables a delegateAction selects, or why it selects none (always a warning in Gloo: only the delegating route is left out). */
export type TableSelection = { readonly ok: true; readonly tables: readonly ServedObject<'RouteTable'>[] } | { readonly ok: false; readonly problem: string };

/**
 * Gloo's SelectRouteTables: a reference (or the deprecated name/namespace) names one table; a
 * selector takes the tables of the owner's namespace (or of `namespaces`, `*` for all) whose labels
 * match, by labels or by expressions but not both. Every dependency read is recorded in `deps`.
 */
export function selectRouteTables(d: DelegateActionJson, ownerNamespace: string, index: TableIndex, deps: string[]): TableSelection {
  const ref: ResourceRefJson | undefined = d.name || d.namespace ? { name: d.name ?? '', namespace: d.namespace ?? '' } : d.ref;
  if (ref) {
    const key = refKey(resolveRef('RouteTable', ref, ownerNamespace));
    deps.push(key);
    const t = index.tables.get(key);
    if (t) return { ok: true, tables: [t] };
    const why = index.existing.has(key) ? `${describeKey(key)} is rejected and not served` : notFoundText(key, index.existing);
    return { ok: false, problem: `delegateAction.ref: ${why}; this route is left out` };
  }
  const sel = d.selector;
  if (!sel) return { ok: false, problem: 'delegateAction names no RouteTable: set ref or selector; this route is left out' };
  deps.push(TABLE_SET_DEP);
  const expressions = sel.expressions ?? [];
  if (expressions.length && Object.keys(sel.labels ?? {}).length) {
    return { ok: false, problem: 'delegateAction.selector: labels and expressions cannot both be used in one selector; this route is left out' };
  }
  for (let i = 0; i < expressions.length; i++) {
    const bad = expressionProblem(expressions[i]);
    if (bad) return { ok: false, problem: `delegateAction.selector.expressions[${i}]: ${bad}; this route is left out` };
  }
  const namespaces = sel.namespaces ?? [];
  const all = namespaces.includes('*');
  const inNamespace = (ns: string) => all || (namespaces.length ? namespaces.includes(ns) : ns === ownerNamespace);
  const tables = index.tableList.filter((t) => {
    const m = t.resource.metadata;
    return inNamespace(m.namespace) && matchesLabels(m.labels, sel.labels) && matchesExpressions(m.labels, expressions);
  });
  if (tables.length) return { ok: true, tables };
  const where = all ? 'any namespace' : namespaces.length ? namespaces.join(', ') : ownerNamespace;
  return { ok: false, problem: `delegateAction.selector matches no RouteTable in ${where}; this route is left out` };
}

/** Weight of a table (Gloo's defaultTableWeight 0 when unset). */
export function weightOf(t: ServedObject<'RouteTable'>): number {
  return t.resource.spec.weight ?? 0;
}

/** Tables in ascending weight (Gloo: lower weight first), equal weights grouped, each group in the order given. */
export function groupByWeight(tables: readonly ServedObject<'RouteTable'>[]): ServedObject<'RouteTable'>[][] {
  const sorted = [...tables].sort((a, b) => weightOf(a) - weightOf(b));
  const groups: ServedObject<'RouteTable'>[][] = [];
  for (const t of sorted) {
    const last = groups[groups.length - 1];
    if (last && weightOf(last[0]) === weightOf(t)) last.push(t);
    else groups.push([t]);
  }
  return groups;
}
