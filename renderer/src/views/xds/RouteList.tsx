// The routes of a proxy as a virtualised table: virtual host, index, match, action and source object,
// with optional highlighting of a matched virtual host and route.
import type { ReactNode } from 'react';
import { SourceLink } from '../../components/SourceLink';
import { WindowedList } from '../../components/WindowedList';
import type { XdsRouteRow } from './xds-model';

const ROW_HEIGHT = 28;

/** How a row is highlighted: the matched route, another route of the matched virtual host, or not at all. */
export type RowHighlight = 'hit' | 'host' | undefined;

/** Props of RouteList. */
export interface RouteListProps {
  readonly rows: readonly XdsRouteRow[];
  readonly highlight?: (row: XdsRouteRow) => RowHighlight;
  readonly testId?: string;
}

/** The route table; only the rows on screen are rendered. */
export function RouteList(props: RouteListProps): ReactNode {
  const hitIndex = props.highlight ? props.rows.findIndex((r) => props.highlight!(r) === 'hit') : -1;
  return (
    <div className="route-list" data-testid={props.testId}>
      <div className="route-row route-head"><span>Virtual host</span><span>#</span><span>Match</span><span>Action</span><span>Source</span></div>
      <WindowedList items={props.rows} rowHeight={ROW_HEIGHT} label="Routes" scrollToIndex={hitIndex >= 0 ? hitIndex : undefined}
        rowKey={(r) => `${r.routeConfig}/${r.virtualHost}/${r.index}`}
        renderRow={(r) => {
          const mark = props.highlight?.(r);
          return (
            <div className={`route-row ${mark ? `row-${mark}` : ''}`} data-testid={mark === 'hit' ? 'matched-route' : 'route-row'}>
              <span className="mono ellipsis" title={`${r.virtualHost}: ${r.domains.join(' ')}`}>{r.virtualHost} <span className="muted">{r.domains.join(' ')}</span></span>
              <span>{r.index}</span>
              <span className="mono ellipsis" title={r.match}>{r.match}</span>
              <span className="mono ellipsis" title={r.action}>{r.action}</span>
              <span className="ellipsis">{r.source ? <SourceLink source={r.source} /> : r.virtualHostSource ? <SourceLink source={r.virtualHostSource} /> : ''}</span>
            </div>
          );
        }} />
    </div>
  );
}
