// Timeline (`#/timeline`, `#/timeline/<id>`): every reconcile pass, newest first; the selected pass shows its
// input diff, the generated Proxy diff between them, and its xDS diff.
import { useMemo, useState, type ReactNode } from 'react';
import type { PassSummary } from '../../../../core/common/api/contract';
import { Banner, Empty } from '../../components/Banner';
import { WindowedList } from '../../components/WindowedList';
import { formatRoute } from '../../router/routes';
import { useEngine, useLiveState, useQuery } from '../../state/store-context';
import { DiffPane } from './DiffPane';
import { diffModel } from './diff-model';
import { fullValueResolver } from './full-values';

const ROW_HEIGHT = 30;

/** The timeline view; `passId` selects a pass (the newest by default). */
export function TimelineView(props: { passId?: number }): ReactNode {
  const passes = useLiveState((s) => s.passes);
  const selectedId = props.passId ?? passes[0]?.id;
  const index = passes.findIndex((p) => p.id === selectedId);
  return (
    <div className="view view-timeline">
      <div className="split">
        <div className="pane pane-list">
          {passes.length === 0 ? <Empty>No pass has run yet.</Empty> : (
            <WindowedList items={passes} rowHeight={ROW_HEIGHT} label="Passes" rowKey={(p) => String(p.id)} scrollToIndex={index}
              renderRow={(p) => <PassRow pass={p} selected={p.id === selectedId} />} />
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
  return (
    <a className={`pass-row ${props.selected ? 'selected' : ''} ${c.rejected || c.errors ? 'pass-bad' : ''}`} href={formatRoute({ view: 'timeline', passId: p.id })}
      data-testid="pass-row" data-pass-id={p.id} data-rejected={c.rejected} data-errors={c.errors}>
      <span className="pass-id">#{p.id}</span>
      <span className="muted">{new Date(p.startedAt).toLocaleTimeString()}</span>
      <span className="pass-trigger">{p.trigger}</span>
      <span>{p.objectsChanged} changed</span>
      <span className="counts-mini">
        <span className="c-ok" title="accepted">✓{c.accepted}</span>
        {c.warning > 0 && <span className="c-warn" title="warning">⚠{c.warning}</span>}
        {c.rejected > 0 && <span className="c-bad" title="rejected">✗{c.rejected}</span>}
        {c.errors > 0 && <span className="c-bad" title="file errors">!{c.errors}</span>}
        {published > 0 && <span className="muted" title="proxies published">→{published}</span>}
      </span>
      <span className="muted right">{p.durationMs.toFixed(1)} ms</span>
    </a>
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
        <span className="muted">{new Date(p.startedAt).toLocaleString()} · {p.trigger} · {p.durationMs.toFixed(1)} ms · input {p.inputHash.slice(0, 12)}</span>
        <span>{p.counts.accepted} accepted · {p.counts.warning} warning · {p.counts.rejected} rejected · {p.counts.errors} file errors</span>
        <span className="spacer" />
        <label className="toggle" title={props.latest ? '' : 'Only the newest pass can show unchanged fields (they are read from the current state)'}>
          <input type="checkbox" checked={showUnchanged} disabled={!props.latest} onChange={(e) => setShowUnchanged(e.target.checked)} /> Show unchanged fields
        </label>
      </div>
      {Object.keys(p.published).length > 0 && (
        <div className="published">Published: {Object.entries(p.published).map(([proxy, v]) => <span key={proxy} className="mono chip">{proxy} @ {v || 'removed'}</span>)}</div>
      )}
      <div className="diff-columns">
        <DiffPane title="Input (objects)" model={input} showUnchanged={showUnchanged} resolveFull={resolve} testId="input-diff" />
        {proxies && <DiffPane title="Generated Proxies" model={proxies} showUnchanged={false} testId="proxy-diff" />}
        <DiffPane title="xDS" model={xds} showUnchanged={showUnchanged} resolveFull={resolve} testId="xds-diff" />
      </div>
    </div>
  );
}
