import { describe, expect, it } from 'vitest';
import { pathParts, rangeOfPath, renameRefEdits, suggestedRef } from './field-positions';

const VS = `apiVersion: gateway.solo.io/v1
kind: VirtualService
metadata:
  name: hello
  namespace: default
spec:
  virtualHost:
    domains:
    - hello.local
    routes:
    - matchers:
      - prefix: /greet
      routeAction:
        single:
          upstream:
            name: hello-backnd
            namespace: default
    - matchers:
      - regex: '['
      routeAction:
        single:
          upstream: {name: other, namespace: default}
`;

const lineOf = (offset: number) => VS.slice(0, offset).split('\n').length;

describe('field positions in YAML text', () => {
  it('splits a field path into names and indexes', () => {
    expect(pathParts('spec.virtualHost.routes[1].matchers[0].regex')).toEqual(['spec', 'virtualHost', 'routes', 1, 'matchers', 0, 'regex']);
  });

  it('finds the line of a field, and of its nearest parent when the field is not there', () => {
    expect(lineOf(rangeOfPath(VS, 'spec.virtualHost.routes[0].routeAction.single.upstream')!.from)).toBe(15);
    expect(lineOf(rangeOfPath(VS, 'spec.virtualHost.routes[1].matchers[0].regex')!.from)).toBe(19);
    expect(lineOf(rangeOfPath(VS, 'spec.virtualHost.routes[1].options.timeout')!.from)).toBe(18);
    expect(rangeOfPath('a: [', 'a')).toBeUndefined();
  });

  it('reads the suggestion of a "did you mean", with or without backquotes', () => {
    expect(suggestedRef('Upstream default/hello-backnd not found (did you mean default/hello-backend?)')).toEqual({ namespace: 'default', name: 'hello-backend' });
    expect(suggestedRef('missing Upstream; did you mean `default/hello-backend`?')).toEqual({ namespace: 'default', name: 'hello-backend' });
    expect(suggestedRef('invalid regex')).toBeUndefined();
  });

  it('renames a block or flow reference in place', () => {
    const edits = renameRefEdits(VS, 'spec.virtualHost.routes[0].routeAction.single.upstream', { namespace: 'default', name: 'hello-backend' }, 'default')!;
    const apply = (text: string) => edits.reduceRight((t, e) => t.slice(0, e.from) + e.insert + t.slice(e.to), text);
    expect(apply(VS)).toContain('name: hello-backend\n            namespace: default');
    const flow = renameRefEdits(VS, 'spec.virtualHost.routes[1].routeAction.single.upstream', { namespace: 'team', name: 'x' }, 'default')!;
    expect(flow.map((e) => e.insert)).toEqual(['x', 'team']);
    expect(renameRefEdits(VS, 'spec.virtualHost.routes[0].matchers', { namespace: 'default', name: 'x' }, 'default')).toBeUndefined();
  });
});
