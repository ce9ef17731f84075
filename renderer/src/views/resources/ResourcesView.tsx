// Resources: every object grouped by kind and namespace, with state, reason and source; file problems on top.
import { useMemo, useState, type ReactNode } from 'react';
import type { ObjectState } from '../../../../core/common/api/contract';
import type { FileProblem } from '../../../../core/common/model/errors';
import { Banner, Empty } from '../../components/Banner';
import { StatusBadge } from '../../components/StatusBadge';
import { WindowedList } from '../../components/WindowedList';
import { editorHash, formatRoute } from '../../router/routes';
import { attentionCount } from '../../state/live-state';
import { useLiveState } from '../../state/store-context';
import { TEMPLATE_KINDS } from '../editor/templates';
import { buildResourceRows, countByState, kindsPresent, NO_FILTER, type ResourceFilter, type ResourceRow } from './resource-rows';

const ROW_HEIGHT = 28;
const STATE_OPTIONS: readonly (ObjectState | 'attention' | 'all')[] = ['all', 'attention', 'Accepted', 'Warning', 'Rejected', 'Pending'];

/** The resource list view (`#/resources`). */
export function ResourcesView(): ReactNode {
  const resources = useLiveState((s) => s.resources);
  const problems = useLiveState((s) => s.problems);
  const loaded = useLiveState((s) => s.loaded);
  const [filter, setFilter] = useState<ResourceFilter>(NO_FILTER);
  const rows = useMemo(() => buildResourceRows(resources, filter), [resources, filter]);
  const counts = useMemo(() => countByState(resources), [resources]);
  const attention = attentionCount({ resources, problems });

  return (
    <div className="view view-resources">
      <div className="toolbar">
        <input className="search" type="search" placeholder="Filter by name, reason, file…" aria-label="Filter text"
          value={filter.text} onChange={(e) => setFilter({ ...filter, text: e.target.value })} />
        <select aria-label="Kind" value={filter.kind} onChange={(e) => setFilter({ ...filter, kind: e.target.value })}>
          <option value="all">All kinds</option>
          {kindsPresent(resources).map((k) => <option key={k} value={k}>{k}</option>)}
        </select>
        <select aria-label="State" value={filter.state} onChange={(e) => setFilter({ ...filter, state: e.target.value as ResourceFilter['state'] })}>
          {STATE_OPTIONS.map((s) => <option key={s} value={s}>{s === 'all' ? 'All states' : s === 'attention' ? 'Needs attention' : s}</option>)}
        </select>
        <button type="button" className={`attention ${attention ? 'attention-on' : ''}`} data-testid="attention-count"
          onClick={() => setFilter({ ...filter, state: 'attention' })} title="Objects not Accepted, plus file problems">
          {attention} need{attention === 1 ? 's' : ''} attention
        </button>
        <span className="counts">{counts.Accepted} accepted · {counts.Warning} warning · {counts.Rejected} rejected · {counts.Pending} pending</span>
        <span className="spacer" />
        {TEMPLATE_KINDS.map((kind) => <a key={kind} className="button" href={formatRoute({ view: 'new', kind })}>+ {kind}</a>)}
      </div>
      {problems.length > 0 && <ProblemList problems={problems} />}
      {!loaded ? <Empty>Loading…</Empty> : rows.length === 0 ? <Empty>{resources.length ? 'Nothing matches the filters.' : 'The store is empty: create an object from a template.'}</Empty> : (
        <WindowedList items={rows} rowHeight={ROW_HEIGHT} label="Resources" rowKey={rowKey} renderRow={(row) => <ResourceRowView row={row} />} />
      )}
    </div>
  );
}

function rowKey(row: ResourceRow): string {
  return row.type === 'group' ? `g:${row.kind}/${row.namespace}` : `o:${row.resource.kind}/${row.resource.namespace}/${row.resource.name}`;
}

function ResourceRowView(props: { row: ResourceRow }): ReactNode {
  const { row } = props;
  if (row.type === 'group') {
    return (
      <div className="res-group">
        <span className="res-kind">{row.kind}</span><span className="muted">{row.namespace}</span>
        <span className="muted">{row.count}</span>{row.attention > 0 && <span className="attention-dot">{row.attention} need attention</span>}
      </div>
    );
  }
  const r = row.resource;
  return (
    <a className="res-row" href={editorHash(r)} data-testid="resource-row" data-kind={r.kind} data-name={r.name} data-state={r.state}>
      <StatusBadge state={r.state} />
      <span className="res-name">{r.name}{r.generated && <span className="tag">generated</span>}</span>
      <span className="res-reason" title={r.reason}>{r.reason}</span>
      <span className="res-source">{r.source ? `${r.source.file}:${r.source.line}` : ''}</span>
    </a>
  );
}

/** File problems (YAML syntax, unknown kinds, invalid fields) with file:line:col. */
export function ProblemList(props: { problems: readonly FileProblem[] }): ReactNode {
  return (
    <Banner tone="error" testId="file-problems">
      <strong>{props.problems.length} file problem{props.problems.length === 1 ? '' : 's'}</strong>
      <ul className="problems">
        {props.problems.slice(0, 50).map((p, i) => (
          <li key={i}><code>{p.file}:{p.line}:{p.column}</code> {p.message}</li>
        ))}
        {props.problems.length > 50 && <li className="muted">… and {props.problems.length - 50} more</li>}
      </ul>
    </Banner>
  );
}
