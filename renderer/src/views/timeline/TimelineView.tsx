// Timeline (`#/timeline`, `#/timeline/<id>`): every reconcile pass, newest first, each with what changed state
// and which file problems appeared or cleared; the discovery loop's passes run in their own lane beside them,
// linked to the gateway pass they caused. The selected pass shows its input diff, the generated Proxy diff
// between them, and its xDS diff.
import { useMemo, useState, type ReactNode } from 'react';
import type { PassSummary } from '../../../../core/common/api/contract';
import type { DiscoveryPassView } from '../../../../core/common/discovery/discovery-view';
import type { FileProblem } from '../../../../core/common/model/errors';
import { Banner, Empty } from '../../components/Banner';
import { SourceLink } from '../../components/SourceLink';
import { TextWithTimes, Time } from '../../components/Time';
import { WindowedList } from '../../components/WindowedList';
import { editorHash, formatRoute } from '../../router/routes';
import { useEngine, useLiveState, useQuery } from '../../state/store-context';
import { DiffPane } from './DiffPane';
import { diffModel } from './diff-model';
import { fullValueResolver } from './full-values';
import { discoveryLine, inputNoChangeNote, passSummaryLine, stateChangeText, xdsNoChangeNote } from './pass-notes';

const ROW_HEIGHT = 46;

/** One row of the list: a gateway-loop pass, or a discovery-loop pass in its own lane. */
type LaneRow = { readonly lane: 'gateway'; readonly pass: PassSummary } | { readonly lane: 'discovery'; readonly pass: DiscoveryPassView };

/** Both loops' passes, newest first by start time (a discovery pass comes before the gateway pass it caused). */
function laneRows(passes: readonly PassSummary[], discovery: readonly DiscoveryPassView[]): LaneRow[] {
  const rows: LaneRow[] = [...passes.map((pass) => ({ lane: 'gateway' as const, pass })), ...discovery.map((pass) => ({ lane: 'discovery' as const, pass }))];
  return rows.sort((a, b) => Date.parse(b.pass.startedAt) - Date.parse(a.pass.startedAt) || (a.lane === 'gateway' ? -1 : 1));
}

/** The timeline view; `passId` selects a pass (the newest by default). */
export function TimelineView(props: { passId?: number }): ReactNode {
  const passes = useLiveState((s) => s.passes);
  const lastPassId = useLiveState((s) => s.lastPassId);
  const discovery = useQuery((c) => c.discovery().catch(() => undefined), [lastPassId]);
  const rows = useMemo(() => laneRows(passes, discovery.data?.passes ?? []), [passes, discovery.data]);
  const selectedId = props.passId ?? passes[0]?.id;
  const index = rows.findIndex((r) => r.lane === 'gateway' && r.pass.id === selectedId);
  const lanes = (discovery.data?.passes.length ?? 0) > 0;
  return (
    <div className="view view-timeline">
      <div className="split">
        <div className="pane pane-list">
          {lanes && <div className="lane-legend muted"><span className="lane-mark lane-gateway" /> gateway loop <span className="lane-mark lane-discovery" /> discovery loop</div>}
          {passes.length === 0 ? <Empty>No pass has run yet. A pass runs when the store changes: save an object (<a href="#/new/VirtualService">+ VirtualService</a>) or edit a file in the store's folder.</Empty> : (
            <WindowedList items={rows} rowHeight={ROW_HEIGHT} label="Passes" rowKey={(r) => `${r.lane}:${r.pass.id}`} scrollToIndex={index >= 0 ? index : undefined}
              renderRow={(r) => (r.lane === 'gateway' ? <PassRow pass={r.pass} selected={r.pass.id === selectedId} /> : <DiscoveryRow pass={r.pass} />)} />
          )}
        </div>
        <div className="pane pane-main scroll">
          {selectedId === undefined ? <Empty>Select a pass.</Empty> : <PassDetailView key={selectedId} id={selectedId} latest={selectedId === passes[0]?.id} />}
        </div>
      </div>
    </div>
  );
}

function PassRow(props: { pass: PassSummary; selected: boolean }): ReactNode {
  const p = props.pass;
  const c = p.counts;
  const published = Object.keys(p.published).length;
  const summary = passSummaryLine(p);
  return (
    <a className={`pass-row lane-gateway ${props.selected ? 'selected' : ''} ${c.rejected || c.errors ? 'pass-bad' : ''}`} href={formatRoute({ view: 'timeline', passId: p.id })}
      data-testid="pass-row" data-pass-id={p.id} data-rejected={c.rejected} data-errors={c.errors}>
      <span className="pass-id">#{p.id}</span>
      <span className="muted"><Time iso={p.startedAt} /></span>
      <span className="pass-trigger" title={p.trigger}>{p.trigger}</span>
      <span>{p.objectsChanged} changed</span>
      <span className="counts-mini">
        <span className="c-ok" title="accepted">✓{c.accepted}</span>
        {c.warning > 0 && <span className="c-warn" title="warning">⚠{c.warning}</span>}
        {c.rejected > 0 && <span className="c-bad" title="rejected">✗{c.rejected}</span>}
        {c.errors > 0 && <span className="c-bad" title="file errors">!{c.errors}</span>}
        {published > 0 && <span className="muted" title="proxies published">→{published}</span>}
      </span>
      <span className="muted right">{p.durationMs.toFixed(1)} ms</span>
      <span className="pass-summary" data-testid="pass-summary" title={summary}>{summary || (published ? 'xDS published' : '')}</span>
    </a>
  );
}

