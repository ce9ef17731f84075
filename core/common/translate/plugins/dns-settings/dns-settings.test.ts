import { describe, expect, it } from 'vitest';
import { translateUpstreamAlone } from '../../testing/clusters';
import { obj } from '../../testing/objects';
import type { UpstreamSpec } from '../plugin';

const byName = { static: { hosts: [{ addr: 'api.example.com', port: 8080 }] } };
const byIp = { static: { hosts: [{ addr: '10.0.0.1', port: 8080 }] } };

function translate(spec: Partial<UpstreamSpec>) {
  return translateUpstreamAlone(obj('Upstream', 'dns', { ...byName, ...spec }));
}

describe('DNS settings plugin', () => {
  it('sets the refresh rate and TTL use of a cluster that resolves hostnames', () => {
    const { cluster, status } = translate({ respectDnsTtl: true, dnsRefreshRate: '30s' });
    expect(status.state).toBe('Accepted');
    expect(cluster).toMatchObject({ type: 'LOGICAL_DNS', respectDnsTtl: true, dnsRefreshRate: '30s' });
  });

  it('ignores a refresh rate under 1ms with a Warning, as Gloo does', () => {
    const { cluster, status } = translate({ dnsRefreshRate: '0.0005s' });
    expect(status).toMatchObject({ state: 'Warning', reason: expect.stringContaining('dnsRefreshRate 0.0005s is below the 1ms minimum') });
    expect(cluster?.dnsRefreshRate).toBeUndefined();
  });

  it('rejects a refresh rate on a cluster of IP addresses, which never resolves names', () => {
    const { status } = translate({ ...byIp, dnsRefreshRate: '30s' });
    expect(status.state).toBe('Rejected');
    expect(status.reason).toContain('dnsRefreshRate is only valid for an upstream whose hosts are resolved by DNS');
  });
});
