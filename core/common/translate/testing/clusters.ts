// Runs the whole pipeline on one Upstream (plus any other objects) and returns what its cluster
// became, for the tests of cluster plugins.
import type { ClusterJson } from '../../gen/envoy/envoy/config/cluster/v3/cluster_pb';
import type { ClusterLoadAssignmentJson } from '../../gen/envoy/envoy/config/endpoint/v3/endpoint_pb';
import type { Status } from '../../model/resource';
import type { Resource } from '../../model/resource';
import { clusterName } from '../names';
import { createPipeline } from '../pipeline';
import { forward, snapshot, virtualService } from './objects';
import { refKey } from '../../model/resource';

/** What an Upstream became: its Envoy cluster and endpoints (undefined when the Upstream was rejected), its status, and the names of the Secrets the proxy got. */
export interface TranslatedUpstream {
  readonly cluster: ClusterJson | undefined;
  /** Its ClusterLoadAssignment, for an EDS cluster. */
  readonly endpoints: ClusterLoadAssignmentJson | undefined;
  readonly status: Status;
  readonly secrets: readonly string[];
}

/** Translates an Upstream, routed to by a VirtualService of the default gateway, with the other objects given. */
export function translateUpstreamAlone(u: Resource<'Upstream'>, others: readonly Resource[] = []): TranslatedUpstream {
  const vs = virtualService('to-upstream', ['*'], [forward('/', u.metadata.name)], u.metadata.namespace);
  const result = createPipeline({ now: () => new Date('2024-01-01T00:00:00.000Z') }).run(snapshot([u, vs, ...others]));
  const xds = result.xds.get('gloo-system~gateway-proxy');
  const name = clusterName(u.metadata.namespace, u.metadata.name);
  const cluster = xds?.resources.cluster.items.get(name)?.json as ClusterJson | undefined;
  const endpoints = xds?.resources.endpoint.items.get(name)?.json as ClusterLoadAssignmentJson | undefined;
  return { cluster, endpoints, status: result.statuses.get(refKey(u))!, secrets: [...(xds?.resources.secret.items.keys() ?? [])] };
}
