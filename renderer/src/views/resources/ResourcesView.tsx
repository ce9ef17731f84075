// Resources: every object grouped by kind and namespace, with state, reason and source; file problems on top.
import { useDeferredValue, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { ObjectKey, ObjectState } from '../../../../core/common/api/contract';
import type { FileProblem } from '../../../../core/common/model/errors';
import { Banner, Empty } from '../../components/Banner';
import { StatusBadge } from '../../components/StatusBadge';
import { WindowedList } from '../../components/WindowedList';
import { editorHash, formatRoute } from '../../router/routes';
import { TextWithTimes } from '../../components/Time';
import { fileErrorOf, shownReason, type FileError } from '../../state/file-errors';
import { attentionCount } from '../../state/live-state';
import { useEngine, useFileErrors, useLiveState } from '../../state/store-context';
import { TEMPLATE_KINDS } from '../editor/templates';
import { proxiesOf } from '../xds/xds-model';
import { buildResourceRows, countByState, kindsPresent, NO_FILTER, type ResourceFilter, type ResourceRow, type RowContext } from './resource-rows';
import { xdsSearchText } from './resource-search';

const ROW_HEIGHT = 28;
const STATE_OPTIONS: readonly (ObjectState | 'attention' | 'all')[] = ['all', 'attention', 'Accepted', 'Warning', 'Rejected', 'Pending'];

/** The resource list view (`#/resources`). */
export function ResourcesView(): ReactNode {
  const resources = useLiveState((s) => s.resources);
  const problems = useLiveState((s) => s.problems);
  const loaded = useLiveState((s) => s.loaded);
  const fileErrors = useFileErrors();
  const [filter, setFilter] = useState<ResourceFilter>(NO_FILTER);
  // Typing stays responsive at 10k objects: the list follows the text a frame later.
  const deferred = useDeferredValue(filter);
  const searching = deferred.text.trim() !== '';
  const [focused, setFocused] = useState(false);
  const search = useXdsSearch(focused || searching);
  const ctx: RowContext = useMemo(() => ({ fileErrors, ...(search ? { search } : {}) }), [fileErrors, search]);
  const rows = useMemo(() => buildResourceRows(resources, deferred, ctx), [resources, deferred, ctx]);
  const counts = useMemo(() => countByState(resources, ctx), [resources, ctx]);
  const attention = attentionCount({ resources, problems });

  return (
    <div className="view view-resources">
      <div className="toolbar">
        <input className="search" type="search" placeholder="Filter by name, domain, path, upstream, reason, file…" aria-label="Filter text"
          value={filter.text} onChange={(e) => setFilter({ ...filter, text: e.target.value })} onFocus={() => setFocused(true)} onBlur={() => setFocused(false)} />
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
        <span className="counts">{counts.Accepted} accepted · {counts.Warning} warning · {counts.Rejected} rejected · {counts.Pending} pending{counts.FileError > 0 && <> · <span className="c-bad">{counts.FileError} in files that fail to load</span></>}</span>
        <span className="spacer" />
        {TEMPLATE_KINDS.map((kind) => <a key={kind} className="button" href={formatRoute({ view: 'new', kind })}>+ {kind}</a>)}
      </div>
      {problems.length > 0 && <ProblemList problems={problems} objectOf={(file) => resources.find((r) => r.source?.file === file && !r.generated)} />}
      {loaded && resources.every((r) => r.generated) && <EmptyStore />}
      {!loaded ? <Empty>Loading…</Empty> : rows.length === 0 ? (resources.length ? <NoMatch onClear={() => setFilter(NO_FILTER)} searching={searching && !search} /> : null) : (
        <WindowedList items={rows} rowHeight={ROW_HEIGHT} label="Resources" rowKey={rowKey} renderRow={(row) => <ResourceRowView row={row} fileErrors={fileErrors} />} />
      )}
    </div>
  );
}

/**
 * Domains, paths and Upstreams per object, from the served xDS: read while `active` (the filter has focus or text)
 * and the newest pass is not the one read last; kept, one pass stale at most, while a newer one is read.
 */
function useXdsSearch(active: boolean): ReadonlyMap<string, string> | undefined {
  const client = useEngine();
  const lastPassId = useLiveState((s) => s.lastPassId);
  const [index, setIndex] = useState<{ readonly passId: number; readonly text: ReadonlyMap<string, string> }>();
  const indexedPass = index?.passId;
  useEffect(() => {
    if (!active || indexedPass === lastPassId) return;
    let current = true;
    client.getXds().then((xds) => { if (current) setIndex({ passId: lastPassId, text: xdsSearchText(proxiesOf(xds)) }); }, () => undefined);
    return () => { current = false; };
  }, [client, active, lastPassId, indexedPass]);
  return index?.text;
}

function rowKey(row: ResourceRow): string {
  return row.type === 'group' ? `g:${row.kind}/${row.namespace}` : `o:${row.resource.kind}/${row.resource.namespace}/${row.resource.name}`;
}

function ResourceRowView(props: { row: ResourceRow; fileErrors: ReadonlyMap<string, FileError> }): ReactNode {
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
  const fileError = fileErrorOf(r, props.fileErrors);
  const reason = shownReason(r, props.fileErrors);
  return (
    <a className="res-row" href={editorHash(r)} data-testid="resource-row" data-kind={r.kind} data-name={r.name} data-state={fileError ? 'FileError' : r.state}>
      <StatusBadge state={r.state} fileError={Boolean(fileError)} title={fileError ? `Last state of the version served: ${r.state}` : undefined} />
      <span className="res-name">{r.name}{r.generated && <span className="tag">generated</span>}</span>
      <span className="res-reason" title={reason}><TextWithTimes text={reason} /></span>
      <span className="res-source">{r.source ? `${r.source.file}:${r.source.line}` : ''}</span>
    </a>
  );
}

/** What to do when the store holds nothing of the user's yet (generated Proxies may be listed below). */
function EmptyStore(): ReactNode {
  return (
    <div className="empty empty-steps" data-testid="empty-store">
      <p><strong>The store is empty.</strong> Two objects make a first route:</p>
      <ol>
        <li>an <a href={formatRoute({ view: 'new', kind: 'Upstream' })}>Upstream</a>: where requests go (a host and port);</li>
        <li>a <a href={formatRoute({ view: 'new', kind: 'VirtualService' })}>VirtualService</a>: which domains and paths go to it (its template brings an Upstream along when there is none).</li>
      </ol>
      <p className="muted">Or write YAML files into the store's folder: they appear here as soon as they are saved. Then try a request in the <a href="#/routes">route tester</a>.</p>
    </div>
  );
}

/** What to do when the filters hide everything. */
function NoMatch(props: { onClear: () => void; searching: boolean }): ReactNode {
  return (
    <Empty>
      {props.searching ? 'Searching domains, paths and upstreams…' : <>Nothing matches the filters. The text matches names, domains, paths, upstreams, reasons and files. <button type="button" className="link" onClick={props.onClear}>Clear the filters</button></>}
    </Empty>
  );
}

/** File problems (YAML syntax, unknown kinds, invalid fields) with file:line:col, linked to an object of the file when one was read from it. */
export function ProblemList(props: { problems: readonly FileProblem[]; objectOf?: (file: string) => ObjectKey | undefined }): ReactNode {
  return (
    <Banner tone="error" testId="file-problems">
      <strong>{props.problems.length} file problem{props.problems.length === 1 ? '' : 's'}</strong>
      <ul className="problems">
        {props.problems.slice(0, 50).map((p, i) => (
          <li key={i}><ProblemPlace problem={p} object={props.objectOf?.(p.file)} /> {p.message}</li>
        ))}
        {props.problems.length > 50 && <li className="muted">… and {props.problems.length - 50} more</li>}
      </ul>
    </Banner>
  );
}

function ProblemPlace(props: { problem: FileProblem; object: ObjectKey | undefined }): ReactNode {
  const p = props.problem;
  const place = <code>{p.file}:{p.line}:{p.column}</code>;
  return props.object ? <a href={editorHash(props.object)} title={`Open ${props.object.kind} ${props.object.namespace}/${props.object.name}, read from this file`}>{place}</a> : place;
}
