// "Show unchanged": the value of a diff entry after its pass, read from the engine's current state.
import { parse } from 'yaml';
import type { EngineApi } from '../../../../core/common/api/contract';
import type { KindName } from '../../../../core/common/model/kinds';
import { proxiesOf } from '../xds/xds-model';
import type { DiffEntry } from './diff-model';

const FIELD_OF_TYPE: Readonly<Record<string, 'listeners' | 'routeConfigurations' | 'clusters' | 'endpoints' | 'secrets'>> = {
  listener: 'listeners', route: 'routeConfigurations', cluster: 'clusters', endpoint: 'endpoints', secret: 'secrets',
};

/** The xDS resource an entry names, from a getXds() answer (endpoints are named by clusterName). */
export function xdsResourceOf(xds: unknown, entry: DiffEntry): unknown {
  const r = entry.resource;
  if (!r) return undefined;
  const proxy = proxiesOf(xds).find((p) => p.node === r.node);
  const field = FIELD_OF_TYPE[r.type];
  if (!proxy || !field) return undefined;
  return proxy[field].find((x) => {
    const item = x as { name?: unknown; clusterName?: unknown };
    return item.name === r.name || item.clusterName === r.name;
  });
}

/** An object's content as the object diff sees it: metadata (without resourceVersion and generation) and spec. */
export function objectContentOfYaml(text: string): unknown {
  const doc = parse(text) as { metadata?: Record<string, unknown>; spec?: unknown } | null;
  if (!doc || typeof doc !== 'object') return undefined;
  const { resourceVersion: _rv, generation: _g, ...metadata } = doc.metadata ?? {};
  return { metadata: { namespace: 'default', ...metadata }, spec: doc.spec ?? {} };
}

/** A resolver of full values over the engine, reading getXds once per pass shown. */
export function fullValueResolver(api: Pick<EngineApi, 'getXds' | 'getResource'>): (entry: DiffEntry) => Promise<unknown> {
  let xds: Promise<unknown> | undefined;
  return async (entry) => {
    if (entry.resource) return xdsResourceOf(await (xds ??= api.getXds()), entry);
    if (entry.object) {
      const detail = await api.getResource({ kind: entry.object.kind as KindName, namespace: entry.object.namespace, name: entry.object.name });
      return objectContentOfYaml(detail.yaml);
    }
    return undefined;
  };
}
