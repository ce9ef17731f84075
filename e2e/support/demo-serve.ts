// Runs `serve` on a temporary copy of the demo config (fixtures/demo), as teaching mode and the tour expect it.
import { cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, startServeOn, type ServeRun } from './serve';

/** Starts serve on a fresh copy of fixtures/demo. */
export async function startDemoServe(): Promise<ServeRun> {
  const dir = await mkdtemp(join(tmpdir(), 'xds-e2e-demo-'));
  await cp(join(ROOT, 'fixtures', 'demo'), dir, { recursive: true });
  return startServeOn(dir);
}
