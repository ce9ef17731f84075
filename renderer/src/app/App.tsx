// The application frame: header (navigation, store, connection, teaching controls) and the routed view.
import type { ReactNode } from 'react';
import { Banner } from '../components/Banner';
import { NAV_ITEMS, type Route } from '../router/routes';
import { useRoute } from '../router/use-route';
import { attentionCount } from '../state/live-state';
import { useLiveState } from '../state/store-context';
import { ObjectEditorView } from '../views/editor/EditorView';
import { EnvoyView } from '../views/envoy/EnvoyView';
import { ResourcesView } from '../views/resources/ResourcesView';
import { RouteTesterView } from '../views/routes/RouteTesterView';
import { TimelineView } from '../views/timeline/TimelineView';
import { TopologyView } from '../views/topology/TopologyView';
import { XdsView } from '../views/xds/XdsView';
import { TeachingBar } from './TeachingBar';

function routedView(route: Route): ReactNode {
  switch (route.view) {
    case 'resources': return <ResourcesView />;
    case 'editor': return <ObjectEditorView target={{ key: route.key }} />;
    case 'new': return <ObjectEditorView target={{ newKind: route.kind }} />;
    case 'timeline': return <TimelineView passId={route.passId} />;
    case 'xds': return <XdsView proxy={route.proxy} />;
    case 'topology': return <TopologyView />;
    case 'routes': return <RouteTesterView />;
    case 'envoy': return <EnvoyView />;
  }
}

function navActive(item: Route['view'], route: Route): boolean {
  return item === route.view || (item === 'resources' && (route.view === 'editor' || route.view === 'new'));
}

/** The whole UI. */
export function App(): ReactNode {
  const route = useRoute();
  const info = useLiveState((s) => s.info);
  const connection = useLiveState((s) => s.connection);
  const error = useLiveState((s) => s.error);
  const resources = useLiveState((s) => s.resources);
  const problems = useLiveState((s) => s.problems);
  const attention = attentionCount({ resources, problems });

  return (
    <div className="app">
      <header className="header">
        <span className="brand">xds-sandbox</span>
        <nav className="nav">
          {NAV_ITEMS.map((item) => (
            <a key={item.view} href={item.hash} className={navActive(item.view, route) ? 'nav-on' : ''}>
              {item.label}{item.view === 'resources' && attention > 0 && <span className="nav-count" title="need attention">{attention}</span>}
            </a>
          ))}
        </nav>
        <span className="spacer" />
        <TeachingBar />
        <span className={`conn conn-${connection}`} title={`events: ${connection}`} data-testid="connection">●</span>
        <span className="store mono" title={info?.store}>{info?.store ?? '…'}</span>
      </header>
      {connection === 'unauthorized' && <Banner tone="error">This page's access token is no longer valid (the server restarted?). Open the URL that <code>xds-sandbox serve</code> printed.</Banner>}
      {connection === 'closed' && <Banner tone="warning">Lost the connection to the engine; reconnecting…</Banner>}
      {error && connection !== 'unauthorized' && <Banner tone="error">{error}</Banner>}
      <main className="main">{routedView(route)}</main>
    </div>
  );
}
