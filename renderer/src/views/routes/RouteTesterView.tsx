// Route tester (`#/routes`): a request form → simulateRoute → the matched virtual host, route and destination,
// highlighted in the proxy's route table.
import { Fragment, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import type { RouteDecision } from '../../../../core/common/route/decision';
import { mirrorText, retryText } from '../../../../core/common/route/format-decision';
import { Banner, Empty } from '../../components/Banner';
import { SourceLink } from '../../components/SourceLink';
import { TextWithTimes } from '../../components/Time';
import { useEngine, useFileErrors, useLiveState, useQuery } from '../../state/store-context';
import { setUi } from '../../state/ui-state';
import { RouteList, type RowHighlight } from '../xds/RouteList';
import { proxiesOf, routeRows, type XdsRouteRow } from '../xds/xds-model';
import { olderVersions } from './answer-versions';
import { asDecision, EMPTY_FORM, requestOfForm, type RouteForm } from './route-form';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

/** The route tester view. */
export function RouteTesterView(): ReactNode {
  const client = useEngine();
  const lastPassId = useLiveState((s) => s.lastPassId);
  const xds = useQuery((c) => c.getXds(), [lastPassId]);
  const proxies = useMemo(() => proxiesOf(xds.data), [xds.data]);
  const [form, setForm] = useState<RouteForm>(EMPTY_FORM);
  const [answer, setAnswer] = useState<{ raw: unknown; decision?: RouteDecision } | undefined>();
  const [error, setError] = useState<string | undefined>();

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    setError(undefined);
    try {
      const raw = await client.simulateRoute(requestOfForm(form));
      const decision = asDecision(raw);
      setAnswer({ raw, decision });
      if (decision) setUi({ lastRoute: { label: `${form.method} ${form.host || '*'}${form.path || '/'}`, decision } });
    } catch (err) {
      setError((err as Error).message);
    }
  }

  const field = (name: keyof RouteForm) => ({ value: form[name], onChange: (e: { target: { value: string } }) => setForm({ ...form, [name]: e.target.value }) });
  const proxy = proxies.find((p) => p.node === (answer?.decision?.proxy ?? form.proxy)) ?? proxies[0];

  return (
    <div className="view view-routes">
      <form className="route-form toolbar" onSubmit={(e) => void submit(e)} data-testid="route-form">
        <select aria-label="Method" {...field('method')}>{METHODS.map((m) => <option key={m}>{m}</option>)}</select>
        <input aria-label="Host" placeholder="host (e.g. shop.example.com)" {...field('host')} />
        <input aria-label="Path" className="grow" placeholder="/path?query" {...field('path')} />
        <select aria-label="Proxy" {...field('proxy')}>
          <option value="">default proxy</option>
          {proxies.map((p) => <option key={p.node} value={p.node}>{p.node}</option>)}
        </select>
        <button type="submit" className="primary">Test route</button>
      </form>
      <div className="split">
        <div className="pane pane-side">
          <label className="stack">Headers <span className="muted">(one `Name: value` per line)</span>
            <textarea aria-label="Headers" rows={6} {...field('headers')} />
          </label>
          {error && <Banner tone="error">{error}</Banner>}
          {answer?.decision && <OlderVersionNote decision={answer.decision} />}
          {answer && (answer.decision ? <DecisionCard decision={answer.decision} /> : <pre className="json-text">{JSON.stringify(answer.raw, null, 2)}</pre>)}
          {!answer && !error && <Empty>Type a host and a path (for example a domain of one of your VirtualServices) and press Test route: the answer shows the virtual host, route and destination the served config picks.</Empty>}
          {answer?.decision?.matched && <p><a href="#/topology" data-testid="show-in-topology">Show this request's path in the topology</a></p>}
        </div>
        <div className="pane pane-main pane-fill">
          {proxy ? <HighlightedRoutes proxy={proxy} decision={answer?.decision} /> : <Empty>No proxy has routes yet: create a VirtualService (<a href="#/new/VirtualService">+ VirtualService</a>) and its routes appear here.</Empty>}
        </div>
      </div>
    </div>
  );
}

/** Says when the answer comes from a version other than the current one (last accepted, or last read before a file error). */
function OlderVersionNote(props: { decision: RouteDecision }): ReactNode {
  const resources = useLiveState((s) => s.resources);
  const fileErrors = useFileErrors();
  const older = useMemo(() => olderVersions(props.decision, resources, fileErrors), [props.decision, resources, fileErrors]);
  if (!older.length) return null;
  return (
    <Banner tone="warning" testId="answer-older-version">
      This answer comes from an older version than the one in your files:
      <ul className="problems">
        {older.map((o) => <li key={`${o.kind}/${o.namespace}/${o.name}`}><SourceLink source={o} />: <TextWithTimes text={o.why} /></li>)}
      </ul>
    </Banner>
  );
}

function DecisionCard(props: { decision: RouteDecision }): ReactNode {
  const d = props.decision;
  if (!d.matched) {
    return (
      <div className="decision decision-miss" data-testid="route-result" data-matched="false">
        <h3>No route matched</h3>
        <p>{d.reason}</p>
        {d.virtualHost && <p>Virtual host: <span className="mono">{d.virtualHost.name}</span> {d.virtualHost.source && <SourceLink source={d.virtualHost.source} />}</p>}
        {d.warnings?.map((w, i) => <p key={i} className="warn-text">{w}</p>)}
      </div>
    );
  }
  const a = d.action;
  return (
    <div className="decision decision-hit" data-testid="route-result" data-matched="true">
      <h3>Matched</h3>
      <dl>
        <dt>Listener</dt><dd className="mono">{d.listener}{d.filterChain !== undefined ? ` (chain ${d.filterChain})` : ''}</dd>
        <dt>Virtual host</dt><dd><span className="mono hl">{d.virtualHost.name}</span> {d.virtualHost.source && <SourceLink source={d.virtualHost.source} />}</dd>
        <dt>Route</dt><dd><span className="mono hl">#{d.route.index} {d.route.name}</span> {d.route.source && <SourceLink source={d.route.source} />}</dd>
        <dt>Action</dt><dd>{a.type}{a.note ? ` — ${a.note}` : ''}</dd>
        {a.destinations?.map((dst) => (
          <DestinationRow key={dst.cluster} cluster={dst.cluster} weight={dst.weight} missing={dst.missing} upstream={dst.upstream} />
        ))}
        {a.pathAfterRewrite && <><dt>Upstream path</dt><dd className="mono">{a.pathAfterRewrite}</dd></>}
        {a.hostAfterRewrite && <><dt>Upstream host</dt><dd className="mono">{a.hostAfterRewrite}</dd></>}
        {a.mirrors?.map((m) => <Fragment key={m.cluster}><dt>Mirror</dt><dd className="mono" data-testid="route-mirror">{mirrorText(m)}</dd></Fragment>)}
        {a.retries && <><dt>Retries</dt><dd className="mono">{retryText(a.retries)}</dd></>}
        {a.hashOn && <><dt>Hash on</dt><dd className="mono">{a.hashOn.join(', ')}</dd></>}
        {d.filters?.map((f) => <Fragment key={f.name}><dt>Filter</dt><dd data-testid="route-filter"><span className="mono">{f.name}</span> {f.runs ? 'runs' : <span className="muted">skipped</span>}{f.note ? ` — ${f.note}` : ''}</dd></Fragment>)}
        {a.redirect && <><dt>Redirect</dt><dd className="mono">{a.redirect.status} {a.redirect.location}</dd></>}
        {a.directResponse && <><dt>Direct response</dt><dd className="mono">{a.directResponse.status} {a.directResponse.body ?? ''}</dd></>}
      </dl>
      {d.warnings?.map((w, i) => <p key={i} className="warn-text">{w}</p>)}
    </div>
  );
}

function DestinationRow(props: { cluster: string; weight: number; missing?: true; upstream?: { namespace: string; name: string } }): ReactNode {
  return (
    <>
      <dt>Destination</dt>
      <dd data-testid="route-destination">
        <span className="mono hl">{props.cluster}</span> <span className="muted">weight {props.weight}</span>{' '}
        {props.upstream && <SourceLink source={{ kind: 'Upstream', ...props.upstream }} />}
        {props.missing && <span className="nack"> cluster missing (Envoy answers 503)</span>}
      </dd>
    </>
  );
}

function HighlightedRoutes(props: { proxy: ReturnType<typeof proxiesOf>[number]; decision?: RouteDecision }): ReactNode {
  const rows = useMemo(() => routeRows(props.proxy), [props.proxy]);
  const d = props.decision;
  const highlight = (r: XdsRouteRow): RowHighlight => {
    const inHost = d?.virtualHost !== undefined && r.virtualHost === d.virtualHost.name && (!d.routeConfig || d.routeConfig === r.routeConfig);
    if (!inHost) return undefined;
    return d?.matched && d.route.index === r.index ? 'hit' : 'host';
  };
  if (rows.length === 0) return <Empty>No route yet: create a VirtualService (<a href="#/new/VirtualService">+ VirtualService</a>) and its routes appear here.</Empty>;
  return <RouteList rows={rows} highlight={highlight} />;
}
