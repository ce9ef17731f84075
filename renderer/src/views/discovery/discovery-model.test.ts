import { describe, expect, it } from 'vitest';
import type { DiscoveryView } from '../../../../core/common/discovery/discovery-view';
import { canAdopt, ownerText, passChain, sourceState, statusLine } from './discovery-model';

const fds = { state: 'found' as const, summary: 'found 2 functions', steps: [], functions: ['a', 'b'], written: true };

describe('the Discovery view\'s words', () => {
  it('says how to turn discovery on when it is off, and what runs when it is on', () => {
    const off: DiscoveryView = { running: false, fdsMode: 'BLACKLIST', writeNamespace: 'gloo-system', sources: [], upstreams: [], passes: [], problems: [] };
    expect(statusLine(off)).toMatch(/^Discovery is off: run serve --discovery local/);
    const on = { ...off, running: true, sources: [{ kind: 'local' as const, label: 'local', state: 'ok' as const, found: [{ name: 'node-3000', found: 'node' }] }] };
    expect(statusLine(on)).toBe('Discovery runs local; function discovery BLACKLIST; Upstreams are written to gloo-system.');
    expect(sourceState(on.sources[0])).toBe('1 found');
    expect(sourceState({ ...on.sources[0], state: 'unsupported', message: 'win32' })).toBe('not supported here: win32');
  });

  it('only an existing Upstream discovery owns can be adopted', () => {
    expect(canAdopt({ namespace: 'n', name: 'a', owner: 'discovery', source: 'local', fds })).toBe(true);
    expect(canAdopt({ namespace: 'n', name: 'a', owner: 'user', fds })).toBe(false);
    expect(canAdopt({ namespace: 'n', name: 'a', owner: 'discovery', deleted: 'gone', fds })).toBe(false);
    expect(ownerText({ namespace: 'n', name: 'a', owner: 'discovery', source: 'local', fds })).toBe('discovery (local)');
  });

  it('a pass reads across both loops: discovery writes, the gateway pass, the xDS it published', () => {
    const p = { id: 3, startedAt: '', durationMs: 1, trigger: 'sources scanned', writes: [{ op: 'create' as const, key: 'Upstream.gloo-system.node-3000', reason: 'found' }] };
    expect(passChain(p)).toBe('discovery pass 3 created Upstream gloo-system.node-3000 → gateway loop not run yet');
    expect(passChain({ ...p, gatewayPass: 12, published: { 'gloo-system~gateway-proxy': 'ab12' } })).toBe('discovery pass 3 created Upstream gloo-system.node-3000 → gateway pass 12 → xDS gloo-system~gateway-proxy@ab12');
  });
});
