// The guided tour over the demo config: one change stepped stage by stage, a bad edit, the last good version
// kept in the xDS, and the fix. Edits go through EngineApi.saveYaml, keeping the file's comments.
import { parseDocument } from 'yaml';
import type { EngineApi } from '../../../core/common/api/contract';

/** The demo VirtualService the tour edits. */
export const TOUR_OBJECT = { kind: 'VirtualService', namespace: 'gloo-system', name: 'petstore' } as const;

/** One step: what to read, and an optional action with its button label. */
export interface TourStep {
  readonly title: string;
  readonly text: string;
  /** The view the step shows. */
  readonly hash: string;
  readonly action?: { readonly label: string; run(api: EngineApi, pause: (p: boolean) => Promise<void>): Promise<void> };
}

/** A change to one route: fields to set (path below the route → value) and fields to delete. */
interface RouteEdit {
  readonly set: readonly [readonly (string | number)[], unknown][];
  readonly remove?: readonly (readonly (string | number)[])[];
}

/** Edits the petstore route named `route`, keeping the rest of the YAML text (and its comments) as it is. */
async function editRoute(api: EngineApi, route: string, edit: RouteEdit): Promise<void> {
  const current = await api.getResource(TOUR_OBJECT);
  const doc = parseDocument(current.yaml);
  const routes = doc.getIn(['spec', 'virtualHost', 'routes']) as { items: { get(k: string): unknown }[] } | undefined;
  const index = routes?.items.findIndex((r) => r.get('name') === route) ?? -1;
  if (index < 0) throw new Error(`the demo VirtualService has no route named ${route}; the tour needs the demo config`);
  const at = ['spec', 'virtualHost', 'routes', index];
  for (const path of edit.remove ?? []) doc.deleteIn([...at, ...path]);
  for (const [path, value] of edit.set) doc.setIn([...at, ...path], value);
  const saved = await api.saveYaml(doc.toString());
  if (!saved.ok) throw new Error(saved.problems.map((p) => p.message).join('; '));
}

/** Pauses the loop (so the edit waits as a pending change), then edits. */
async function pauseThenEdit(api: EngineApi, pause: (p: boolean) => Promise<void>, route: string, edit: RouteEdit): Promise<void> {
  await pause(true);
  await editRoute(api, route, edit);
}

const WEIGHT = (i: number) => ['routeAction', 'multi', 'destinations', i, 'weight'];
const CANARY_MATCH = ['matchers', 0];

/** The tour's steps, in order. */
export const TOUR_STEPS: readonly TourStep[] = [
  {
    title: 'The reconcile loop', hash: '#/teach',
    text: 'Every change to the store runs through this pipeline: a snapshot of every object, the gateway stage that turns Gateways and VirtualServices into Proxies, the gloo stage that turns Proxies into Envoy xDS, and the clients that ACK or NACK it.',
  },
  {
    title: 'Pause the loop', hash: '#/teach',
    text: 'Paused, the loop keeps watching the store but runs nothing until you step. Changes wait as a pending change.',
    action: { label: 'Pause', run: (_api, pause) => pause(true) },
  },
  {
    title: 'Make a change', hash: '#/teach',
    text: 'This shifts the pets route from 90/10 to 80/20 between petstore-v1 and petstore-v2. The header then shows the pending change.',
    action: { label: 'Change the canary split', run: (api, pause) => pauseThenEdit(api, pause, 'pets', { set: [[WEIGHT(0), 80], [WEIGHT(1), 20]] }) },
  },
  {
    title: 'Step stage by stage', hash: '#/teach',
    text: 'Press Space (or Step stage) four times: the snapshot diff shows the weights you changed, the Proxy diff the same change in the generated Proxy, the xDS diff the new weighted clusters, and the last stage which clients ACKed.',
  },
  {
    title: 'A bad edit', hash: '#/teach',
    text: 'This gives the canary route the regex /api/(pets, whose parenthesis never closes. Step through it: the VirtualService is Rejected with the reason, and the xDS diff is empty.',
    action: { label: 'Make the bad edit', run: (api, pause) => pauseThenEdit(api, pause, 'canary-header', { remove: [[...CANARY_MATCH, 'prefix']], set: [[[...CANARY_MATCH, 'regex'], '/api/(pets']] }) },
  },
  {
    title: 'The last good version is kept', hash: '#/resources',
    text: 'A rejected object never takes traffic down: the clients keep the last version that was accepted, while the object shows Rejected and why.',
  },
  {
    title: 'Fix it', hash: '#/teach',
    text: 'This puts the prefix /api/pets back. Step again: the VirtualService is Accepted and the xDS is what it was.',
    action: { label: 'Fix the edit', run: (api, pause) => pauseThenEdit(api, pause, 'canary-header', { remove: [[...CANARY_MATCH, 'regex']], set: [[[...CANARY_MATCH, 'prefix'], '/api/pets']] }) },
  },
  {
    title: 'Done', hash: '#/timeline',
    text: 'Every pass you stepped is in the timeline, with its input diff beside its xDS diff. Resume the loop to go back to live reconciling.',
    action: { label: 'Resume the loop', run: (_api, pause) => pause(false) },
  },
];
