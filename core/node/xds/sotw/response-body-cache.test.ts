import { describe, expect, it } from 'vitest';
import { TYPE_URLS } from '../../../common/xds/xds-snapshot';
import { decodeDiscoveryResponse, encodeDiscoveryResponse } from '../discovery';
import { ResourceEncoder } from '../resource-encoder';
import { SotwResponseCache } from './response-body-cache';

const resources = [{ name: 'a_ns', version: 'v1', json: { clusterName: 'a_ns' } }];
const planned = { type: 'endpoint' as const, typeUrl: TYPE_URLS.endpoint, version: 'v1', controlPlane: 'xds-sandbox', resources };

describe('shared SotW response bodies', () => {
  it('a response with an appended nonce decodes exactly like one encoded whole', () => {
    const encoder = new ResourceEncoder();
    const bytes = new SotwResponseCache().response(encoder, planned, 'stream7-42');
    const whole = encodeDiscoveryResponse({
      versionInfo: 'v1', typeUrl: TYPE_URLS.endpoint, nonce: 'stream7-42', controlPlane: { identifier: 'xds-sandbox' },
      resources: [{ typeUrl: TYPE_URLS.endpoint, value: encoder.encode('endpoint', resources[0]) }],
    });
    expect(decodeDiscoveryResponse(bytes)).toEqual(decodeDiscoveryResponse(whole));
  });

  it('streams sharing a version share one encoding of the resources', () => {
    const encoder = new ResourceEncoder();
    const cache = new SotwResponseCache();
    for (let i = 0; i < 100; i++) expect(decodeDiscoveryResponse(cache.response(encoder, planned, `s${i}-1`)).nonce).toBe(`s${i}-1`);
    expect(encoder.stats()).toMatchObject({ encoded: 1, cacheHits: 0 });
  });
});
