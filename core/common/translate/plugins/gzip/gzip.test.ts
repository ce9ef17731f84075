import { describe, expect, it } from 'vitest';
import { re2FallbackValidator } from '../../regex';
import { gateway, translateGatewayAlone } from '../../testing/listeners';
import { httpListenerOptionIssues } from '../run-listener-plugins';
import { COMPRESSOR_FILTER, compressorConfig, gzipLibrary } from './gzip';

describe('gzip plugin', () => {
  it('adds the compressor filter with the gzip library first, so it compresses last on the way out', () => {
    const { hcm, status } = translateGatewayAlone(gateway({ httpGateway: { options: { gzip: { compressionLevel: 'SPEED' }, buffer: { maxRequestBytes: 10 } } } }));
    expect(status.state).toBe('Accepted');
    expect(hcm?.httpFilters?.map((f) => f.name)).toEqual([COMPRESSOR_FILTER, 'envoy.filters.http.buffer', 'envoy.filters.http.router']);
    expect(hcm?.httpFilters?.[0]?.typedConfig).toEqual({
      '@type': 'type.googleapis.com/envoy.extensions.filters.http.compressor.v3.Compressor',
      compressorLibrary: { name: 'envoy.compression.gzip.compressor', typedConfig: { '@type': 'type.googleapis.com/envoy.extensions.compression.gzip.compressor.v3.Gzip', compressionLevel: 'BEST_SPEED' } },
    });
  });

  it("maps Gloo's levels and strategies onto Envoy's, leaving the defaults out", () => {
    expect(gzipLibrary({ compressionLevel: 'BEST', compressionStrategy: 'HUFFMAN', memoryLevel: 9, windowBits: 12 })).toEqual({ compressionLevel: 'BEST_COMPRESSION', compressionStrategy: 'HUFFMAN_ONLY', memoryLevel: 9, windowBits: 12 });
    expect(gzipLibrary({ compressionLevel: 'DEFAULT', compressionStrategy: 'DEFAULT' })).toEqual({});
    expect(gzipLibrary({ compressionStrategy: 'RLE' })).toEqual({ compressionStrategy: 'RLE' });
  });

  it('puts the content rules in the response direction config', () => {
    const c = compressorConfig({ contentLength: 100, contentType: ['application/json'], disableOnEtagHeader: true, removeAcceptEncodingHeader: true });
    expect(c.responseDirectionConfig).toEqual({ commonConfig: { minContentLength: 100, contentType: ['application/json'] }, disableOnEtagHeader: true, removeAcceptEncodingHeader: true });
    expect(compressorConfig({}).responseDirectionConfig).toBeUndefined();
  });

  it("rejects a memory level or window size outside zlib's range", () => {
    const issues = httpListenerOptionIssues({ gzip: { memoryLevel: 0, windowBits: 16 } }, re2FallbackValidator);
    expect(issues.map((i) => i.message)).toEqual(['httpGateway.options.gzip.memoryLevel 0 is out of range: it must be 1 to 9', 'httpGateway.options.gzip.windowBits 16 is out of range: it must be 9 to 15']);
  });
});
