// xDS (`#/xds`, `#/xds/<proxy>`): the generated config per proxy as routes, a tree or JSON, linked back to
// source objects; and the connected data-plane nodes with their ACKed versions and NACK errors.
import { useDeferredValue, useMemo, useState, type ReactNode } from 'react';
import type { MetadataJson } from '../../../../core/common/gen/envoy/envoy/config/core/v3/base_pb';
import { sourceFromMetadata } from '../../../../core/common/route/decision';
import type { TranslatedProxy } from '../../../../core/common/xds/translate-output';
import { Banner, Empty } from '../../components/Banner';
import { JsonTree } from '../../components/JsonTree';
import { SourceLink } from '../../components/SourceLink';
import { RouteList } from './RouteList';
import { formatRoute } from '../../router/routes';
import { useLiveState, useQuery } from '../../state/store-context';
import { NodesTable } from './NodesTable';
import { listenerRows, proxiesOf, routeMatchesFilter, routeRows } from './xds-model';

type Mode = 'routes' | 'tree' | 'json';

/** The xDS view; `proxy` picks the proxy (the first one by default). */
export function XdsView(props: { proxy?: string }): ReactNode {
  const lastPassId = useLiveState((s) => s.lastPassId);
  const nodes = useLiveState((s) => s.nodes);
  const xds = useQuery((c) => c.getXds(), [lastPassId]);
  const proxies = useMemo(() => proxiesOf(xds.data), [xds.data]);
  const [mode, setMode] = useState<Mode>('routes');
  const proxy = proxies.find((p) => p.node === props.proxy) ?? proxies[0];

  return (
    <div className="view view-xds">
      <div className="toolbar">
        <span className="muted">Proxy</span>
        {proxies.map((p) => (
          <a key={p.node} className={`tab ${p === proxy ? 'tab-on' : ''}`} href={formatRoute({ view: 'xds', proxy: p.node })}>{p.node}</a>
        ))}
        {proxy && <span className="muted mono">version {proxy.version}</span>}
        <span className="spacer" />
        {(['routes', 'tree', 'json'] as const).map((m) => (
          <button key={m} type="button" className={`tab ${m === mode ? 'tab-on' : ''}`} onClick={() => setMode(m)}>{m === 'routes' ? 'Routes' : m === 'tree' ? 'Tree' : 'JSON'}</button>
        ))}
      </div>
      {xds.error && <Banner tone="error">{xds.error}</Banner>}
      <div className="split">
        <div className={`pane pane-main ${mode === 'routes' ? 'pane-fill' : ''}`}>
          {!proxy ? <Empty>{xds.loading ? 'Loading…' : <>No proxy has config yet. A VirtualService makes one (without a Gateway, Gloo's default gateways are used): <a href="#/new/VirtualService">+ VirtualService</a>.</>}</Empty>
            : mode === 'routes' ? <RoutesTable proxy={proxy} />
              : mode === 'tree' ? <JsonTree value={proxy} openDepth={2} annotate={annotateSource} />
                : <pre className="json-text" data-testid="xds-json">{JSON.stringify(proxy, null, 2)}</pre>}
        </div>
        <div className="pane pane-side">
          <h3>Connected nodes</h3>
          <NodesTable nodes={nodes} />
        </div>
      </div>
    </div>
  );
}

function annotateSource(value: unknown): ReactNode {
  const source = sourceFromMetadata((value as { metadata?: MetadataJson }).metadata);
  return source ? <SourceLink source={source} /> : null;
}

function RoutesTable(props: { proxy: TranslatedProxy }): ReactNode {
  const rows = useMemo(() => routeRows(props.proxy), [props.proxy]);
  const listeners = useMemo(() => listenerRows(props.proxy), [props.proxy]);
  const [filter, setFilter] = useState('');
  const deferred = useDeferredValue(filter);
  const shown = useMemo(() => (deferred.trim() ? rows.filter((r) => routeMatchesFilter(r, deferred)) : rows), [rows, deferred]);
  return (
    <div className="routes-pane">
      <table className="grid">
        <thead><tr><th>Listener</th><th>Port</th><th>Route configurations</th></tr></thead>
        <tbody>{listeners.map((l) => <tr key={l.name}><td className="mono">{l.name}</td><td>{l.port ?? ''}</td><td className="mono">{l.routeConfigs.join(', ')}</td></tr>)}</tbody>
      </table>
      <div className="toolbar">
        <input className="search" type="search" aria-label="Filter routes" placeholder="Filter routes by domain, path, cluster, source…" value={filter} onChange={(e) => setFilter(e.target.value)} data-testid="xds-filter" />
        <span className="muted" data-testid="xds-route-count">{shown.length === rows.length ? `${rows.length} routes` : `${shown.length} of ${rows.length} routes`}</span>
      </div>
      {rows.length === 0 ? <Empty>This proxy has no routes: give a VirtualService a route (<a href="#/new/VirtualService">+ VirtualService</a>).</Empty>
        : shown.length === 0 ? <Empty>No route matches “{deferred}”. <button type="button" className="link" onClick={() => setFilter('')}>Clear the filter</button></Empty>
          : <RouteList rows={shown} testId="xds-routes" />}
    </div>
  );
}
