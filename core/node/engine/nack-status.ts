// Turns a NACK from a data-plane node into a Warning on the objects the user wrote that produced the rejected resources.
import type { KindName } from '../../common/model/kinds';
import type { Status } from '../../common/model/resource';
import type { PassRecord } from '../../common/loop/reconcile-loop';
import type { ResourceStore } from '../../common/store/resource-client';
import type { XdsType } from '../../common/xds/xds-snapshot';
import { sourcesOfXdsResource } from '../../common/xds/resource-sources';
import { refKey } from '../../common/model/resource';

/** What the node rejected. */
export interface NackInfo {
  readonly node: string;
  readonly proxy: string;
  readonly type: XdsType;
  readonly version: string;
  readonly error: string;
  readonly names: readonly string[];
}

/** Writes a Warning naming the node and its error text onto every source object of the NACKed resources; resolves to their `Kind.namespace.name` keys. */
export async function reportNack(store: ResourceStore, pass: PassRecord | undefined, nack: NackInfo): Promise<string[]> {
  const xds = pass?.result.xds.get(nack.proxy);
  if (!pass || !xds) return [];
  const refs = new Map<string, { kind: KindName; namespace: string; name: string }>();
  for (const name of nack.names) {
    for (const ref of sourcesOfXdsResource(xds, nack.type, name)) refs.set(refKey(ref), ref);
  }
  const reason = `Envoy node ${nack.node} rejected ${nack.type} version ${nack.version}: ${nack.error}; it keeps its previous config`;
  for (const [key, ref] of refs) {
    const current = pass.result.statuses.get(key);
    const status: Status = {
      ...current,
      state: current?.state === 'Rejected' ? 'Rejected' : 'Warning',
      reason: current?.reason ? `${current.reason}\n${reason}` : reason,
      reportedBy: 'xds',
    };
    await store.client(ref.kind).writeStatus(ref, status).catch(() => undefined);
  }
  return [...refs.keys()];
}
