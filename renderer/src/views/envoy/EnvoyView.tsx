// Envoy (`#/envoy`): the local Envoy's state, its admin link and log tail, what it ACKed against what is
// served, and the sandbox's own log.
import { useMemo, type ReactNode } from 'react';
import { Banner, Empty } from '../../components/Banner';
import { useLiveState, useQuery } from '../../state/store-context';
import { shortType } from '../xds/NodesTable';

/** The Envoy view. */
export function EnvoyView(): ReactNode {
  const envoy = useLiveState((s) => s.envoy);
  const nodes = useLiveState((s) => s.nodes);
  const passes = useLiveState((s) => s.passes);
  const logs = useLiveState((s) => s.logs);
  const served = useMemo(() => latestPublished(passes), [passes]);

  return (
    <div className="view view-envoy">
      <div className="toolbar">
        <span className={`envoy-state envoy-${(envoy?.state ?? 'off').replace(' ', '-')}`} data-testid="envoy-state">Envoy: {envoy?.state ?? 'unknown'}</span>
        {envoy?.message && <span className="muted">{envoy.message}</span>}
        <span className="spacer" />
        {envoy?.adminUrl && <a className="button" href={envoy.adminUrl} target="_blank" rel="noreferrer noopener">Admin</a>}
        {envoy?.adminUrl && <a className="button" href={`${envoy.adminUrl.replace(/\/$/, '')}/config_dump`} target="_blank" rel="noreferrer noopener">config_dump</a>}
      </div>
      {envoy?.state === 'crashed' && <Banner tone="error">Envoy exited; see its log below.</Banner>}
      {envoy?.configDiff && envoy.configDiff.length > 0 && (
        <Banner tone="error">Envoy's config_dump differs from what was served: {envoy.configDiff.join('; ')}</Banner>
      )}
      {envoy?.configDiff && envoy.configDiff.length === 0 && <Banner tone="ok">Envoy's config_dump matches what was served.</Banner>}
      <div className="split">
        <div className="pane pane-main">
          <h3>Served vs ACKed</h3>
          {nodes.length === 0 ? <Empty>No data-plane node is connected. Point an Envoy or a proxyless gRPC client at the xDS address above, or start the built-in client in the Teach view.</Empty> : (
            <table className="grid">
              <thead><tr><th>Node</th><th>Proxy</th><th>Served version</th><th>Type</th><th>ACKed</th><th>State</th></tr></thead>
              <tbody>
                {nodes.flatMap((n) => Object.entries(n.types).map(([type, t]) => (
                  <tr key={`${n.id}/${type}`} className={t.nack ? 'row-nack' : ''}>
                    <td className="mono">{n.id}</td><td className="mono">{n.proxy}</td><td className="mono">{served.get(n.proxy) ?? '—'}</td>
                    <td>{shortType(type)}</td><td className="mono">{t.ackedVersion ?? '—'}</td>
                    <td>{t.nack ? <span className="nack">NACK: {t.nack}</span> : t.ackedVersion ? 'in sync' : 'waiting'}</td>
                  </tr>
                )))}
              </tbody>
            </table>
          )}
          <h3>Envoy log</h3>
          <LogTail lines={envoy?.logTail ?? []} empty="No Envoy output." />
        </div>
        <div className="pane pane-side">
          <h3>Sandbox log</h3>
          <LogTail lines={logs} empty="Nothing logged yet." testId="engine-log" />
        </div>
      </div>
    </div>
  );
}

/** The newest version published per proxy key (an empty version means the proxy was removed). */
export function latestPublished(passes: readonly { readonly published: Readonly<Record<string, string>> }[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const p of passes) for (const [proxy, version] of Object.entries(p.published)) if (!out.has(proxy)) out.set(proxy, version);
  return out;
}

function LogTail(props: { lines: readonly string[]; empty: string; testId?: string }): ReactNode {
  if (props.lines.length === 0) return <Empty>{props.empty}</Empty>;
  return <pre className="log" data-testid={props.testId}>{props.lines.slice(-300).join('\n')}</pre>;
}
