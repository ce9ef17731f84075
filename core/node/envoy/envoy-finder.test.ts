import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildXdsSnapshot } from '../../common/xds/snapshot-builder';
import { compareWithServed } from './envoy-admin';
import { findEnvoy } from './envoy-finder';

const dir = mkdtempSync(join(tmpdir(), 'xds-sandbox-envoy-'));
const fake = join(dir, 'envoy');
writeFileSync(fake, '#!/bin/sh\nexit 0\n');
chmodSync(fake, 0o755);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('finding Envoy', () => {
  it('--envoy off never looks', () => {
    expect(findEnvoy('off', { PATH: dir })).toEqual({ found: false, reason: expect.stringContaining('off') });
  });

  it('an explicit path must be executable', () => {
    expect(findEnvoy(fake, {})).toMatchObject({ found: true, path: fake });
    expect(findEnvoy(join(dir, 'missing'), {})).toMatchObject({ found: false });
  });

  it('auto takes ENVOY_BIN first, then PATH', () => {
    expect(findEnvoy('auto', { ENVOY_BIN: fake, PATH: '' })).toMatchObject({ found: true, via: 'ENVOY_BIN' });
    expect(findEnvoy('auto', { PATH: `/nonexistent:${dir}` })).toMatchObject({ found: true, via: 'PATH', path: fake });
  });

  it('auto with nothing installed says how to install Envoy', () => {
    const r = findEnvoy('auto', { PATH: '/nonexistent' });
    expect(r).toMatchObject({ found: false });
    expect(!r.found && r.reason).toMatch(/install Envoy/);
  });
});

describe('comparing config_dump with what was served', () => {
  const served = buildXdsSnapshot('gloo-system~gateway-proxy', {
    cluster: [{ name: 'a_default', json: { name: 'a_default' } }],
    listener: [{ name: 'l', json: { name: 'l' } }],
  });

  it('agrees when Envoy holds the served names', () => {
    const dump = { configs: [{ dynamic_active_clusters: [{ cluster: { name: 'a_default' } }] }, { dynamic_listeners: [{ name: 'l' }] }] };
    expect(compareWithServed(dump, served)).toEqual([]);
  });

  it('names what is missing and what is extra', () => {
    const dump = { configs: [{ dynamic_active_clusters: [{ cluster: { name: 'b_default' } }] }] };
    expect(compareWithServed(dump, served)).toEqual([
      'clusters served but not in Envoy: a_default', 'clusters in Envoy but not served: b_default', 'listeners served but not in Envoy: l',
    ]);
  });
});
