// Starts discovery over a store: reads the Settings in force (the one named `default`, else the first),
// builds the loop, and follows Settings changes. The engine runs one beside the gateway loop; the
// `discover` command runs one once.
import { discoveryConfig, type SourceKind } from '../../common/discovery/discovery-config';
import type { DiscoveryView } from '../../common/discovery/discovery-view';
import type { ObjectKey } from '../../common/api/contract';
import type { Resource } from '../../common/model/resource';
import type { ApiSnapshot } from '../../common/snapshot/api-snapshot';
import { ALL_NAMESPACES, type ResourceStore } from '../../common/store/resource-client';
import { DiscoveryLoop } from './discovery-loop';
import { CauseTracker, discoveryView } from './discovery-report';
import type { SourceContext } from './sources/registry';

/** How to start discovery. */
export interface StartDiscoveryOptions {
  readonly store: ResourceStore;
  /** `--discovery`: source kinds, `off`, or undefined to follow Settings. */
  readonly flag?: readonly SourceKind[] | 'off';
  readonly sourceContext?: SourceContext;
  readonly log?: (line: string) => void;
}

/** A running discovery loop, as the engine uses it. */
export interface DiscoveryHandle {
  readonly loop: DiscoveryLoop;
  view(): DiscoveryView;
  adopt(key: ObjectKey): Promise<ObjectKey>;
  /** The cause to give the gateway pass over this snapshot, when it is discovery's writes. */
  triggerOf(snapshot: ApiSnapshot): string | undefined;
  /** Tells discovery a gateway pass finished (to link it to the discovery pass it came from). */
  notePass(pass: { readonly id: number; readonly trigger: string; readonly published: Readonly<Record<string, string>> }): void;
  close(): void;
}

/** Discovery that runs only while this instance leads: view() and adopt() of the running loop, else of none. */
export interface LeaderDiscovery {
  /** The running discovery, undefined while following (or off). */
  current(): DiscoveryHandle | undefined;
  /** Starts discovery (leading) or stops it (following); resolves once started, rejects when it cannot start. */
  lead(leading: boolean): Promise<void>;
  close(): void;
}

/**
 * Gloo runs discovery as its own deployment of one replica (install/helm/gloo/templates/3-discovery-deployment.yaml;
 * RunUDS in projects/discovery/pkg/uds/syncer/setup_syncer.go takes part in no election): one writer of the Upstreams it
 * owns. So of the instances serving one store only the leader runs it; two would undo each other's writes. A follower
 * that takes over starts it; a leader that steps down stops it.
 */
export function leaderDiscovery(o: StartDiscoveryOptions): LeaderDiscovery {
  let running: DiscoveryHandle | undefined;
  let leading = false;
  let closed = false;
  let calls = 0;
  return {
    current: () => running,
    async lead(on) {
      const changed = calls++ > 0; // a change after the start is logged; the start, the leader line tells
      if (on === leading || closed) return;
      leading = on;
      if (!on) {
        if (running && changed) o.log?.('discovery: stopped; the leader of this store runs it');
        running?.close();
        running = undefined;
        return;
      }
      const started = await startDiscovery(o);
      if (leading && !closed) {
        running = started;
        if (changed) o.log?.('discovery: runs on this instance, the new leader');
      } else started.close(); // stepped down or closed while starting
    },
    close() {
      closed = true;
      running?.close();
      running = undefined;
    },
  };
}

/** The Settings Gloo reads: the one named `default` (first by namespace), else the first. */
export function settingsInForce(list: readonly Resource<'Settings'>[]): Resource<'Settings'> | undefined {
  const sorted = [...list].sort((a, b) => a.metadata.namespace.localeCompare(b.metadata.namespace) || a.metadata.name.localeCompare(b.metadata.name));
  return sorted.find((s) => s.metadata.name === 'default') ?? sorted[0];
}

/** Reads Settings once, starts the loop, and reconfigures it whenever Settings change. */
export async function startDiscovery(o: StartDiscoveryOptions): Promise<DiscoveryHandle> {
  const settings = settingsInForce(await o.store.client('Settings').list(ALL_NAMESPACES));
  const loop = new DiscoveryLoop({ store: o.store, config: discoveryConfig(settings?.spec, o.flag), ...(o.sourceContext ? { sourceContext: o.sourceContext } : {}), ...(o.log ? { log: o.log } : {}) });
  for (const p of loop.config.problems) o.log?.(`discovery: ${p}`);
  loop.start();
  const watch = o.store.client('Settings').watch(ALL_NAMESPACES, (list) => loop.reconfigure(discoveryConfig(settingsInForce(list)?.spec, o.flag)));
  const causes = new CauseTracker(loop);
  return {
    loop,
    view: () => discoveryView(loop),
    adopt: async (key) => {
      const u = await loop.adopt(key.namespace, key.name);
      return { kind: 'Upstream', namespace: u.metadata.namespace, name: u.metadata.name };
    },
    triggerOf: (s) => causes.triggerOf(s),
    notePass: (p) => causes.notePass(p),
    close: () => {
      watch.stop();
      loop.close();
    },
  };
}
