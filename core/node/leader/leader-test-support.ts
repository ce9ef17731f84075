// Test support for the leader election tests: watching several electors for two leaders at once.
import { expect } from 'vitest';
import { sleep } from '../store/store-test-helpers';
import type { LeaderElector } from './leader-elector';

/** Samples the electors until `until` holds and returns how long that took; fails if two ever lead at once, or after timeoutMs. */
export async function neverTwoLeaders(electors: readonly LeaderElector[], until: () => boolean, timeoutMs: number): Promise<number> {
  const t0 = Date.now();
  while (!until()) {
    expect(electors.filter((e) => e.isLeader()).length).toBeLessThanOrEqual(1);
    if (Date.now() - t0 > timeoutMs) throw new Error(`no new leader within ${timeoutMs} ms`);
    await sleep(20);
  }
  return Date.now() - t0;
}
