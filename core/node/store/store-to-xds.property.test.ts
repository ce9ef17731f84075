// Property: after any sequence of edits through a real store (files of a watched folder, or writes to a SQLite database
// another connection watches), the incremental path (store watch → snapshot builder → long-lived pipeline → long-lived
// encoder) serves byte for byte the xDS a from-scratch pass (one-shot read, fresh pipeline, fresh encoder) serves.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { RouteJson } from '../../common/gen/gateway/api/v1/virtual_service_pb';
import { KIND_NAMES, type KindName } from '../../common/model/kinds';
import { resourceToManifest } from '../../common/model/manifest';
import type { Resource } from '../../common/model/resource';
import { watchSnapshots } from '../../common/loop/snapshot-emitter';
import { buildApiSnapshot, type ApiSnapshot } from '../../common/snapshot/api-snapshot';
import { ALL_NAMESPACES, type ResourceStore } from '../../common/store/resource-client';
import { createPipeline, type Pipeline } from '../../common/translate/pipeline';
import { upstream, virtualService } from '../../common/translate/testing/objects';
import { XDS_TYPES } from '../../common/xds/xds-snapshot';
import { ResourceEncoder } from '../xds/resource-encoder';
import { openStore } from './open-store';
import { makeTempDir, removeTempDirs, waitUntil } from './store-test-helpers';

afterAll(removeTempDirs);

/** Batches compared (a batch whose xDS uses a last accepted version is skipped): each property must compare some. */
let compared = 0;

/** One edit: an Upstream or VirtualService written (its own file in a folder) or deleted. */
interface Edit {
  readonly kind: 'Upstream' | 'VirtualService';
  readonly index: number;
  readonly port?: number;
  readonly routes?: readonly { prefix: string; to: number }[];
  readonly remove: boolean;
}

const editArb: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant('Upstream' as const), index: fc.integer({ min: 0, max: 2 }), port: fc.integer({ min: 1, max: 3 }), remove: fc.boolean() }),
  fc.record({
    kind: fc.constant('VirtualService' as const),
    index: fc.integer({ min: 0, max: 2 }),
    routes: fc.array(fc.record({ prefix: fc.constantFrom('/', '/a', '/b'), to: fc.integer({ min: 0, max: 3 }) }), { minLength: 1, maxLength: 3 }),
    remove: fc.boolean(),
  }),
);

function objectOf(e: Edit): Resource {
  if (e.kind === 'Upstream') return upstream(`u${e.index}`, '10.0.0.1', 8000 + (e.port ?? 0));
  const routes: RouteJson[] = (e.routes ?? []).map((r) => ({ matchers: [{ prefix: r.prefix }], routeAction: { single: { upstream: { name: `u${r.to}` } } } }));
  return virtualService(`vs${e.index}`, [`host${e.index}.example.com`], routes);
}

/** Every resource of every proxy's xDS as `key type name version` → encoded bytes (hex). */
function served(pipeline: Pipeline, snapshot: ApiSnapshot, encoder: ResourceEncoder): Map<string, string> | undefined {
  const result = pipeline.run(snapshot);
  if ([...result.statuses.values()].some((s) => s.reason?.includes('last accepted version'))) return undefined; // served from a fallback
  const out = new Map<string, string>();
  for (const [key, snap] of result.xds) {
    out.set(`${key} version`, snap.version);
    for (const t of XDS_TYPES) for (const r of snap.resources[t].items.values()) out.set(`${key} ${t} ${r.name} ${r.version}`, Buffer.from(encoder.encode(t, r)).toString('hex'));
  }
  return out;
}

async function oneShot(spec: string): Promise<ApiSnapshot> {
  const store = await openStore(spec, { watch: false });
  try {
    const lists: Partial<Record<KindName, Resource[]>> = {};
    for (const kind of KIND_NAMES) lists[kind] = await store.client(kind).list(ALL_NAMESPACES);
    return buildApiSnapshot(lists, store.problems());
  } finally {
    await store.close();
  }
}

/** Applies edits through `apply`, then checks the incremental path against a from-scratch pass after every batch. */
async function checkSequence(spec: string, batches: Edit[][], apply: (e: Edit) => Promise<void>): Promise<void> {
  const watching: ResourceStore = await openStore(spec, { watch: true, statusPollIntervalMs: 0 });
  let latest: ApiSnapshot | undefined;
  const sub = watchSnapshots(watching, (s) => (latest = s));
  const pipeline = createPipeline({ now: () => new Date(0) });
  const encoder = new ResourceEncoder();
  try {
    for (const batch of batches) {
      for (const e of batch) await apply(e);
      const truth = await oneShot(spec);
      await waitUntil(() => latest?.hash === truth.hash, 5000, 'the watching store to serve what is stored');
      const incremental = served(pipeline, latest!, encoder);
      const fresh = served(createPipeline({ now: () => new Date(0) }), truth, new ResourceEncoder());
      if (!incremental || !fresh) continue;
      expect(incremental).toEqual(fresh);
      compared++;
    }
  } finally {
    sub.stop();
    await watching.close();
  }
}

describe('store to xDS, incremental against from scratch', () => {
  it('a watched folder edited file by file serves the bytes a fresh pass over a one-shot read serves', async () => {
    compared = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(editArb, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 6 }), async (batches) => {
        const dir = makeTempDir();
        await checkSequence(dir, batches, async (e) => {
          const file = join(dir, `${e.kind === 'Upstream' ? 'u' : 'vs'}${e.index}.yaml`);
          if (e.remove) rmSync(file, { force: true });
          else writeFileSync(file, stringify(resourceToManifest(objectOf(e))));
        });
      }),
      { numRuns: 12 },
    );
    expect(compared).toBeGreaterThan(0);
  }, 120_000);

  it('a SQLite database written by another connection serves the bytes a fresh pass over a one-shot read serves', async () => {
    compared = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(editArb, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 6 }), async (batches) => {
        const spec = `sqlite:${join(makeTempDir(), 'config.db')}`;
        const writer = await openStore(spec, { watch: false });
        try {
          await checkSequence(spec, batches, async (e) => {
            const o = objectOf(e);
            if (e.remove) await writer.client(o.kind).delete(o.metadata.namespace, o.metadata.name, { ignoreNotExist: true });
            else await writer.client(o.kind).write(o, { overwrite: true });
          });
        } finally {
          await writer.close();
        }
      }),
      { numRuns: 12 },
    );
    expect(compared).toBeGreaterThan(0);
  }, 120_000);
});
