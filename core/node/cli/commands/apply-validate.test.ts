// previewApply plans and validates a file from one listing of the store: each kind listed once, no object read again.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { KindName } from '../../../common/model/kinds';
import type { Resource } from '../../../common/model/resource';
import { parseYamlFile } from '../../../common/model/yaml-documents';
import { createMemoryStore } from '../../../common/store/memory-store';
import type { ResourceClient, ResourceStore } from '../../../common/store/resource-client';
import { previewApply } from './apply-validate';

const fixture = (name: string) => new URL(`../../../../fixtures/getting-started/${name}`, import.meta.url).pathname;
const resourcesOf = (file: string, edit: (t: string) => string = (t) => t) => parseYamlFile(edit(readFileSync(file, 'utf8')), file).resources.map((d) => d.resource);

/** A store that counts the lists and reads made through it. */
function counting(store: ResourceStore): { store: ResourceStore; lists: Map<KindName, number>; reads: number } {
  const counts = { lists: new Map<KindName, number>(), reads: 0 };
  const wrapped: ResourceStore = {
    url: store.url,
    problems: () => store.problems(),
    watchProblems: (cb) => store.watchProblems(cb),
    close: () => store.close(),
    client<K extends KindName>(kind: K): ResourceClient<K> {
      const inner = store.client(kind);
      return {
        ...inner, kind,
        list: (scope, opts) => {
          counts.lists.set(kind, (counts.lists.get(kind) ?? 0) + 1);
          return inner.list(scope, opts);
        },
        read: (namespace, name) => {
          counts.reads++;
          return inner.read(namespace, name);
        },
      };
    },
  };
  return { store: wrapped, get lists() { return counts.lists; }, get reads() { return counts.reads; } };
}

describe('previewApply', () => {
  it('plans and validates every object of a file from one listing of each kind, reading no object again', async () => {
    const memory = createMemoryStore();
    for (const r of [...resourcesOf(fixture('upstream.yaml')), ...resourcesOf(fixture('hello-vs.yaml'))]) await memory.client(r.kind).write(r as Resource<typeof r.kind>);
    const c = counting(memory);
    const applied = [
      ...resourcesOf(fixture('hello-vs.yaml'), (t) => t.replace('name: hello-backend', 'name: hello-backnd')),
      ...resourcesOf(fixture('upstream.yaml')),
      ...resourcesOf(fixture('hello-vs.yaml'), (t) => t.replace('name: hello\n', 'name: second\n').replaceAll('hello.local', 'second.local')),
    ];
    const { verdicts, plans } = await previewApply(c.store, applied);
    expect([...plans.values()]).toEqual(['configured', 'unchanged', 'created']);
    expect(verdicts.get('VirtualService.default.hello')?.state).toBe('Warning');
    expect(c.reads).toBe(0);
    expect([...c.lists.values()].every((n) => n === 1)).toBe(true);
    expect(c.lists.get('VirtualService')).toBe(1);
  });
});
