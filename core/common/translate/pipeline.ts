// The translation pipeline, as in Gloo: a gateway stage (Gateways, VirtualServices, RouteTables →
// Proxies) and a gloo stage (Proxies, Upstreams, UpstreamGroups, Endpoints, Secrets → xDS
// snapshots). Pure and synchronous; the only state kept between runs is per-object caches keyed by
// content hash, the last accepted version of each object, and the last consistent snapshot per proxy.
import { isGeneratedObject } from '../model/generated';
import { KIND_NAMES } from '../model/kinds';
import type { Resource, Status } from '../model/resource';
import type { ApiSnapshot } from '../snapshot/api-snapshot';
import { checkConsistency } from '../xds/snapshot-builder';
import { throwIfAborted } from './abort';
import { runGatewayStage } from './gateway/gateway-stage';
import { ExpansionCache } from './gateway/virtual-service-expander';
import { GlooViewCache } from './gloo/gloo-objects';
import { GlooCaches, runGlooStage, type GoodSnapshot } from './gloo/gloo-stage';
import { proxyIssues } from './gloo/proxy-validator';
import { LastAccepted } from './last-accepted';
import { PassScope } from './pass-scope';
import { SnapshotMemory } from './snapshot-changes';
import { DEFAULT_WRITE_NAMESPACE, GENERATED_LABEL } from './names';
import { memoizeValidator, re2FallbackValidator } from './regex';
import { Reports, StatusCache } from './reports';
import { judgeRouteTests } from './route-test-judge';
import { JudgeMemo, serveEach, type Issue, type ServeContext } from './served';
import type { PipelineOptions, PipelineResult, PipelineStats } from './types';
import { byNamespaceName, refKey } from '../model/resource';

export type { PipelineOptions, PipelineResult, PipelineStats, RouteOrigin, RouteSource, RegexValidator } from './types';
export { GENERATED_LABEL, DEFAULT_WRITE_NAMESPACE, SOURCE_METADATA_KEY } from './names';

/** A pipeline: run() translates one ApiSnapshot; it reuses work from earlier runs of the same pipeline. */
export interface Pipeline {
  /** Translates a snapshot; throws an AbortError (and keeps no state from the pass) when the signal aborts. */
  run(snapshot: ApiSnapshot, signal?: AbortSignal): PipelineResult;
}

/** Creates a pipeline with its own caches and memory of accepted versions. */
export function createPipeline(opts: PipelineOptions = {}): Pipeline {
  const lastAccepted = new LastAccepted();
  const scope = new PassScope();
  const expansions = scope.add(new ExpansionCache());
  const gloo = scope.add(new GlooCaches());
  const statusCache = scope.add(new StatusCache());
  const memo = scope.add(new JudgeMemo());
  const snapshots = scope.add(new SnapshotMemory());
  const views = scope.add(new GlooViewCache());
  const regex = memoizeValidator(opts.regexValidator ?? re2FallbackValidator);
  const writeNamespace = opts.writeNamespace ?? DEFAULT_WRITE_NAMESPACE;
  const check = opts.checkConsistency ?? checkConsistency;
  let lastGood = new Map<string, GoodSnapshot>();

  const run = (snapshot: ApiSnapshot, signal?: AbortSignal): PipelineResult => {
    throwIfAborted(signal);
    const nowIso = (opts.now?.() ?? new Date()).toISOString();
    const reports = new Reports();
    const serve: ServeContext = { lastAccepted, reports, nowIso, hashes: snapshot.objectHashes, memo };
    const abortCheck = () => throwIfAborted(signal);
    scope.begin();
    try {
      const t0 = performance.now();
      const changes = snapshots.changesTo(snapshot);
      const view = views.view(snapshot, changes, serve, abortCheck, regex);
      const t1 = performance.now();
      const gw = runGatewayStage({ snapshot, view, serve, cache: expansions, regex, writeNamespace, signal });
      const generatedKeys = new Set(gw.proxies.map(refKey));
      const userProxies = snapshot.objects.Proxy.filter((p) => !isGenerated(p));
      const judgeProxy = (p: Resource<'Proxy'>): Issue[] => [...proxyIssues(p, view, regex), ...nameClash(p, generatedKeys)];
      const served = [...serveEach(userProxies, judgeProxy, serve, abortCheck).values()].map((s) => s.resource);
      const proxies = [...gw.proxies, ...served].sort(byNamespaceName);
      const t2 = performance.now();
      const out = runGlooStage({ proxies, hashes: snapshot.objectHashes, view, caches: gloo, reports, check, lastGood, nowIso, signal });
      const t3 = performance.now();
      const statuses = collectStatuses(snapshot, gw.proxies, generatedKeys, reports, statusCache);
      const t4 = performance.now();
      lastAccepted.commit(snapshot.objectHashes, !changes.sameKeys);
      lastGood = out.good;
      scope.end();
      const stats: PipelineStats = {
        virtualServicesTranslated: expansions.counters.translated,
        virtualServiceCacheHits: expansions.counters.hits,
        virtualHostsTranslated: gloo.vhosts.counters.translated,
        virtualHostCacheHits: gloo.vhosts.counters.hits,
        clustersTranslated: gloo.counters.clustersTranslated,
        clusterCacheHits: gloo.counters.clusterHits,
        gatewayRounds: gw.rounds,
        timingsMs: { glooObjects: t1 - t0, gatewayStage: t2 - t1, glooStage: t3 - t2, statuses: t4 - t3 },
      };
      for (const [key, status] of judgeRouteTests(snapshot.objects.RouteTest, out.xds)) statuses.set(key, status);
      const problems = new Map(reports.refsWithFindings().map((ref) => [ref, reports.problems(ref)] as const));
      return { snapshotHash: snapshot.hash, proxies: gw.proxies, xds: out.xds, statuses, problems, published: out.published, publishProblems: out.publishProblems, routeOrigins: out.routeOrigins, stats };
    } catch (err) {
      lastAccepted.discard();
      throw err;
    }
  };
  return { run };
}

/** Whether a Proxy was written by the gateway stage (it carries GENERATED_LABEL); such input Proxies are outputs of earlier passes and are not translated. */
export const isGenerated = (p: Resource<'Proxy'>): boolean => isGeneratedObject(p);

function nameClash(p: Resource<'Proxy'>, generated: ReadonlySet<string>): Issue[] {
  return generated.has(refKey(p)) ? [{ severity: 'error', message: 'a Proxy with this name is generated from the Gateways; rename this one' }] : [];
}


function collectStatuses(snapshot: ApiSnapshot, generated: readonly Resource<'Proxy'>[], generatedKeys: ReadonlySet<string>, reports: Reports, cache: StatusCache): Map<string, Status> {
  const statuses = new Map<string, Status>();
  for (const kind of KIND_NAMES) {
    for (const r of snapshot.objects[kind] as readonly Resource[]) {
      const key = refKey(r);
      if (r.kind === 'Proxy' && isGenerated(r as Resource<'Proxy'>)) {
        if (!generatedKeys.has(key)) statuses.set(key, { state: 'Warning', reason: 'generated by an earlier pass; no Gateway generates it any more, so nothing serves it', reportedBy: 'gloo' });
        continue;
      }
      statuses.set(key, reports.statusOf(r, key, cache));
    }
  }
  for (const p of generated) statuses.set(refKey(p), reports.statusOf(p, refKey(p), cache));
  return statuses;
}
