import { describe, expect, it } from 'vitest';
import { TYPE_URLS } from '../../common/xds/xds-snapshot';
import { encodeDeltaDiscoveryRequest, encodeDiscoveryRequest } from './discovery';
import { deltaNameFields, oversized, sotwNameFields } from './name-count';

const names = (n: number) => Array.from({ length: n }, (_, i) => `name-${i}`);

describe('counting the names of an undecoded request', () => {
  it('a SotW request over the limit is read as oversized with its type URL and count; one at the limit is not', () => {
    const node = { id: 'n', cluster: 'c', metadata: { role: 'a~b' } };
    const over = encodeDiscoveryRequest({ node, typeUrl: TYPE_URLS.listener, resourceNames: names(11), versionInfo: 'v', responseNonce: 'x' });
    expect(oversized(over, sotwNameFields(), 10)).toEqual({ oversized: true, typeUrl: TYPE_URLS.listener, names: 11 });
    expect(oversized(encodeDiscoveryRequest({ typeUrl: TYPE_URLS.listener, resourceNames: names(10) }), sotwNameFields(), 10)).toBeUndefined();
  });

  it('a delta request counts subscribed, unsubscribed and initially held names together', () => {
    const req = encodeDeltaDiscoveryRequest({
      typeUrl: TYPE_URLS.endpoint,
      resourceNamesSubscribe: names(4),
      resourceNamesUnsubscribe: names(3),
      initialResourceVersions: Object.fromEntries(names(4).map((n) => [n, 'v1'])),
    });
    expect(oversized(req, deltaNameFields(), 10)).toMatchObject({ typeUrl: TYPE_URLS.endpoint, names: 11 });
    expect(oversized(req, deltaNameFields(), 11)).toBeUndefined();
  });

  it('bytes that are not a request are left for the decoder to report', () => {
    expect(oversized(Uint8Array.from([0x0a, 0xff, 0xff, 0xff]), sotwNameFields(), 0)).toBeUndefined();
  });
});
