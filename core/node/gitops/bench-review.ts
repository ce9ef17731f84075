// Benchmark (not a test): how long the review of a changeset that changes one object takes, in a repository of N objects.
// Run: npx tsx core/node/gitops/bench-review.ts [objects] [rounds]
// The repository: the generator's config (VirtualServices × 10 routes, every 10th delegating to a RouteTable, and as many
// Upstreams as VirtualServices), one object per file, committed on main. The changeset changes the first route's prefix
// of one VirtualService. Prints one JSON line per measure (median and max ms over the rounds):
// - changeset_commit: one object written through the changeset store (read the tip, plan the file, commit, move the ref);
// - review_first: the first review in the process (cold caches and JIT, as `xds-sandbox changeset show` runs it);
// - review_cold_cache: a review with an empty blob cache (every file read and parsed twice over), JIT warm;
// - review_warm_cache: a review with the engine's blob cache (only the changed blob is parsed);
// each review line also gives this process's CPU time (git's own is not in it: on a busy machine it says what the review
// costs better than wall time does) and the parts spent translating both sides and on the traffic diff.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { resourceToManifest } from '../../common/model/manifest';
import type { Resource } from '../../common/model/resource';
import { generateConfig } from '../../../fixtures/gen/config-generator';
import { reviewChangeset } from './changeset-review';
import { openChangesetStore } from './changeset-store';
import { locateGitFolder } from './git-repo';
import { BlobCache } from './tree-config';

const OBJECTS = Number(process.argv[2] ?? 1000);
const ROUNDS = Number(process.argv[3] ?? 7);

function report(name: string, values: number[], extra: Record<string, number[]> = {}): void {
  const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
  const round = (n: number) => Math.round(n * 10) / 10;
  const parts = Object.fromEntries(Object.entries(extra).map(([k, v]) => [`${k}_median_ms`, round(median(v))]));
  process.stdout.write(JSON.stringify({ name, objects: OBJECTS, rounds: values.length, median_ms: round(median(values)), max_ms: round(Math.max(...values)), ...parts }) + '\n');
}

/** A repository of about OBJECTS objects, one per file, committed on main. */
function makeRepo(dir: string): Resource[] {
  const vs = Math.round(OBJECTS / 2.1);
  const objects = generateConfig({ virtualServices: vs, routesPerVs: 10, upstreams: OBJECTS - vs - Math.ceil(vs / 10), delegateEvery: 10 });
  for (const o of objects) {
    mkdirSync(join(dir, o.metadata.namespace), { recursive: true });
    writeFileSync(join(dir, o.metadata.namespace, `${o.kind.toLowerCase()}-${o.metadata.name}.yaml`), stringify(resourceToManifest(o)));
  }
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'ignore' });
  git('init', '-q', '-b', 'main');
  git('-c', 'user.name=Bench', '-c', 'user.email=bench@example.com', 'add', '-A');
  git('-c', 'user.name=Bench', '-c', 'user.email=bench@example.com', '-c', 'commit.gpgsign=false', 'commit', '-q', '-m', 'config');
  git('config', 'user.name', 'Bench');
  git('config', 'user.email', 'bench@example.com');
  git('config', 'commit.gpgsign', 'false');
  return objects;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'xds-bench-review-'));
  try {
    const objects = makeRepo(dir);
    const repo = await locateGitFolder(dir);
    const commits: number[] = [];
    const store = await openChangesetStore(dir, 'one-change', { create: true });
    const vs = objects.find((o) => o.kind === 'VirtualService' && o.metadata.name === 'vs-7')! as Resource<'VirtualService'>;
    for (let round = 0; round < ROUNDS; round++) {
      const spec = structuredClone(vs.spec);
      spec.virtualHost!.routes![0].matchers![0] = { prefix: `/edited-${round}` };
      const t = performance.now();
      await store.client('VirtualService').write({ ...vs, spec }, { overwrite: true });
      commits.push(performance.now() - t);
    }
    await store.close();
    report('changeset_commit', commits);

    const measure = async (name: string, cache: () => BlobCache, rounds: number) => {
      const total: number[] = [];
      const translate: number[] = [];
      const traffic: number[] = [];
      const cpu: number[] = [];
      for (let i = 0; i < rounds; i++) {
        const t = performance.now();
        const c = process.cpuUsage();
        const r = await reviewChangeset(repo, 'one-change', cache());
        total.push(performance.now() - t);
        const used = process.cpuUsage(c);
        cpu.push((used.user + used.system) / 1000);
        translate.push(r.timingsMs.translate);
        traffic.push(r.timingsMs.traffic);
        if (r.objects.changed.length !== 1 || r.traffic.changes.length === 0) throw new Error('the review did not see the one change');
      }
      report(name, total, { cpu, translate, traffic });
    };
    await measure('review_first', () => new BlobCache(), 1);
    await measure('review_cold_cache', () => new BlobCache(), ROUNDS);
    const shared = new BlobCache();
    await measure('review_warm_cache', () => shared, ROUNDS);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
