// The application frame: header (navigation, teaching controls, connection, store) and the routed view, plus
// presenter mode, the hideable header, the `?` shortcuts overlay and the guided tour.
import type { ReactNode } from 'react';
import { Banner } from '../components/Banner';
import { NAV_ITEMS, type Route } from '../router/routes';
import { useRoute } from '../router/use-route';
import { attentionCount } from '../state/live-state';
import { useLiveState } from '../state/store-context';
import { setUi, useUi } from '../state/ui-state';
import { ObjectEditorView } from '../views/editor/EditorView';
import { EnvoyView } from '../views/envoy/EnvoyView';
import { ResourcesView } from '../views/resources/ResourcesView';
import { RouteTesterView } from '../views/routes/RouteTesterView';
import { TeachView } from '../views/teach/TeachView';
import { DiscoveryView } from '../views/discovery/DiscoveryView';
import { ChangesetModeBadge } from '../views/changesets/ChangesetModeBadge';
import { LeaderBadge } from './LeaderBadge';
import { ChangesetsView } from '../views/changesets/ChangesetsView';
import { TimelineView } from '../views/timeline/TimelineView';
import { TopologyView } from '../views/topology/TopologyView';
import { XdsView } from '../views/xds/XdsView';
import { ShortcutsOverlay } from './ShortcutsOverlay';
import { TeachingBar } from './TeachingBar';
import { Tour } from './Tour';
import { useCommands } from './use-commands';

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
    case 'teach': return <TeachView />;
    case 'discovery': return <DiscoveryView />;
    case 'changesets': return <ChangesetsView name={route.name} />;
  }
}

function navActive(item: Route['view'], route: Route): boolean {
  return item === route.view || (item === 'resources' && (route.view === 'editor' || route.view === 'new'));
}

const CONNECTION_TEXT = { open: 'Connected', connecting: 'Connecting…', closed: 'Reconnecting…', unauthorized: 'Not authorized' } as const;

/** The whole UI. */
export function App(): ReactNode {
  const route = useRoute();
  const info = useLiveState((s) => s.info);
  const connection = useLiveState((s) => s.connection);
  const error = useLiveState((s) => s.error);
  const resources = useLiveState((s) => s.resources);
  const problems = useLiveState((s) => s.problems);
  const presenter = useUi((s) => s.presenter);
  const chromeHidden = useUi((s) => s.chromeHidden);
  const shortcutsOpen = useUi((s) => s.shortcutsOpen);
  const tourStep = useUi((s) => s.tourStep);
  const attention = attentionCount({ resources, problems });
  useCommands();

  return (
    <div className={`app ${presenter ? 'presenter' : ''} ${chromeHidden ? 'chrome-hidden' : ''}`}>
      {chromeHidden ? (
        <button type="button" className="show-chrome" onClick={() => setUi({ chromeHidden: false })} aria-keyshortcuts="h">Show header (H)</button>
      ) : (
        <header className="header">
          <span className="brand">xds-sandbox</span>
          <nav className="nav" aria-label="Views">
            {NAV_ITEMS.map((item) => (
              <a key={item.view} href={item.hash} className={navActive(item.view, route) ? 'nav-on' : ''} aria-current={navActive(item.view, route) ? 'page' : undefined}>
                {item.label}{item.view === 'resources' && attention > 0 && <span className="nav-count" title="need attention">{attention}<span className="sr-only"> need attention</span></span>}
              </a>
            ))}
          </nav>
          <TeachingBar />
          <span className="spacer" />
          <ChangesetModeBadge />
          <LeaderBadge />
          <span className={`conn conn-${connection}`} title={`events: ${connection}`} data-testid="connection" role="status">
            <span aria-hidden="true">{connection === 'open' ? '●' : connection === 'unauthorized' ? '✕' : '○'}</span> {CONNECTION_TEXT[connection]}
          </span>
          <span className="store mono" title={info?.store}>{info?.store ?? '…'}</span>
          <button type="button" className="ghost" onClick={() => setUi({ presenter: !presenter })} aria-pressed={presenter} aria-keyshortcuts="m" data-testid="presenter">Presenter</button>
          <button type="button" className="ghost" onClick={() => setUi({ shortcutsOpen: true })} aria-keyshortcuts="?" aria-label="Keyboard shortcuts">?</button>
        </header>
      )}
      {connection === 'unauthorized' && <Banner tone="error">This page's access token is no longer valid (the server restarted?). Open the URL that <code>xds-sandbox serve</code> printed.</Banner>}
      {connection === 'closed' && <Banner tone="warning">Lost the connection to the engine; reconnecting…</Banner>}
      {error && connection !== 'unauthorized' && <Banner tone="error">{error}</Banner>}
      <main className="main">{routedView(route)}</main>
      {tourStep !== undefined && <Tour step={tourStep} />}
      {shortcutsOpen && <ShortcutsOverlay />}
    </div>
  );
}
