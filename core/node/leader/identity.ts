// This instance's identity in a leader election.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { LeaderInfo } from './leader-elector';

/** A new identity for this process: a random id, the host name, the pid and the time now. */
export function newLeaderIdentity(label?: string): LeaderInfo {
  return { id: randomBytes(8).toString('hex'), hostname: hostname(), pid: process.pid, since: new Date().toISOString(), ...(label ? { label } : {}) };
}
