// Teaching mode on a running engine: the pending change of a paused loop, stage-by-stage stepping, what the
// connected clients did with a stepped pass, and the built-in proxyless client that closes the ACK stage.
import type { AckState, BuiltinClientView, ClientAck, EngineEvent, TeachingView } from '../../common/api/contract';
import { pendingChange } from '../../common/loop/pending-change';
import type { PassRecord, ReconcileLoop } from '../../common/loop/reconcile-loop';
import { StageStepper } from '../../common/loop/stage-stepper';
import { StoreError } from '../../common/model/errors';
import { DEFAULT_PROXY_KEY } from '../../common/xds/proxy-keys';
import type { XdsType } from '../../common/xds/xds-snapshot';
import type { NodeStatus } from '../xds/feedback';
import type { XdsServerHandle } from '../xds/xds-server';
import { firstHost, startBuiltinClient, type BuiltinClient } from './builtin-client';

/** Teaching mode's controls over the engine. */
export interface Teaching {
  view(): TeachingView;
  stepStage(): Promise<TeachingView>;
  /** Runs a whole pass: finishes the one being stepped through, else steps one pass. */
  stepPass(): Promise<void>;
  setPaused(paused: boolean): void;
  startClient(): BuiltinClientView;
  stopClient(): void;
  /** Sends the teaching view again (after a new snapshot or client feedback). */
  changed(): void;
  close(): void;
}

/** Wires teaching mode to a loop and an xDS server; `emit` receives a `teaching` event on every change. */
export function createTeaching(loop: ReconcileLoop, xds: XdsServerHandle, xdsAddress: string, emit: (e: EngineEvent) => void): Teaching {
  let client: BuiltinClient | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const view = (): TeachingView => {
    const pending = loop.isPaused ? pendingChange(loop.latest?.snapshot, loop.pendingSnapshot) : undefined;
    return { paused: loop.isPaused, ...(pending ? { pending } : {}), ...(stepper.view ? { staged: stepper.view } : {}), ...(client ? { builtinClient: client.view } : {}) };
  };
  // Coalesce bursts (a save writes several objects; many nodes ACK at once) into one event.
  const changed = () => {
    timer ??= setTimeout(() => {
      timer = undefined;
      emit({ type: 'teaching', teaching: view() });
    }, 30);
  };
  const stepper = new StageStepper({ loop, onChange: changed, acksOf: (pass) => acksOf(pass, xds.listNodes()) });
  const offFeedback = xds.feedback.onChange(() => stepper.refreshAcks());
  return {
    view,
    async stepStage() {
      if (!loop.isPaused) throw new StoreError('Invalid', 'pause the loop first: stepping by stage works on a paused loop');
      await stepper.next();
      return view();
    },
    setPaused(paused) {
      if (paused) loop.pause();
      else {
        loop.resume();
        void stepper.runToEnd();
      }
      changed();
    },
    async stepPass() {
      if (stepper.busy) await stepper.runToEnd();
      else await loop.step();
      changed();
    },
    startClient() {
      if (client) return client.view;
      const latest = loop.latest?.result.xds;
      const proxy = latest?.has(DEFAULT_PROXY_KEY) ? DEFAULT_PROXY_KEY : [...(latest?.keys() ?? [])][0];
      const host = proxy ? firstHost(latest?.get(proxy)) : undefined;
      if (!proxy || !host) throw new StoreError('Invalid', 'no proxy serves a named host yet: add a VirtualService with a domain, then start the client');
      client = startBuiltinClient(xdsAddress, proxy, host);
      changed();
      return client.view;
    },
    stopClient() {
      client?.close();
      client = undefined;
      changed();
    },
    changed,
    close() {
      clearTimeout(timer);
      offFeedback();
      client?.close();
    },
  };
}

/** What each node of a proxy this pass served did with the pass's versions, per type it subscribed to. */
export function acksOf(pass: PassRecord, nodes: readonly NodeStatus[]): ClientAck[] {
  const out: ClientAck[] = [];
  for (const node of nodes) {
    const snapshot = pass.result.xds.get(node.proxyKey);
    if (!snapshot) continue;
    const types = (Object.entries(node.types) as [XdsType, NonNullable<NodeStatus['types'][XdsType]>][]).map(([type, f]) => {
      const state: AckState = f.nackOutstanding && f.lastNack ? 'nacked' : f.ackedVersion === snapshot.resources[type].version ? 'acked' : 'waiting';
      return { type, state, ...(state === 'nacked' ? { error: f.lastNack!.error } : {}) };
    });
    const nack = types.find((t) => t.state === 'nacked');
    const state: AckState = nack ? 'nacked' : types.length > 0 && types.every((t) => t.state === 'acked') ? 'acked' : 'waiting';
    out.push({ node: node.id, proxy: node.proxyKey, state, ...(nack?.error ? { error: nack.error } : {}), types });
  }
  return out.sort((a, b) => (a.node < b.node ? -1 : a.node > b.node ? 1 : 0));
}
