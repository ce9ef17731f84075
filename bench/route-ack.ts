// Waiting for a proxyless client's route ACK of an edit: shared by the change_to_ack scenarios.
import type { Resource } from '../core/common/model/resource';
import { DEFAULT_PROXY_KEY } from '../core/common/xds/proxy-keys';
import type { Engine } from '../core/node/engine/engine';

const ACK_TIMEOUT_MS = 10_000;

/** Resolves with the time of the first route ACK from nodeId that satisfies accept; rejects on a route NACK or timeout. */
export function nextRouteAck(engine: Engine, nodeId: string, accept: (version: string) => boolean, timeoutMs = ACK_TIMEOUT_MS): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`no route ACK from ${nodeId} within ${timeoutMs} ms`)), timeoutMs);
    const offAck = engine.xds.feedback.onAck((node, type, version) => {
      if (node.id === nodeId && type === 'route' && accept(version)) done(undefined, performance.now());
    });
    const offNack = engine.xds.feedback.onNack((node, type, version, error) => {
      if (node.id === nodeId && type === 'route') done(new Error(`client NACKed route version ${version}: ${error}`));
    });
    function done(err?: Error, at?: number) {
      clearTimeout(timer);
      offAck();
      offNack();
      if (err) reject(err);
      else resolve(at!);
    }
  });
}

/** Whether the engine's newest pass saw the edited VirtualService (specs compared as `stringify` renders them) and the served route version is `version`. */
export function carriesEdit(engine: Engine, edited: Resource, version: string, stringify: (spec: unknown) => string | undefined = JSON.stringify): boolean {
  const vs = engine.loop.latest?.snapshot.objects.VirtualService.find((o) => o.metadata.name === edited.metadata.name);
  const served = engine.cache.getSnapshot(DEFAULT_PROXY_KEY)?.resources.route.version;
  return served === version && stringify(vs?.spec) === stringify(edited.spec);
}
