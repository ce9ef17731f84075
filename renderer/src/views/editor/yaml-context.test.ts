import { describe, expect, it } from 'vitest';
import { completeYaml } from './schema-completion';
import { yamlContextAt } from './yaml-context';

/** Splits a text at its `|` marker: the text without it, and the marker's offset. */
function at(marked: string): [string, number] {
  const pos = marked.indexOf('|');
  return [marked.slice(0, pos) + marked.slice(pos + 1), pos];
}

const VS = `apiVersion: gateway.solo.io/v1
kind: VirtualService
metadata:
  name: shop # the shop
spec:
  virtualHost:
    domains: ['*']
    routes:
    - matchers:
      - prefix: /
      routeAction:
        `;

describe('yamlContextAt', () => {
  it('finds the path through mappings and compact sequences', () => {
    const [text, pos] = at(`${VS}|`);
    expect(yamlContextAt(text, pos)).toMatchObject({ mode: 'key', path: ['spec', 'virtualHost', 'routes', '[]', 'routeAction'], prefix: '', kind: 'VirtualService' });
  });

  it('finds the path of a new item of a nested sequence and the typed prefix', () => {
    const [text, pos] = at(`${VS.replace(/      routeAction:\n        $/, '')}      - pre|`);
    expect(yamlContextAt(text, pos)).toMatchObject({ mode: 'key', path: ['spec', 'virtualHost', 'routes', '[]', 'matchers', '[]'], prefix: 'pre' });
  });

  it('lists sibling keys already present', () => {
    const [text, pos] = at('kind: Upstream\nmetadata:\n  name: a\n  |\n  labels: {}\n');
    expect(yamlContextAt(text, pos)).toMatchObject({ path: ['metadata'], siblings: ['name', 'labels'] });
  });

  it('reads value mode after `key: `', () => {
    const [text, pos] = at('kind: |');
    expect(yamlContextAt(text, pos)).toMatchObject({ mode: 'value', path: ['kind'], prefix: '' });
  });

  it('stays inside the current --- document', () => {
    const [text, pos] = at('kind: Upstream\nspec: {}\n---\nkind: RouteTable\nspec:\n  |');
    expect(yamlContextAt(text, pos)).toMatchObject({ path: ['spec'], kind: 'RouteTable' });
  });
});

describe('completeYaml', () => {
  it('suggests the fields of a route action from the VirtualService schema', () => {
    const [text, pos] = at(`${VS}|`);
    const labels = completeYaml(text, pos)?.options.map((o) => o.label) ?? [];
    expect(labels).toEqual(expect.arrayContaining(['single', 'multi']));
  });

  it('suggests matcher fields inside a new matcher item, with their types', () => {
    const [text, pos] = at(`${VS.replace(/      routeAction:\n        $/, '')}      - |`);
    const options = completeYaml(text, pos)?.options ?? [];
    expect(options.map((o) => o.label)).toEqual(expect.arrayContaining(['prefix', 'exact', 'headers']));
    expect(options.find((o) => o.label === 'prefix')).toMatchObject({ detail: 'string', apply: 'prefix: ' });
  });

  it('leaves out fields already present and offers kind names as values', () => {
    const [text, pos] = at('apiVersion: gloo.solo.io/v1\nkind: Upstream\nmetadata:\n  name: a\n  |');
    const labels = completeYaml(text, pos)?.options.map((o) => o.label) ?? [];
    expect(labels).toContain('namespace');
    expect(labels).not.toContain('name');
    const [t2, p2] = at('kind: Vir|');
    expect(completeYaml(t2, p2)?.options.map((o) => o.label)).toContain('VirtualService');
  });

  it('offers top-level fields before the kind is known, and nothing deeper', () => {
    const [text, pos] = at('|');
    expect(completeYaml(text, pos)?.options.map((o) => o.label)).toEqual(['apiVersion', 'kind', 'metadata', 'spec']);
    const [t2, p2] = at('spec:\n  |');
    expect(completeYaml(t2, p2)).toBeUndefined();
  });
});
