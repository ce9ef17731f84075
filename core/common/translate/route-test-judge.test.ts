import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { KindName } from '../model/kinds';
import type { Resource } from '../model/resource';
import { parseYamlFile } from '../model/yaml-documents';
import { buildApiSnapshot } from '../snapshot/api-snapshot';
import { createPipeline } from './pipeline';

const demo = new URL('../../../fixtures/demo/', import.meta.url);

function demoObjects(edit: (name: string, text: string) => string = (_n, t) => t): Partial<Record<KindName, Resource[]>> {
  const lists: Partial<Record<KindName, Resource[]>> = {};
  for (const f of readdirSync(demo).filter((name) => /^[^.].*\.yaml$/.test(name))) {
    for (const { resource } of parseYamlFile(edit(f, readFileSync(new URL(f, demo), 'utf8')), f).resources) (lists[resource.kind] ??= []).push(resource);
  }
  return lists;
}

describe('route tests in the pipeline', () => {
  it('a RouteTest whose tests all pass is Accepted', () => {
    const result = createPipeline().run(buildApiSnapshot(demoObjects()));
    expect(result.statuses.get('RouteTest.gloo-system.demo-routes')).toMatchObject({ state: 'Accepted', reason: '4 tests pass' });
  });

  it('a config change that breaks an expectation turns the RouteTest Rejected, naming the test and the difference', () => {
    const broken = demoObjects((name, text) => (name === 'petstore-vs.yaml' ? text.replace('httpsRedirect: true', 'httpsRedirect: false') : text));
    const status = createPipeline().run(buildApiSnapshot(broken)).statuses.get('RouteTest.gloo-system.demo-routes');
    expect(status?.state).toBe('Rejected');
    expect(status?.reason).toMatch(/^1 of 4 tests fail: "docs moved to https": .*location/);
  });
});
