import { describe, expect, it } from 'vitest';
import { parseYamlFile } from '../../../../core/common/model/yaml-documents';
import { templateFor } from './templates';

describe('templates', () => {
  it('a VirtualService in an empty store comes with the Upstream it routes to, and both are valid', () => {
    const text = templateFor('VirtualService', []);
    const parsed = parseYamlFile(text, 't.yaml');
    expect(parsed.problems).toEqual([]);
    expect(parsed.resources.map(({ resource: r }) => `${r.kind} ${r.metadata.name}`)).toEqual(['Upstream my-upstream', 'VirtualService my-service']);
    expect(text).toContain('name: my-upstream\n            namespace: default');
  });

  it('routes to an existing Upstream and picks names no object has', () => {
    const text = templateFor('VirtualService', [
      { kind: 'Upstream', namespace: 'gloo-system', name: 'web' }, { kind: 'VirtualService', namespace: 'default', name: 'my-service' },
    ]);
    expect(parseYamlFile(text, 't.yaml').resources.map(({ resource: r }) => `${r.kind} ${r.metadata.name}`)).toEqual(['VirtualService my-service-2']);
    expect(text).toContain('name: web\n            namespace: gloo-system');
    expect(templateFor('Upstream', [{ kind: 'Upstream', namespace: 'default', name: 'my-upstream' }])).toContain('name: my-upstream-2');
  });
});
