// Picks the leader elector of a store by its scheme: an etcd lease on etcd:, a lock file for YAML folders and SQLite
// files, none needed for memory: and git: (one instance only). A table, so another kind of store is one more entry.
import { StorageError } from '../../common/model/errors';
import { stateDir } from '../engine/serve-state';
import { EtcdKeys } from '../store/etcd-keys';
import { parseEtcdSpec } from '../store/etcd-spec';
import { storeScheme } from '../store/open-store';
import type { LeaderElectionOptions, LeaderElector } from './leader-elector';
import { LockElector, SoloElector } from './lock-elector';

/** Makes the elector of a store from its whole spec and what follows its scheme (`http://...` of `etcd:http://...`). */
export type ElectorFactory = (storeSpec: string, rest: string, opts: LeaderElectionOptions) => LeaderElector | Promise<LeaderElector>;

/** The lock elector of a store kept on this machine (a folder, or a SQLite file). */
function lockElector(storeSpec: string, _rest: string, opts: LeaderElectionOptions): LeaderElector {
  const dir = stateDir(storeSpec);
  if (!dir) throw new StorageError(`${storeSpec}: no state folder to hold the serve lock`);
  return new LockElector(dir, opts);
}

/** Electors by store scheme; a scheme not listed has a single instance, which leads. The etcd and Kubernetes clients load
 * only when their store is used (together they cost ~1 s and ~80 MB to load). */
export const LEADER_ELECTORS: Readonly<Record<string, ElectorFactory>> = {
  sqlite: lockElector,
  etcd: async (_spec, rest, opts) => {
    const { endpoints, prefix } = parseEtcdSpec(rest);
    const [{ EtcdLeaseElector }, { newEtcdClient }] = await Promise.all([import('./etcd-lease'), import('../store/etcd-client')]);
    return new EtcdLeaseElector(newEtcdClient(endpoints), new EtcdKeys(prefix).election(), { ...opts, closeClient: true });
  },
  kube: async (_spec, rest, opts) => {
    const [{ KubeLeaseElector }, { parseKubeSpec }] = await Promise.all([import('./kube-lease'), import('../store/kube-store')]);
    return new KubeLeaseElector({ ...opts, ...parseKubeSpec(rest) });
  },
};

/** The leader elector of the store a spec names (a folder path when it has no scheme); not started yet. */
export async function newLeaderElector(storeSpec: string, opts: LeaderElectionOptions = {}): Promise<LeaderElector> {
  const scheme = storeScheme(storeSpec);
  if (scheme === undefined) return lockElector(storeSpec, storeSpec, opts);
  const factory = LEADER_ELECTORS[scheme];
  return factory ? factory(storeSpec, storeSpec.slice(scheme.length + 1), opts) : new SoloElector(opts);
}