function DiscoveryRow(props: { pass: DiscoveryPassView }): ReactNode {
  const d = props.pass;
  const line = discoveryLine(d);
  const effect = d.gatewayPass !== undefined ? ` → pass #${d.gatewayPass}${d.published && Object.keys(d.published).length ? ' → xDS change' : ''}` : '';
  return (
    <a className="pass-row lane-discovery" data-testid="discovery-pass-row" data-discovery-id={d.id} title={`${line}${effect} (${d.trigger})`}
      href={d.gatewayPass !== undefined ? formatRoute({ view: 'timeline', passId: d.gatewayPass }) : '#/discovery'}>
      <span className="pass-id">D{d.id}</span>
      <span className="muted"><Time iso={d.startedAt} /></span>
      <span className="pass-summary">{line}{effect}</span>
    </a>
  );
}

/** The objects whose state changed and the file problems that appeared or cleared, with links. */
function PassChangesView(props: { pass: PassSummary }): ReactNode {
  const c = props.pass.changes;
  const resources = useLiveState((s) => s.resources);
  if (!c || (!c.states.length && !c.problemsAppeared.length && !c.problemsCleared.length)) return null;
  const objectOfFile = (file: string) => resources.find((r) => r.source?.file === file && !r.generated);
  const problem = (p: FileProblem, cleared: boolean) => {
    const o = objectOfFile(p.file);
    const where = `${p.file}:${p.line}:${p.column}`;
    return (
      <li key={`${cleared ? 'c' : 'a'}${where}${p.message}`} className={cleared ? 'muted' : ''}>
        {cleared ? 'cleared: ' : 'file problem: '}{o ? <a href={editorHash(o)} className="mono">{where}</a> : <code>{where}</code>} {p.message}
      </li>
    );
  };
  return (
    <section className="pass-changes" data-testid="pass-changes">
      <h3>What changed</h3>
      <ul className="problems">
        {c.problemsAppeared.map((p) => problem(p, false))}
        {c.problemsCleared.map((p) => problem(p, true))}
        {c.states.map((s) => (
          <li key={`${s.kind}/${s.namespace}/${s.name}`}>
            {s.to ? <SourceLink source={s} /> : <span className="mono">{s.kind} {s.namespace}/{s.name}</span>}{' '}
            <span>{stateChangeText(s).slice(`${s.kind} ${s.namespace}/${s.name}`.length)}</span>
            {s.reason && <>: <span className="muted"><TextWithTimes text={s.reason} /></span></>}
          </li>
        ))}
        {c.statesOmitted > 0 && <li className="muted">… and {c.statesOmitted} more objects</li>}
      </ul>
    </section>
  );
}

function PassDetailView(props: { id: number; latest: boolean }): ReactNode {
  const client = useEngine();
  const pass = useQuery((c) => c.getPass(props.id), [props.id]);
  const [showUnchanged, setShowUnchanged] = useState(false);
  const input = useMemo(() => diffModel(pass.data?.inputDiff), [pass.data]);
  const proxies = useMemo(() => (pass.data?.proxyDiff ? diffModel(pass.data.proxyDiff) : undefined), [pass.data]);
  const xds = useMemo(() => diffModel(pass.data?.xdsDiff), [pass.data]);
  const resolve = useMemo(() => fullValueResolver(client), [client, props.id]);
  if (pass.error) return <Banner tone="error">{pass.error}</Banner>;
  const p = pass.data;
  if (!p) return <Empty>Loading pass #{props.id}…</Empty>;
  return (
    <div className="pass-detail" data-testid="pass-detail" data-pass-id={p.id}>
      <div className="toolbar">
        <strong>Pass #{p.id}</strong>
        <span className="muted"><Time iso={p.startedAt} /> · {p.trigger} · {p.durationMs.toFixed(1)} ms · input {p.inputHash.slice(0, 12)}</span>
        <span>{p.counts.accepted} accepted · {p.counts.warning} warning · {p.counts.rejected} rejected · {p.counts.errors} file errors</span>
        <span className="spacer" />
        <label className="toggle" title={props.latest ? '' : 'Only the newest pass can show unchanged fields (they are read from the current state)'}>
          <input type="checkbox" checked={showUnchanged} disabled={!props.latest} onChange={(e) => setShowUnchanged(e.target.checked)} /> Show unchanged fields
        </label>
      </div>
      {Object.keys(p.published).length > 0 && (
        <div className="published">Published: {Object.entries(p.published).map(([proxy, v]) => <span key={proxy} className="mono chip">{proxy} @ {v || 'removed'}</span>)}</div>
      )}
      <PassChangesView pass={p} />
      <div className="diff-columns">
        <DiffPane title="Input (objects)" model={input} showUnchanged={showUnchanged} resolveFull={resolve} testId="input-diff" noChange={inputNoChangeNote(p)} />
        {proxies && <DiffPane title="Generated Proxies" model={proxies} showUnchanged={false} testId="proxy-diff" />}
        <DiffPane title="xDS" model={xds} showUnchanged={showUnchanged} resolveFull={resolve} testId="xds-diff" noChange={xdsNoChangeNote(p)} />
      </div>
    </div>
  );
}
