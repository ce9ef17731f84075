import { describe, expect, it } from 'vitest';
import { fieldNameFix, pathFromMessage, placeProblems } from './pinned-problems';

const VS = `kind: VirtualService
metadata: {name: hello, namespace: default}
spec:
  virtualHost:
    routes:
    - matchers:
      - prefix: /greet
      routeAction:
        single:
          upstream: {name: hello-backnd, namespace: default}
`;

describe('pinned problems', () => {
  it('reads a route position from a message: 0-based plain, 1-based with the path of the route', () => {
    expect(pathFromMessage('route 0: routeAction.single: Upstream default.x not found', 'VirtualService')).toBe('spec.virtualHost.routes[0].routeAction.single');
    expect(pathFromMessage('route 2 (`/greet`), matcher 1: invalid regex', 'VirtualService')).toBe('spec.virtualHost.routes[1].matchers[0]');
    expect(pathFromMessage('route 0: no action', 'RouteTable')).toBe('spec.routes[0]');
    expect(pathFromMessage('domain conflict', 'VirtualService')).toBeUndefined();
  });

  it('places a missing reference on its line with a quick fix to the name meant', () => {
    const [p] = placeProblems(VS, [{ severity: 'warning', message: 'route 0: routeAction.single: Upstream default/hello-backnd not found (did you mean default/hello-backend?)' }], 'VirtualService', 'default');
    expect(VS.slice(0, p.from).split('\n').length).toBe(9);
    expect(p.fix?.label).toBe('Use default/hello-backend');
    const fixed = [...p.fix!.edits].reverse().reduce((t, e) => t.slice(0, e.from) + e.insert + t.slice(e.to), VS);
    expect(fixed).toContain('upstream: {name: hello-backend, namespace: default}');
  });

  it('a structured path wins over the message, and a problem with no place is left out', () => {
    const placed = placeProblems(VS, [
      { severity: 'error', message: 'bad', path: 'spec.virtualHost.routes[0].matchers[0]' },
      { severity: 'error', message: 'conflicts with another VirtualService' },
    ], 'VirtualService', 'default');
    expect(placed).toHaveLength(1);
    expect(VS.slice(0, placed[0].from).split('\n').length).toBe(7);
  });

  it('offers to rename a misspelt field to the name the message suggests, only where that name stands', () => {
    const text = 'spec:\n  routeActon: {}\n';
    const from = text.indexOf('routeActon');
    expect(fieldNameFix(text, from, 'unknown field `routeActon`; did you mean `routeAction`?')).toEqual({ label: 'Rename to routeAction', edits: [{ from, to: from + 10, insert: 'routeAction' }] });
    expect(fieldNameFix(text, 0, 'unknown field `routeActon`; did you mean `routeAction`?')).toBeUndefined();
    expect(fieldNameFix(text, from, 'unknown field `routeActon`')).toBeUndefined();
  });
});
