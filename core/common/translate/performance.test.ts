// A large config: 1,000 upstreams and 1,000 VirtualServices of 10 routes each, translated whole and then one change at
// a time. Speed is measured by `npm run bench`, never asserted here; the times are printed for a reader.
import { describe, expect, it } from 'vitest';
import type { RouteJson } from '../gen/gateway/api/v1/virtual_service_pb';
import { createPipeline } from './pipeline';
import { snapshot, upstream, virtualService } from './testing/objects';

const upstreams = Array.from({ length: 1000 }, (_, i) => upstream(`u${i}`, `10.${(i >> 8) & 255}.${i & 255}.1`));

function vs(i: number, tag = ''): ReturnType<typeof virtualService> {
  const routes: RouteJson[] = [];
  for (let j = 0; j < 10; j++) {
    routes.push({
      name: `r${j}${tag}`,
      matchers: [{ prefix: `/svc${i}/p${9 - j}`, headers: [{ name: 'x-tenant', value: 't' }] }],
      routeAction: { single: { upstream: { name: `u${(i + j) % 1000}`, namespace: 'default' } } },
      options: { timeout: '5s' },
    });
  }
  return virtualService(`vs${i}`, [`h${i}.example.com`], routes);
}

function best(samples: number[]): number {
  return Math.min(...samples);
}

describe('translation at scale', () => {
  const vss = Array.from({ length: 1000 }, (_, i) => vs(i));
  const first = snapshot([...upstreams, ...vss]);

  it('a from-scratch pass over 1k upstreams and 1k VirtualServices × 10 routes translates and publishes them all', () => {
    const samples: number[] = [];
    for (let k = 0; k < 8; k++) {
      const t = performance.now();
      const result = createPipeline().run(first);
      samples.push(performance.now() - t);
      expect(result.stats.virtualServicesTranslated).toBe(1000);
      expect(result.published.get('gloo-system~gateway-proxy')).toBe(true);
    }
    console.log(`full translation: best ${best(samples).toFixed(1)} ms of ${samples.map((s) => s.toFixed(0)).join(', ')}`);
  });

  it('a one-VirtualService change re-translates only that VirtualService and its virtual host', () => {
    const pipeline = createPipeline();
    pipeline.run(first);
    const current = [...vss];
    const snaps = Array.from({ length: 40 }, (_, k) => {
      current[(k * 37) % 1000] = vs((k * 37) % 1000, `-v${k}`);
      return snapshot([...upstreams, ...current]);
    });
    const samples: number[] = [];
    for (const s of snaps) {
      const t = performance.now();
      const result = pipeline.run(s);
      samples.push(performance.now() - t);
      expect(result.stats.virtualServicesTranslated).toBe(1);
      expect(result.stats.virtualHostsTranslated).toBe(1);
      expect(result.stats.clustersTranslated).toBe(0);
    }
    const sorted = [...samples].sort((a, b) => a - b);
    console.log(`one change: best ${sorted[0].toFixed(2)} ms, median ${sorted[20].toFixed(2)} ms`);
  });
});
