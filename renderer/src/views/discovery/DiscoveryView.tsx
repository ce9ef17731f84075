// Discovery (`#/discovery`): the second loop. Each source and what it found; every Upstream with its
// owner, what function discovery probed and the outcome, and an Adopt button that makes a discovered
// Upstream the user's own; the discovery loop's passes, each leading to the gateway pass it caused.
import { useEffect, useState, type ReactNode } from 'react';
import type { UpstreamDiscoveryView } from '../../../../core/common/discovery/discovery-view';
import { Banner, Empty } from '../../components/Banner';
import { TextWithTimes, Time } from '../../components/Time';
import { editorHash, formatRoute } from '../../router/routes';
import { useEngine, useQuery } from '../../state/store-context';
import { canAdopt, ownerText, passChain, sourceState, statusLine } from './discovery-model';

/** How often the view asks the engine again. */
const REFRESH_MS = 1000;

/** The Discovery view. */
export function DiscoveryView(): ReactNode {
  const client = useEngine();
  const [tick, setTick] = useState(0);
  const [notice, setNotice] = useState<{ tone: 'ok' | 'error'; text: string }>();
  useEffect(() => {
    const timer = setInterval(() => setTick((t) => t + 1), REFRESH_MS);
    return () => clearInterval(timer);
  }, []);
  const query = useQuery((c) => c.discovery(), [tick]);
  const view = query.data;

  async function adopt(u: UpstreamDiscoveryView): Promise<void> {
    try {
      await client.adoptUpstream({ kind: 'Upstream', namespace: u.namespace, name: u.name });
      setNotice({ tone: 'ok', text: `Upstream ${u.namespace}/${u.name} is yours now: discovery no longer changes or deletes it.` });
      setTick((t) => t + 1);
    } catch (err) {
      setNotice({ tone: 'error', text: `Could not adopt ${u.namespace}/${u.name}: ${(err as Error).message}` });
    }
  }

  if (!view) return <div className="view"><Empty>{query.error ?? 'Loading discovery…'}</Empty></div>;
  return (
    <div className="view view-discovery">
      <div className="toolbar"><span data-testid="discovery-status">{statusLine(view)}</span></div>
      {view.problems.map((p) => <Banner key={p} tone="warning">{p}</Banner>)}
      {notice && <Banner tone={notice.tone} testId="discovery-notice">{notice.text}</Banner>}
      <div className="split">
        <div className="pane pane-main">
          <h3>Sources</h3>
          {view.sources.length === 0 ? <Empty>Discovery is off: no source runs. Start serve with <code>--discovery local</code> (listening sockets on this machine), or name sources in the Settings object's <code>discovery</code> block.</Empty> : (
            <table className="grid">
              <thead><tr><th>Source</th><th>Label</th><th>Last scan</th><th>Found</th></tr></thead>
              <tbody>
                {view.sources.map((s) => (
                  <tr key={s.label} data-testid="discovery-source" data-kind={s.kind}>
                    <td>{s.kind}</td><td className="mono">discovered_by: {s.label}</td>
                    <td className="muted">{s.lastScanAt ? <Time iso={s.lastScanAt} /> : '—'}</td>
                    <td>{sourceState(s)}{s.found.length > 0 && <ul className="discovery-found">{s.found.slice(0, 50).map((f) => <li key={f.name}><span className="mono">{f.name}</span> <span className="muted">{f.found}</span></li>)}</ul>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <h3>Upstreams and their functions</h3>
          {view.upstreams.length === 0 ? <Empty>No Upstream yet. Start a service on this machine (with the local source on) and it appears here within a second, or write one: <a href="#/new/Upstream">+ Upstream</a>.</Empty> : (
            <table className="grid">
              <thead><tr><th>Upstream</th><th>Owner</th><th>Function discovery</th><th /></tr></thead>
              <tbody>
                {view.upstreams.map((u) => (
                  <tr key={`${u.namespace}/${u.name}`} data-testid="discovery-upstream" data-name={u.name} data-owner={u.deleted ? 'deleted' : u.owner}>
                    <td>{u.deleted ? <span className="mono">{u.namespace}/{u.name}</span> : <a className="mono" href={editorHash({ kind: 'Upstream', namespace: u.namespace, name: u.name })}>{u.namespace}/{u.name}</a>}</td>
                    <td>{ownerText(u)}{(u.note || u.deleted) && <div className="muted"><TextWithTimes text={u.deleted ?? u.note ?? ''} /></div>}</td>
                    <td>
                      <span data-testid="fds-summary">{u.fds.summary}</span>
                      {u.fds.state === 'found' && !u.fds.written && <div className="muted">not written: discovery writes only Upstreams it owns</div>}
                      {u.fds.steps.length > 0 && (
                        <details><summary>{u.fds.steps.length} probe{u.fds.steps.length === 1 ? '' : 's'}{u.fds.functions.length ? `, ${u.fds.functions.length} functions` : ''}</summary>
                          <ul>{u.fds.steps.map((s, i) => <li key={i}><span className="mono">{s.what}</span>: {s.outcome}</li>)}</ul>
                          {u.fds.functions.length > 0 && <div className="mono">{u.fds.functions.join(', ')}</div>}
                        </details>
                      )}
                    </td>
                    <td>{canAdopt(u) && <button type="button" data-testid="adopt" onClick={() => void adopt(u)} title="Make it your own object, without the discovered_by label">Adopt</button>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
        <div className="pane pane-side">
          <h3>Discovery loop</h3>
          {view.passes.length === 0 ? <Empty>No discovery pass has written anything yet: a pass writes when a source finds a new service, or function discovery finds its functions.</Empty> : (
            <ol className="discovery-passes">
              {view.passes.map((p) => (
                <li key={p.id} data-testid="discovery-pass">
                  <div className="muted"><Time iso={p.startedAt} /> · {p.trigger}</div>
                  <div>{p.gatewayPass === undefined ? passChain(p) : <a href={formatRoute({ view: 'timeline', passId: p.gatewayPass })}>{passChain(p)}</a>}</div>
                </li>
              ))}
            </ol>
          )}
        </div>
      </div>
    </div>
  );
}
