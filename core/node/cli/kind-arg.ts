// The KIND argument of get/delete, and finding an object by name when no namespace is given.
import { findKind, KINDS, type KindInfo } from '../../common/model/kinds';
import { ALL_NAMESPACES, type ResourceStore } from '../../common/store/resource-client';
import type { Resource } from '../../common/model/resource';
import { StoreError } from '../../common/model/errors';
import { UsageError } from './exit-codes';

/** The kind named by its kind, plural or short name (case-insensitive), or a UsageError listing the kinds. */
export function parseKindArg(value: string): KindInfo {
  const k = findKind(value);
  if (!k) throw new UsageError(`unknown kind "${value}"; kinds: ${KINDS.map((x) => `${x.kind} (${x.shortName})`).join(', ')}`);
  return k;
}

/** The object named `name` in `namespace`, or in whichever single namespace has it when namespace is undefined. */
export async function findByName(store: ResourceStore, k: KindInfo, name: string, namespace?: string): Promise<Resource> {
  const client = store.client(k.kind);
  if (namespace) return client.read(namespace, name);
  const matches = (await client.list(ALL_NAMESPACES)).filter((r) => r.metadata.name === name);
  if (matches.length === 0) throw new StoreError('NotFound', `${k.kind} "${name}" not found in any namespace`);
  if (matches.length > 1) {
    throw new UsageError(`${k.kind} "${name}" exists in several namespaces (${matches.map((m) => m.metadata.namespace).join(', ')}); pick one with -n`);
  }
  return matches[0];
}
