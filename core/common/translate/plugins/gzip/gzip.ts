// Response compression, after Gloo's gzip plugin (projects/gloo/pkg/plugins/gzip/plugin.go: HttpFilters,
// glooToEnvoyCompressor, glooToEnvoyGzip): `httpGateway.options.gzip` becomes Envoy's compressor filter
// with the gzip library. Gloo puts it in the fault stage, first on the request path, so it is last on
// the response path and compresses what every other filter wrote. Gloo fills the compressor's
// top-level content fields, which Envoy has deprecated for the same fields of response_direction_config;
// the sandbox writes those.
import type { GzipJson as GlooGzip } from '../../../gen/gloo/api/external/envoy/config/filter/http/gzip/v2/gzip_pb';
import type { CompressorJson } from '../../../gen/envoy/envoy/extensions/filters/http/compressor/v3/compressor_pb';
import type { GzipJson } from '../../../gen/envoy/envoy/extensions/compression/gzip/compressor/v3/gzip_pb';
import { packAny, typeUrl } from '../../../xds/envoy-any';
import type { Issue } from '../../served';
import type { CheckContext, Plugin } from '../plugin';
import { FilterStage } from '../plugin';

/** Name of Envoy's compressor HTTP filter. */
export const COMPRESSOR_FILTER = 'envoy.filters.http.compressor';
/** Name of the gzip compressor library extension. */
export const GZIP_LIBRARY = 'envoy.compression.gzip.compressor';
const COMPRESSOR_TYPE = typeUrl<CompressorJson>('envoy.extensions.filters.http.compressor.v3.Compressor');
const GZIP_TYPE = typeUrl<GzipJson>('envoy.extensions.compression.gzip.compressor.v3.Gzip');

const LEVELS = { DEFAULT: undefined, BEST: 'BEST_COMPRESSION', SPEED: 'BEST_SPEED' } as const;
const STRATEGIES = { DEFAULT: undefined, FILTERED: 'FILTERED', HUFFMAN: 'HUFFMAN_ONLY', RLE: 'RLE' } as const;

/** Envoy's gzip library config of Gloo's gzip options (defaults left out). */
export function gzipLibrary(g: GlooGzip): GzipJson {
  const out: GzipJson = {};
  if (g.memoryLevel !== undefined) out.memoryLevel = g.memoryLevel;
  const level = LEVELS[g.compressionLevel ?? 'DEFAULT'];
  if (level) out.compressionLevel = level;
  const strategy = STRATEGIES[g.compressionStrategy ?? 'DEFAULT'];
  if (strategy) out.compressionStrategy = strategy;
  if (g.windowBits !== undefined) out.windowBits = g.windowBits;
  return out;
}

/** Envoy's compressor filter config of Gloo's gzip options. */
export function compressorConfig(g: GlooGzip): CompressorJson {
  const common: NonNullable<NonNullable<CompressorJson['responseDirectionConfig']>['commonConfig']> = {};
  if (g.contentLength !== undefined) common.minContentLength = g.contentLength;
  if (g.contentType?.length) common.contentType = [...g.contentType];
  const response: NonNullable<CompressorJson['responseDirectionConfig']> = {};
  if (Object.keys(common).length) response.commonConfig = common;
  if (g.disableOnEtagHeader) response.disableOnEtagHeader = true;
  if (g.removeAcceptEncodingHeader) response.removeAcceptEncodingHeader = true;
  const out: CompressorJson = { compressorLibrary: { name: GZIP_LIBRARY, typedConfig: packAny(GZIP_TYPE, gzipLibrary(g)) } };
  if (Object.keys(response).length) out.responseDirectionConfig = response;
  return out;
}

function range(ctx: CheckContext, field: string, v: number | undefined, lo: number, hi: number): Issue[] {
  if (v === undefined || (v >= lo && v <= hi)) return [];
  return [{ severity: 'error', message: `${ctx.field}.gzip.${field} ${v} is out of range: it must be ${lo} to ${hi}` }];
}

function checkGzip(g: GlooGzip | undefined, ctx: CheckContext): Issue[] {
  if (!g) return [];
  // Envoy's gzip library rules: zlib's memLevel 1-9 and windowBits 9-15.
  return [...range(ctx, 'memoryLevel', g.memoryLevel, 1, 9), ...range(ctx, 'windowBits', g.windowBits, 9, 15)];
}

/** The gzip plugin. */
export const gzipPlugin: Plugin = {
  name: 'gzip',
  httpListenerOptions: ['gzip'],
  checkHttpListener: (o, ctx) => checkGzip(o.gzip, ctx),
  listenerHttpFilters: (o) => (o.gzip ? [{ stage: FilterStage.Fault, filter: { name: COMPRESSOR_FILTER, typedConfig: packAny(COMPRESSOR_TYPE, compressorConfig(o.gzip)) } }] : []),
};
