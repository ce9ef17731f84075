// The report of `xds-sandbox check` (a contract: scripts parse its JSON form).
import type { FileProblem } from '../model/errors';
import { KIND_NAMES } from '../model/kinds';
import { refKey, refOf, type Resource } from '../model/resource';
import type { ApiSnapshot } from '../snapshot/api-snapshot';
import type { PipelineResult } from '../translate/pipeline';
import type { ObjectState, ResourceView } from '../api/contract';
import type { StatusProblem } from '../translate/types';

/** One object's line of the report. */
export interface CheckedResource {
  kind: string;
  namespace: string;
  name: string;
  state: ObjectState;
  reason: string;
  /** The problems the reason joins, with their field paths (`spec.virtualHost.routes[0].routeAction.single.upstream`). */
  problems?: readonly StatusProblem[];
  source?: { file: string; line: number };
  generated?: true;
}

/** `{"resources":[…],"errors":[…],"summary":{…}}`. */
export interface CheckReport {
  resources: CheckedResource[];
  errors: { file: string; line: number; column: number; message: string }[];
  summary: { accepted: number; warning: number; rejected: number; errors: number };
}

/** Builds the report: every input object (by kind, namespace, name), then the generated proxies, then the file errors. */
export function checkReport(snapshot: ApiSnapshot, result: PipelineResult): CheckReport {
  const resources: CheckedResource[] = [];
  for (const kind of KIND_NAMES) {
    for (const r of snapshot.objects[kind] as readonly Resource[]) resources.push(line(r, result));
  }
  for (const p of result.proxies) resources.push({ ...line(p, result), generated: true });
  return summarized(resources, snapshot.problems);
}

/** The same report from what a running serve lists (its objects in the same order, then its generated proxies) and its file problems. */
export function checkReportFromViews(views: readonly ResourceView[], problems: readonly FileProblem[]): CheckReport {
  const resources = views.map((v): CheckedResource => ({
    kind: v.kind, namespace: v.namespace, name: v.name, state: v.state, reason: v.reason,
    ...(v.problems?.length ? { problems: v.problems } : {}),
    ...(v.source?.file ? { source: { file: v.source.file, line: v.source.line ?? 1 } } : {}),
    ...(v.generated ? { generated: true as const } : {}),
  }));
  return summarized(resources, problems);
}

function summarized(resources: CheckedResource[], problems: readonly FileProblem[]): CheckReport {
  const errors = problems.map((p: FileProblem) => ({ file: p.file, line: p.line, column: p.column, message: p.message }));
  const count = (s: ObjectState) => resources.filter((r) => r.state === s).length;
  return { resources, errors, summary: { accepted: count('Accepted'), warning: count('Warning'), rejected: count('Rejected'), errors: errors.length } };
}

function line(r: Resource, result: PipelineResult): CheckedResource {
  const key = refKey(r);
  const status = result.statuses.get(key);
  const problems = result.problems?.get(key);
  const source = r.source ?? status?.source;
  return {
    kind: r.kind, namespace: r.metadata.namespace, name: r.metadata.name,
    state: (status?.state as ObjectState | undefined) ?? 'Pending', reason: status?.reason ?? '', ...(problems?.length ? { problems } : {}),
    ...(source?.file ? { source: { file: source.file, line: source.line ?? 1 } } : {}),
  };
}

/** The text form: one line per object, then the errors, then a summary line. */
export function formatCheckText(report: CheckReport): string {
  const out: string[] = [];
  for (const r of report.resources) {
    const where = r.source ? ` (${r.source.file}:${r.source.line})` : '';
    const reason = r.reason ? `: ${r.reason.split('\n').join('; ')}` : '';
    out.push(`${r.state.padEnd(8)} ${r.kind} ${r.namespace}/${r.name}${r.generated ? ' [generated]' : ''}${where}${reason}`);
  }
  for (const e of report.errors) out.push(`Error    ${e.file}:${e.line}:${e.column}: ${e.message}`);
  const s = report.summary;
  out.push(`${s.accepted} accepted, ${s.warning} warning, ${s.rejected} rejected, ${s.errors} file error${s.errors === 1 ? '' : 's'}`);
  return out.join('\n') + '\n';
}
