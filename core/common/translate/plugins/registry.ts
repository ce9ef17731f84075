// Every feature plugin, one line each. Order matters only among plugins that write the same Envoy
// field; HTTP filters are ordered by their stage, then by this list.
import type { Plugin } from './plugin';
import { corsPlugin } from './cors/cors';
import { faultsPlugin } from './faults/faults';
import { headersPlugin } from './headers/headers';
import { hostRewritePlugin } from './host-rewrite/host-rewrite';
import { prefixRewritePlugin } from './prefix-rewrite/prefix-rewrite';
import { retriesPlugin } from './retries/retries';
import { timeoutPlugin } from './timeout/timeout';

/** The registered plugins. */
export const PLUGINS: readonly Plugin[] = [
  faultsPlugin,
  corsPlugin,
  headersPlugin,
  prefixRewritePlugin,
  hostRewritePlugin,
  timeoutPlugin,
  retriesPlugin,
];
