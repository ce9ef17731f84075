// Stage 4: which clients ACKed or NACKed the stepped pass. With no client connected it says why nothing can
// ACK and offers the built-in proxyless gRPC client, so the loop closes on stage.
import { useState, type ReactNode } from 'react';
import type { ClientAck, EnvoyView, TeachingView } from '../../../../core/common/api/contract';
import { Banner } from '../../components/Banner';
import { useLiveStore } from '../../state/store-context';

const ACK_WORD: Readonly<Record<ClientAck['state'], string>> = { acked: '✓ ACK', nacked: '✕ NACK', waiting: '… waiting' };

/** Why no client can ACK, from the Envoy state. */
export function noClientReason(envoy: EnvoyView | undefined): string {
  const why = envoy?.state === 'not found' ? `no Envoy binary was found${envoy.message ? ` (${envoy.message})` : ''}`
    : envoy?.state === 'off' ? 'the local Envoy is turned off' : envoy?.state === 'crashed' ? 'the local Envoy crashed' : 'no Envoy is connected';
  return `Nothing can ACK: ${why}, and no proxyless gRPC client has subscribed. The xDS is published and waits for a client.`;
}

/** The ACK stage of the stepped pass (or of the live loop when `acks` is undefined). */
export function AckPanel(props: { teaching?: TeachingView; acks?: readonly ClientAck[]; envoy?: EnvoyView; nodes: number }): ReactNode {
  const store = useLiveStore();
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const start = () => {
    setBusy(true);
    setError(undefined);
    store.startBuiltinClient().catch((e: unknown) => setError(e instanceof Error ? e.message : String(e))).finally(() => setBusy(false));
  };
  const client = props.teaching?.builtinClient;
  const acks = props.acks ?? [];
  return (
    <section className="stage-panel" data-testid="ack-panel" aria-labelledby="ack-title">
      <h3 id="ack-title">Stage 4 · Clients ACK or NACK</h3>
      {acks.length > 0 ? (
        <table className="grid">
          <thead><tr><th scope="col">Node</th><th scope="col">Proxy</th><th scope="col">Answer</th></tr></thead>
          <tbody>
            {acks.map((a) => (
              <tr key={a.node} className={a.state === 'nacked' ? 'row-nack' : ''} data-testid="ack-row" data-state={a.state}>
                <td className="mono">{a.node}</td><td className="mono">{a.proxy}</td>
                <td>
                  <span className={`ack-${a.state}`}>{ACK_WORD[a.state]}</span>
                  <ul className="ack-types">
                    {a.types.map((t) => <li key={t.type} className={`ack-${t.state}`}>{t.type}: {ACK_WORD[t.state]}{t.error ? ` — ${t.error}` : ''}</li>)}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : props.nodes === 0 && !client ? (
        <Banner tone="info" testId="no-client">
          <p>{noClientReason(props.envoy)}</p>
          <button type="button" className="primary" onClick={start} disabled={busy} data-testid="start-client">Start the built-in proxyless client</button>
        </Banner>
      ) : (
        <p className="muted">Waiting for the connected clients to answer…</p>
      )}
      {acks.some((a) => a.error?.includes('unsupported action')) && (
        <p className="warn-text">gRPC clients take only routes that forward to a cluster; a route that redirects or answers directly makes them NACK the whole route configuration, while Envoy serves it.</p>
      )}
      {client && (
        <p className="muted" data-testid="builtin-client">
          Built-in client <span className="mono">{client.nodeId}</span> dials <span className="mono">xds:///{client.host}</span> ({client.proxy}).{' '}
          <button type="button" onClick={() => void store.stopBuiltinClient()} data-testid="stop-client">Stop it</button>
        </p>
      )}
      {error && <Banner tone="error">{error}</Banner>}
    </section>
  );
}
