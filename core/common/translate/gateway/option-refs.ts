// Options kept in their own objects: a route's `optionsConfigRefs` names RouteOption objects and a
// virtual host's names VirtualHostOption objects. As Gloo's gateway translator does
// (projects/gateway/pkg/translator/converter.go, routeVisitor.visit; virtual_service_translator.go,
// mergeDelegatedVirtualHostOptions): the referenced objects are taken in order, each filling only the
// fields still empty (ShallowMerge), so options written inline win over every reference and an earlier
// reference wins over a later one; a reference that finds no object is a warning and is skipped.
// `targetRefs` attach these objects to Kubernetes Gateway API objects (Gloo's gateway2 translator),
// which Gloo's gateway translator of VirtualServices does not read.
import type { DelegateOptionsRefsJson } from '../../gen/gateway/api/v1/virtual_service_pb';
import type { RouteOptionsJson } from '../../gen/gloo/api/v1/route_options_pb';
import type { VirtualHostOptionsJson } from '../../gen/gloo/api/v1/virtual_host_options_pb';
import type { ApiSnapshot } from '../../snapshot/api-snapshot';
import type { Resource } from '../../model/resource';
import { refKey } from '../../model/resource';
import { describeKey } from '../names';
import type { Issue, ServedObject } from '../served';
import { mergeOptions, mergeVirtualHostOptions } from './route-merge';

/** The RouteOption and VirtualHostOption objects of a snapshot by refKey, with their content hashes. */
export interface OptionObjects {
  readonly routeOptions: ReadonlyMap<string, ServedObject<'RouteOption'>>;
  readonly virtualHostOptions: ReadonlyMap<string, ServedObject<'VirtualHostOption'>>;
}

/** No option objects. */
export const NO_OPTION_OBJECTS: OptionObjects = { routeOptions: new Map(), virtualHostOptions: new Map() };

/** The option objects of a snapshot. */
export function optionObjectsOf(snapshot: ApiSnapshot): OptionObjects {
  const index = <K extends 'RouteOption' | 'VirtualHostOption'>(list: readonly Resource<K>[]) =>
    new Map(list.map((r) => [refKey(r), { resource: r, hash: snapshot.objectHashes.get(refKey(r)) ?? '' }] as const));
  return { routeOptions: index(snapshot.objects.RouteOption), virtualHostOptions: index(snapshot.objects.VirtualHostOption) };
}

/** Whether a dependency key names an option object. */
export function isOptionObjectKey(key: string): boolean {
  return key.startsWith('RouteOption.') || key.startsWith('VirtualHostOption.');
}

/** The dependency value of an option object key: its content hash, or `missing`. */
export function optionObjectState(objects: OptionObjects, key: string): string {
  const o = key.startsWith('RouteOption.') ? objects.routeOptions.get(key) : objects.virtualHostOptions.get(key);
  return o?.hash ?? 'missing';
}

/** Options merged with the objects the references name, and a warning per reference that names none. */
export interface MergedOptions<T> {
  readonly options: T | undefined;
  readonly issues: readonly Issue[];
}

type Kind = 'RouteOption' | 'VirtualHostOption';

const NO_ISSUES: readonly Issue[] = [];

function mergeRefs<T>(kind: Kind, own: T | undefined, refs: DelegateOptionsRefsJson | undefined, find: (key: string) => T | undefined | null, merge: (own: T | undefined, referenced: T | undefined) => T | undefined, onRef: (key: string) => void): MergedOptions<T> {
  let options = own;
  const issues: Issue[] = [];
  (refs?.delegateOptions ?? []).forEach((ref, i) => {
    // Gloo's generated Find compares namespace and name as written: a reference without a namespace finds nothing.
    const key = refKey({ kind, namespace: ref.namespace ?? '', name: ref.name ?? '' });
    onRef(key);
    const found = find(key);
    if (found === null) {
      const hint = ref.namespace ? '' : ' (the reference names no namespace, and Gloo looks an object up by namespace and name as written)';
      issues.push({ severity: 'warning', message: `optionsConfigRefs.delegateOptions[${i}]: ${describeKey(key)} not found${hint}; its options are not applied` });
      return;
    }
    options = merge(options, found);
  });
  return { options, issues };
}

/** A route's options with the RouteOption objects it references (routeVisitor.visit: inline options win, then the references in order). */
export function routeOptionsWithRefs(own: RouteOptionsJson | undefined, refs: DelegateOptionsRefsJson | undefined, objects: OptionObjects, onRef: (key: string) => void): MergedOptions<RouteOptionsJson> {
  // Most routes reference no option object: their options stay as written.
  if (!refs?.delegateOptions?.length) return { options: own, issues: NO_ISSUES };
  const find = (key: string) => (objects.routeOptions.has(key) ? objects.routeOptions.get(key)!.resource.spec.options : null);
  // ShallowMergeRouteOptions(route's, referenced): the route's set fields stay.
  return mergeRefs('RouteOption', own, refs, find, (o, r) => mergeOptions(r, o), onRef);
}

/** A virtual host's options with the VirtualHostOption objects it references (mergeDelegatedVirtualHostOptions). */
export function virtualHostOptionsWithRefs(own: VirtualHostOptionsJson | undefined, refs: DelegateOptionsRefsJson | undefined, objects: OptionObjects, onRef: (key: string) => void): MergedOptions<VirtualHostOptionsJson> {
  const find = (key: string) => (objects.virtualHostOptions.has(key) ? objects.virtualHostOptions.get(key)!.resource.spec.options : null);
  return mergeRefs('VirtualHostOption', own, refs, find, mergeVirtualHostOptions, onRef);
}
