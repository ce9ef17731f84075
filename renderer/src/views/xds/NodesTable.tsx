// Data-plane nodes connected to the xDS server, with the version each ACKed per type and any NACK.
import type { ReactNode } from 'react';
import type { NodeView } from '../../../../core/common/api/contract';
import { Empty } from '../../components/Banner';
import { Time } from '../../components/Time';

/** Short name of a type URL: `type.googleapis.com/envoy.config.cluster.v3.Cluster` → `Cluster`. */
export function shortType(typeUrl: string): string {
  return typeUrl.split('.').pop() ?? typeUrl;
}

/** A table of nodes; NACKs are shown in red with Envoy's error text. */
export function NodesTable(props: { nodes: readonly NodeView[] }): ReactNode {
  if (props.nodes.length === 0) return <Empty>No Envoy or gRPC client is connected. Point one at the xDS address (see the Envoy view), start serve with <code>--envoy auto</code>, or start the built-in client in the Teach view.</Empty>;
  return (
    <div className="nodes">
      {props.nodes.map((n) => (
        <div key={n.id} className="node-card" data-testid="node">
          <div><strong className="mono">{n.id}</strong> <span className="muted">{n.proxy} · {n.stream} · since <Time iso={n.connectedAt} /></span></div>
          {n.warning && <div className="warn-text">{n.warning}</div>}
          <table className="grid compact">
            <tbody>
              {Object.entries(n.types).map(([type, t]) => (
                <tr key={type} className={t.nack ? 'row-nack' : ''}>
                  <td>{shortType(type)}</td>
                  <td className="mono">{t.ackedVersion ?? '—'}</td>
                  <td>{t.nack ? <span className="nack">NACK: {t.nack}</span> : t.ackLatencyMs !== undefined ? <span className="muted">{t.ackLatencyMs} ms</span> : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
    </div>
  );
}
