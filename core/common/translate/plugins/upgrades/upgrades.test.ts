import { describe, expect, it } from 'vitest';
import { re2FallbackValidator } from '../../regex';
import { routeOptionIssues } from '../run-plugins';
import { upgradeConfig } from './upgrades';

describe('route upgrades', () => {
  it('maps websocket, CONNECT and a terminated CONNECT to Envoy upgrade configs, leaving an unset enabled to Envoy', () => {
    expect(upgradeConfig({ websocket: { enabled: false } })).toEqual({ upgradeType: 'websocket', enabled: false });
    expect(upgradeConfig({ connect: {} })).toEqual({ upgradeType: 'CONNECT' });
    expect(upgradeConfig({ connectTerminate: { enabled: true } })).toEqual({ upgradeType: 'CONNECT', enabled: true, connectConfig: {} });
  });

  it('rejects an upgrade type listed twice, as Gloo does', () => {
    const issues = routeOptionIssues({ upgrades: [{ connect: {} }, { connectTerminate: {} }] }, 'forward', re2FallbackValidator);
    expect(issues.map((i) => i.message)).toEqual(['options.upgrades[1]: upgrade config CONNECT is not unique']);
  });
});
