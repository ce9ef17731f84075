// Starts an xDS server over a fresh snapshot cache for a test, and polls for conditions.
import { SnapshotCache } from '../snapshot-cache';
import { startXdsServer, type XdsServerHandle, type XdsServerOptions } from '../xds-server';

/** A running server with its cache. */
export interface TestServer {
  cache: SnapshotCache;
  server: XdsServerHandle;
  port: number;
  close(): Promise<void>;
}

/** Starts a server on a free port; options are passed through (cache excluded). */
export async function startTestServer(options: Omit<XdsServerOptions, 'cache'> & { now?: () => number } = {}): Promise<TestServer> {
  const cache = new SnapshotCache({ now: options.now });
  const server = await startXdsServer({ ...options, cache, shutdownGraceMs: 500 });
  return { cache, server, port: server.port, close: () => server.close() };
}

/** Polls until check (sync or async) gives a truthy value and returns it; throws after timeoutMs. */
export async function waitFor<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 5000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
