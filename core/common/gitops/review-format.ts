// Reviews as text, for `xds-sandbox changeset show` and `check --against`: statuses, route tests, traffic, xDS.
import { formatXdsDiff } from '../diff/xds-diff';
import type { ChangesetReview, ChangesetSummary, ConfigReview, MergeOutcome, RouteTestChange, StatusChange } from './review-types';
import { formatTrafficDiff } from './traffic-diff';

/** The sections every review prints: objects, statuses, route tests, traffic and an xDS summary. */
export function formatConfigReview(r: ConfigReview): string[] {
  const o = r.objects;
  const out = [`Objects: ${o.added.length} added, ${o.removed.length} removed, ${o.changed.length} changed`];
  for (const x of o.added) out.push(`  + ${x.kind} ${x.namespace}/${x.name}`);
  for (const x of o.removed) out.push(`  - ${x.kind} ${x.namespace}/${x.name}`);
  for (const x of o.changed) out.push(`  ~ ${x.kind} ${x.namespace}/${x.name}`);
  const c = r.counts.after;
  out.push('', `Statuses after: ${c.accepted} accepted, ${c.warning} warning, ${c.rejected} rejected, ${c.errors} file error${c.errors === 1 ? '' : 's'}`);
  out.push(...(r.statuses.length ? r.statuses.map(statusLine) : ['  no status changes']));
  for (const p of r.problems) out.push(`  ! ${p.file}:${p.line}:${p.column}: ${p.message}`);
  out.push('', 'Route tests (before → after):');
  out.push(...(r.routeTests.length ? r.routeTests.map(routeTestLine) : ['  no route tests']));
  out.push('', 'Traffic:', ...formatTrafficDiff(r.traffic).map((l) => `  ${l}`));
  out.push('', 'xDS:', ...formatXdsDiff(r.xds).split('\n').map((l) => `  ${l}`));
  return out;
}

/** `changeset show`: the changeset, its files, the review and whether it may be merged. */
export function formatChangesetReview(r: ChangesetReview): string {
  const out = [
    `changeset ${r.changeset.name} (${r.changeset.branch}): ${r.changeset.ahead} commit${r.changeset.ahead === 1 ? '' : 's'} ahead of ${r.base.branch}, ${r.changeset.behind} behind`,
    `  ${r.changeset.subject}`,
    '',
    `Files:${r.files.length ? '' : ' none changed'}`,
    ...r.files.map((f) => `  ${f.change === 'added' ? 'A' : f.change === 'deleted' ? 'D' : 'M'} ${f.path}`),
    '',
    ...formatConfigReview(r),
    '',
    mergeLine(r),
    ...r.blocking.map((b) => `  - ${b}`),
    `Reviewed in ${r.totalMs.toFixed(0)} ms`,
  ];
  return out.join('\n') + '\n';
}

/** One line per changeset for `changeset list`. */
export function formatChangesetList(list: readonly ChangesetSummary[]): string {
  if (list.length === 0) return 'no changesets (create one with `xds-sandbox changeset create NAME`)\n';
  return list.map((c) => `${c.name.padEnd(24)} ${c.merged ? 'merged' : `${c.ahead} ahead`.padEnd(8)} ${c.behind} behind  ${c.updatedAt}  ${c.subject}`).join('\n') + '\n';
}

/** What a merge did, or why not, as lines. */
export function formatMergeOutcome(m: MergeOutcome): string {
  if (m.merged) return `merged into ${m.branch} at ${m.commit.slice(0, 12)} (${m.fastForward ? 'fast-forward' : 'merge commit'}); the served folder follows\n`;
  const lines = [m.message, ...(m.files ?? []).map((f) => `  ${f}`), ...(m.blocking ?? []).map((b) => `  - ${b}`)];
  return lines.join('\n') + '\n';
}

function mergeLine(r: ChangesetReview): string {
  if (r.merge.conflicts.length) return `Merge: refused, conflicts in ${r.merge.conflicts.join(', ')}`;
  if (r.changeset.merged) return `Merge: nothing to merge, ${r.base.branch} holds it all`;
  const how = r.merge.fastForward ? 'fast-forward' : 'merge commit';
  return r.blocking.length ? `Merge: refused unless forced (${how}), because:` : `Merge: ready (${how})`;
}

function statusLine(s: StatusChange): string {
  const side = (x: StatusChange['before']) => (x ? x.state : 'absent');
  const reason = s.after?.reason ? `: ${s.after.reason.split('\n').join('; ')}` : '';
  return `  ${s.introduced ? '✗' : s.after?.state === 'Rejected' ? '·' : '~'} ${s.kind} ${s.namespace}/${s.name}: ${side(s.before)} → ${side(s.after)}${reason}${s.introduced ? '  [new]' : ''}`;
}

function routeTestLine(t: RouteTestChange): string {
  const mark = (x: RouteTestChange['before']) => (x ? (x.passed ? '✓' : '✗') : '·');
  const failures = t.after && !t.after.passed ? `: ${t.after.failures.join(', ')}` : '';
  return `  ${mark(t.before)} → ${mark(t.after)} ${t.routeTest}: ${t.test}${failures}`;
}
